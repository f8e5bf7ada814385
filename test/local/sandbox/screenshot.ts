/**
 * Takes the README's screenshot of the sandbox page (not a test):
 * `npx tsx test/local/sandbox/screenshot.ts docs/sandbox.png`. Sends a few sample messages through
 * the repo's rules, then captures one message's page in headless chromium.
 */
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import { launchChromium } from './browser';
import { smtpOptions, startTestSandbox } from './helpers';

async function main(out: string): Promise<void> {
  const t = await startTestSandbox();
  const chromium = await launchChromium();
  try {
    const mail = nodemailer.createTransport(smtpOptions(t.sandbox));
    await mail.sendMail({
      from: 'news@outside.example',
      to: 'ceo@corp.example',
      subject: 'Weekly digest',
      text: 'News.',
      headers: { 'List-Unsubscribe': '<mailto:u@outside.example>' },
    });
    await mail.sendMail({ from: 'spam@mx.bad.example', to: 'frank@corp.example', subject: 'Deal', text: 'Buy now.' });
    await mail.sendMail({
      from: 'partner@outside.example',
      to: ['ceo@corp.example', 'contractor@corp.example'],
      subject: 'Proposal',
      text: 'Please sign.',
    });
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 1000, height: 760 });
    await page.goto(`http://127.0.0.1:${t.sandbox.httpPort}/`);
    await page.waitForSelector('#messages tr');
    await Promise.all([page.waitForNavigation(), page.click('#messages tr a')]);
    await page.screenshot({ path: path.resolve(out), type: 'png' });
  } finally {
    await chromium.close();
    await t.cleanup();
  }
}

main(process.argv[2] ?? 'docs/sandbox.png').catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
