/** The sandbox records the metrics each synchronous invocation would emit, and serves them with the record. */
import nodemailer from 'nodemailer';
import type { SandboxRecord } from '../../lib/local';
import { api, smtpOptions, startTestSandbox, type TestSandbox } from './sandbox/helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.cleanup());

test('a message through the sandbox: its record carries Invocations, Decisions and Rewrites of the inbound function', async () => {
  await nodemailer
    .createTransport(smtpOptions(t.sandbox))
    .sendMail({ from: 'dave@outside.example', to: 'erin@corp.example', subject: 'Quote', text: 'Our offer.' });
  const newest = (await api<{ messages: SandboxRecord[] }>(t.sandbox, '/api/messages')).messages[0]!;
  const r = await api<SandboxRecord>(t.sandbox, `/api/messages/${newest.id}`);
  const m = r.metrics ?? [];
  const one = (name: string, dims: Record<string, string> = {}) =>
    m.filter((x) => x.name === name && Object.entries(dims).every(([k, v]) => x.dimensions[k] === v)).reduce((s, x) => s + x.value, 0);
  expect(one('Invocations', { Function: 'inbound', Direction: 'INBOUND' })).toBe(1);
  expect(one('Decisions', { Action: 'DEFAULT' })).toBe(1);
  expect(one('Rewrites', { Outcome: 'rewritten' })).toBe(1);
  expect(JSON.stringify(m)).not.toContain('erin@corp.example');
  expect(t.logs.some((l) => '_aws' in l)).toBe(false);
});
