/**
 * The web page in a real headless browser: the list shows a sent message, its page shows each
 * recipient's action and rule and the rewrite diff, the filters narrow the list, and a second
 * message appears without a reload (server-sent events).
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from './browser';
import { smtpOptions, startTestSandbox, type TestSandbox } from './helpers';

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
