/**
 * DNS rebinding, as an attacker's page would try it: real HTTP requests with a forged Host against a
 * started sandbox. Only localhost, 127.0.0.1 and [::1] (bare or with the sandbox's port, any case)
 * are answered; everything else gets 421 on every route, the event stream included, with a
 * plain-text body naming the accepted hosts, and the message store is not read.
 */
import * as http from 'node:http';
import nodemailer from 'nodemailer';
import type { SandboxRecord } from '../../../lib/local';
import { api, smtpOptions, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let id: string;
const SUBJECT = 'quarterly-secret-7f3a';
beforeAll(async () => {
  t = await startTestSandbox();
  await nodemailer
    .createTransport(smtpOptions(t.sandbox))
    .sendMail({ from: 'partner@outside.example', to: 'ceo@corp.example', subject: SUBJECT, text: 'the numbers' });
  id = (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages[0]!.id;
});
afterAll(() => t.cleanup());
afterEach(() => jest.restoreAllMocks());

interface Reply {
  status: number;
  type: string;
  body: string;
}

/**
 * One request; `host` undefined sends no Host header at all. The body is read until it ends, holds
 * `until`, or 3 s passed (an event stream left open).
 */
function request(host: string | undefined, path: string, method = 'GET', until?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = host === undefined ? {} : { host };
    const req = http.request({ host: '127.0.0.1', port: t.sandbox.httpPort, path, method, headers, setHost: false, agent: false });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      const done = () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body });
      const timer = setTimeout(() => {
        res.destroy();
        done();
      }, 3000);
      res.on('data', (c: Buffer) => {
        body += c.toString();
        if (until !== undefined && body.includes(until)) {
          clearTimeout(timer);
          res.destroy();
          done();
        }
      });
      res.on('end', () => {
        clearTimeout(timer);
        done();
      });
    });
    req.end();
  });
}

const PORT = () => t.sandbox.httpPort;
/** The Host forms (PORT: the sandbox's port, OTHER: another one; null: no Host header at all). */
const REFUSED: (string | null)[] = [
  'evil.example',
  'evil.example:PORT',
  '127.0.0.1.evil.example',
  '127.0.0.1.evil.example:PORT',
  'localhost.',
  'localhost.:PORT',
  'localhost.evil.example',
  'evil.localhost',
  'localhost:OTHER',
  'localhost:0PORT',
  '127.1:PORT',
  '2130706433:PORT',
  '',
  null,
  '::1',
  '::1:PORT',
  '[0:0:0:0:0:0:0:1]:PORT',
  '[::ffff:127.0.0.1]:PORT',
  '[::1].evil.example',
  '127.0.0.1:PORT@evil.example',
  'localhost, evil.example',
];
const hostOf = (form: string | null) =>
  form === null ? undefined : form.replace('OTHER', String(PORT() + 1)).replace('PORT', String(PORT()));
const routes = () => [
  '/',
  '/api/messages',
  `/api/messages/${id}`,
  `/api/messages/${id}/eml`,
  `/api/messages/${id}/delivered.eml`,
  `/messages/${id}`,
  '/app.js',
  '/api/events',
  '/nope',
];

/** A refusal: 421, plain text naming the accepted hosts, nothing of the message. */
function expectRefused(r: Reply): void {
  expect(r.status).toBe(421);
  expect(r.type).toBe('text/plain; charset=utf-8');
  expect(r.body).toContain('localhost, 127.0.0.1 or [::1]');
  for (const secret of [SUBJECT, id, 'partner@outside.example', 'ceo@corp.example', 'the numbers', 'data:']) {
    expect(r.body).not.toContain(secret);
  }
}

test.each(REFUSED.map((f) => [f === null ? '(none)' : JSON.stringify(f), f] as const))(
  'Host %s: 421 on every route, the event stream included, and the store is not read',
  async (_name, form) => {
    const host = hostOf(form);
    const list = jest.spyOn(t.sandbox.store, 'list');
    const get = jest.spyOn(t.sandbox.store, 'get');
    for (const path of routes()) expectRefused(await request(host, path));
    expect(list).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
  },
);

test('a forged Host is refused before the method and the path are looked at (POST, HEAD, an absolute URL)', async () => {
  expectRefused(await request('evil.example', '/api/messages', 'POST'));
  expect((await request('evil.example', '/api/messages', 'HEAD')).status).toBe(421);
  expectRefused(await request('evil.example', `http://127.0.0.1:${PORT()}/api/messages`));
});

test('a refused event stream is closed at once and gets no later message; an accepted one gets it', async () => {
  const accepted = request('localhost', '/api/events', 'GET', `${SUBJECT}-2`);
  const stream = request('evil.example', '/api/events');
  await new Promise((r) => setTimeout(r, 200));
  await nodemailer
    .createTransport(smtpOptions(t.sandbox))
    .sendMail({ from: 'partner@outside.example', to: 'ceo@corp.example', subject: `${SUBJECT}-2`, text: 'more' });
  const r = await stream;
  expectRefused(r);
  expect(r.body).not.toContain('data:');
  expect((await accepted).body).toMatch(new RegExp(`^data: .*"subject":"${SUBJECT}-2"`, 'm'));
});

test.each([
  ['localhost'],
  ['localhost:PORT'],
  ['LOCALHOST:PORT'],
  ['LocalHost'],
  ['127.0.0.1'],
  ['127.0.0.1:PORT'],
  ['[::1]'],
  ['[::1]:PORT'],
])('Host %s is answered', async (form) => {
  const host = hostOf(form);
  const list = await request(host, '/api/messages');
  expect(list.status).toBe(200);
  expect(list.body).toContain(SUBJECT);
  const page = await request(host, '/');
  expect(page.status).toBe(200);
  expect(page.body).toContain(SUBJECT);
  const events = await request(host, '/api/events', 'GET', ': connected');
  expect(events.status).toBe(200);
  expect(events.type).toBe('text/event-stream');
  expect(events.body).toContain(': connected');
});
