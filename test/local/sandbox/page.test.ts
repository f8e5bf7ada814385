/**
 * The web page in a real headless browser: the list shows a sent message, its page shows each
 * recipient's action and rule and the rewrite diff, the filters narrow the list, and a second
 * message appears without a reload (server-sent events). Then the list as plain HTML (no browser):
 * rendered on the server, escaped, filtered by the query, and marking failed asynchronous functions.
 */
import * as path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, Page } from 'puppeteer-core';
import { functionsFromCdkJson } from '../../../bin/commands/replay';
import type { SandboxRecord } from '../../../lib/local';
import { launchChromium } from './browser';
import { api, FIXTURES, ROOT, smtpOptions, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
let chromium: { browser: Browser; close(): Promise<void> };
let page: Page;
beforeAll(async () => {
  t = await startTestSandbox();
  chromium = await launchChromium();
  page = await chromium.browser.newPage();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await t.cleanup();
});

const send = (mail: SendMailOptions) => nodemailer.createTransport(smtpOptions(t.sandbox)).sendMail(mail);
const rows = () => page.$$eval('#messages tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
/** The number of rows in the list is n (evaluated in the page: this file has no DOM types). */
const listHas = (n: number) => page.waitForFunction(`document.querySelectorAll('#messages tr').length === ${n}`, { timeout: 10_000 });

test('the list, a message page with actions and the rewrite diff, filters, and a live update', async () => {
  page.setDefaultTimeout(10_000);
  await send({
    from: 'partner@outside.example',
    to: ['ceo@corp.example', 'contractor@corp.example'],
    subject: 'Proposal',
    text: 'Please sign.',
  });
  await page.goto(`http://127.0.0.1:${t.sandbox.httpPort}/`, { timeout: 10_000 });
  await page.waitForSelector('#messages tr', { timeout: 10_000 });
  const first = await rows();
  expect(first).toHaveLength(1);
  expect(first[0]).toContain('Proposal');
  expect(first[0]).toContain('ceo@corp.example: DEFAULT');
  expect(first[0]).toContain('contractor@corp.example: DROP');

  // a second message appears without reload
  const marker = await page.evaluate('window.marker = 42');
  await send({ from: 'colleague@corp.example', to: 'ceo@corp.example', subject: 'Second one', text: 'Hi.' });
  await listHas(2);
  expect(await page.evaluate('window.marker')).toBe(marker);
  expect((await rows())[0]).toContain('Second one');

  // filters: by action and by recipient
  await page.select('select[name=action]', 'DROP');
  await listHas(1);
  expect((await rows())[0]).toContain('Proposal');
  await page.select('select[name=action]', '');
  await page.type('input[name=recipient]', 'contractor@');
  await listHas(1);
  expect((await rows())[0]).toContain('Proposal');

  // the message page
  await Promise.all([page.waitForNavigation({ timeout: 10_000 }), page.click('#messages tr a')]);
  const outcomes = await page.$$eval('#outcomes tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
  );
  expect(outcomes).toEqual([
    ['ceo@corp.example', 'DEFAULT', 'legal-copy'],
    ['contractor@corp.example', 'DROP', 'contractors-internal-only'],
    ['legal@corp.example (added)', 'DEFAULT', '-'],
  ]);
  const removed = await page.$$eval('#diff .del', (els) => els.map((e) => e.textContent));
  const added = await page.$$eval('#diff .add', (els) => els.map((e) => e.textContent));
  expect(removed).toContain('- Subject: Proposal');
  expect(added).toContain('+ Subject: [EXTERNAL] Proposal');
  expect(added.join('\n')).toContain('This message came from outside corp.example.');
  expect(await page.$eval('#trace', (e) => e.textContent)).toContain(
    'contractor@corp.example: watch-invoices no-match (audit), block-bad-domain no-match, contractors-internal-only match',
  );
  expect(await page.$eval('#raw', (e) => e.textContent)).toContain('Please sign.');
  const href = await page.$eval('#download', (a) => (a as unknown as { href: string }).href);
  const eml = await (await fetch(href)).text();
  expect(eml).toContain('Subject: Proposal');
});

describe('the list as HTML, without JavaScript', () => {
  // the repo's functions plus an asynchronous one that throws (audit-log, the repo's own, succeeds)
  const functions = [
    ...(functionsFromCdkJson(ROOT) ?? []),
    { name: 'async-throws', entry: path.join(FIXTURES, 'throws.ts'), direction: 'INBOUND' as const, rule: 'async' as const },
  ];
  let s: TestSandbox;
  beforeAll(async () => {
    s = await startTestSandbox({ functions });
  });
  afterAll(() => s.cleanup());
  const html = async (p: string) => {
    const res = await fetch(`http://127.0.0.1:${s.sandbox.httpPort}${p}`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const mail = (m: SendMailOptions) => nodemailer.createTransport(smtpOptions(s.sandbox)).sendMail(m);
  const XSS = '<img src=x onerror=alert(1)>';

  test('the page lists each message on the server: subject, sender, outcomes, escaped', async () => {
    expect(await html('/')).toContain('No messages yet');
    await mail({ from: 'partner@outside.example', to: ['ceo@corp.example', 'contractor@corp.example'], subject: XSS, text: 'x' });
    const page = await html('/');
    const rows = page.match(/<tr data-id=[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain(XSS);
    expect(rows[0]).toContain('partner@outside.example');
    expect(rows[0]).toContain('ceo@corp.example: DEFAULT');
    expect(rows[0]).toContain('contractor@corp.example: DROP');
    expect(page).toContain('<p id="summary">1 message');
    expect(page).not.toContain('No messages yet');
  });

  test('the query filters the server-rendered list, and what it reflects is escaped', async () => {
    await mail({ from: 'colleague@corp.example', to: 'ceo@corp.example', subject: 'Internal', text: 'x' });
    const drop = await html('/?action=DROP');
    expect(drop.match(/<tr data-id=/g)).toHaveLength(1);
    expect(drop).toContain('<option selected>DROP</option>');
    expect(drop).toContain('1 message match the filter');
    const all = await html('/');
    expect(all.match(/<tr data-id=/g)).toHaveLength(2);
    const none = await html(`/?recipient=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(none).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(none).not.toContain('<script>alert(1)');
    expect(none).toContain('No message matches the filter.');
    expect(none).not.toContain('<tr data-id=');
  });

  test('a failed asynchronous function is marked in the list, with the count, and on the message page', async () => {
    await s.sandbox.idle();
    const [newest] = (await api<{ messages: SandboxRecord[] }>(s.sandbox, '/api/messages')).messages;
    expect(newest!.async).toEqual([{ name: 'audit-log' }, { name: 'async-throws', error: expect.stringMatching(/database unreachable/) }]);
    const page = await html('/');
    const rows = page.match(/<tr data-id=[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toContain('class="async-failed"');
      expect(row).toMatch(
        /<span class="badge async-failed" title="async-throws: [^"]*database unreachable[^"]*">async failed: 1 of 2<\/span>/,
      );
    }
    expect(page).toContain('2 messages; <span class="async-failed">2 with a failed asynchronous function</span>');
    const detail = await html(`/messages/${newest!.id}`);
    expect(detail).toMatch(/<li class="async-failed">async-throws: failed: [^<]*database unreachable/);
    expect(detail).toContain('<li>audit-log: called</li>');
  });

  test('in the browser, a new message and then its failed asynchronous function show up live', async () => {
    const tab = await chromium.browser.newPage();
    try {
      await tab.goto(`http://127.0.0.1:${s.sandbox.httpPort}/`, { timeout: 10_000 });
      await tab.waitForFunction("document.getElementById('live').textContent === 'live'", { timeout: 10_000 });
      await mail({ from: 'partner@outside.example', to: 'ceo@corp.example', subject: 'Live one', text: 'x' });
      await tab.waitForFunction(
        `[...document.querySelectorAll('#messages tr')].some((tr) => tr.textContent.includes('Live one') && tr.textContent.includes('async failed: 1 of 2'))`,
        { timeout: 10_000 },
      );
      expect(await tab.$eval('#summary', (e) => e.textContent)).toBe('3 messages; 3 with a failed asynchronous function');
    } finally {
      await tab.close();
    }
  });
});
