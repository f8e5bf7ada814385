/** The lazy message view: header block only for headers, one load, one parse, rejections propagate. */
import fs from 'node:fs';
import path from 'node:path';

// A spy over the real mailparser, to count full parses (the real parser still does the work).
jest.mock('mailparser', () => {
  const actual = jest.requireActual('mailparser');
  return { ...actual, MailParser: jest.fn((options: unknown) => new actual.MailParser(options)) };
});
import { MailParser, simpleParser } from 'mailparser';
import { createMessageView } from '../../lib/message/view';
import { mailparserFacts } from '../../lib/message/attachments';
import { withMimeLibraries } from '../../lib/message/libs';
import { findHeaderBlock, readHeaders as parseHeaderBlock } from '../../lib/message/headers';

const headerBlockEnd = (raw: Buffer) => findHeaderBlock(raw).end;
import fc from 'fast-check';
import { MIME_PEER_DIR } from '../fixtures/corpus';
import { HOSTILE_TOKENS, splice } from '../fixtures/hostile-tokens';
import { corpusFiles, load, rel } from './rewrite/corpus';
import type { AttachmentFacts } from '../../lib/workmail/message-content';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'engine');
const CORPUS = MIME_PEER_DIR;
const read = (name: string) => fs.readFileSync(path.join(FIX, name));
const parserCalls = () => (MailParser as unknown as jest.Mock).mock.calls.length;

function counting(raw: Buffer | (() => Promise<Buffer>)) {
  const c = {
    calls: 0,
    load: async () => {
      c.calls++;
      return typeof raw === 'function' ? raw() : raw;
    },
  };
  return c;
}

beforeEach(() => (MailParser as unknown as jest.Mock).mockClear());

describe('headers()', () => {
  test('decodes RFC 2047 words, unfolds, keeps order and repeated fields', async () => {
    const view = createMessageView(counting(read('invoice.eml')).load);
    const h = await view.headers();
    const get = (n: string) => h.filter((x) => x.name.toLowerCase() === n.toLowerCase()).map((x) => x.value);
    expect(get('Subject')).toEqual(['Rechnung für November ✓']);
    expect(get('From')).toEqual(['Françoise Dupont <billing@invoices.example>']);
    expect(get('X-Campaign')).toEqual(['spring', 'autumn']);
    expect(get('Authentication-Results')[0]).toContain('dmarc=fail header.from=invoices.example;');
    expect(get('Authentication-Results')[0]).not.toMatch(/\r|\n/);
    expect(h[0]).toEqual({ name: 'Return-Path', value: '<billing@invoices.example>' });
    // A "Name: value" line in the body is not a header.
    expect(get('X-Not-A-Header')).toEqual([]);
  });

  test('reads only the header block: a 25 MB body is never parsed', async () => {
    const head = read('invoice.eml').subarray(0, headerBlockEnd(read('invoice.eml')));
    const big = Buffer.concat([head, Buffer.from('\r\n\r\n'), Buffer.alloc(25 * 1024 * 1024, 'A')]);
    const small = Buffer.concat([head, Buffer.from('\r\n\r\n'), Buffer.alloc(25 * 1024, 'A')]);
    const bigHeaders = await createMessageView(async () => big).headers();
    const smallHeaders = await createMessageView(async () => small).headers();
    expect(bigHeaders).toEqual(smallHeaders);
    expect(parserCalls()).toBe(0);
    expect(headerBlockEnd(big)).toBe(head.length);
  });

  test('LF-only messages, an mbox From_ line, and a message without a body', () => {
    expect(parseHeaderBlock(read('html-only.eml')).map((h) => h.name)).toEqual(['From', 'To', 'Subject', 'MIME-Version', 'Content-Type']);
    expect(parseHeaderBlock(Buffer.from('From someone Thu Nov 26 2026\nSubject: hi\n\nbody'))).toEqual([{ name: 'Subject', value: 'hi' }]);
    expect(parseHeaderBlock(Buffer.from('Subject: only headers\r\nX-A: 1'))).toEqual([
      { name: 'Subject', value: 'only headers' },
      { name: 'X-A', value: '1' },
    ]);
    expect(parseHeaderBlock(Buffer.from('\r\nSubject: in the body'))).toEqual([]);
  });

  test('a folded subject whose first line is empty (corpus: mailparser test.eml)', async () => {
    const raw = fs.readFileSync(path.join(CORPUS, 'mailparser', 'test.eml'));
    const subj = (await createMessageView(async () => raw).headers()).find((h) => h.name.toLowerCase() === 'subject');
    const parsed = await simpleParser(raw);
    expect(subj?.value).toBe(parsed.subject);
  });
});

describe('text() and attachments()', () => {
  test('decoded text/plain; attachments with names, types and decoded sizes; one parse for both', async () => {
    const view = createMessageView(counting(read('invoice.eml')).load);
    expect(await view.text()).toContain('la facture de décembre');
    expect(await view.attachments()).toEqual([
      { filename: 'facture.pdf', contentType: 'application/pdf', size: 3000 },
      { filename: 'Setup.EXE', contentType: 'application/octet-stream', size: 12 },
      { contentType: 'image/png', size: 8 },
    ]);
    await view.text();
    expect(parserCalls()).toBe(1);
  });

  test('an HTML-only message gives its text', async () => {
    const text = await createMessageView(async () => read('html-only.eml')).text();
    expect(text).toMatch(/Markets are up\. Read the Project\sFalcon story\./);
    expect(text).not.toContain('<b>');
  });

  test('a message without attachments has none', async () => {
    expect(await createMessageView(async () => read('plain.eml')).attachments()).toEqual([]);
  });

  test('an attachment is counted as it streams, not kept: 25 MB of base64 in one part', async () => {
    const content = Buffer.alloc(25 * 1024 * 1024, 0x5a);
    const b64 = content.toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(
      'Subject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n' +
        '--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n' +
        `--b\r\nContent-Type: application/zip; name=big.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--b--\r\n`,
    );
    const view = createMessageView(async () => raw);
    expect(await view.attachments()).toEqual([{ filename: 'big.zip', contentType: 'application/zip', size: content.length }]);
    expect((await view.text()).trim()).toBe('see attached');
  });
});

/** What simpleParser reports of a message, in the view's terms (or the error it rejects with). */
async function bySimpleParser(raw: Buffer): Promise<{ text: string; attachments: AttachmentFacts[] } | Error> {
  try {
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    return {
      text: typeof mail.text === 'string' ? mail.text : '',
      attachments: mail.attachments.map((a) => ({
        ...(a.filename !== undefined ? { filename: a.filename } : {}),
        contentType: a.contentType,
        size: a.size ?? a.content.length,
      })),
    };
  } catch (err) {
    return err as Error;
  }
}

async function expectAgreement(raw: Buffer): Promise<void> {
  const expected = await bySimpleParser(raw);
  const view = createMessageView(async () => raw);
  if (expected instanceof Error) {
    await expect(view.text()).rejects.toThrow(expected.message);
    return;
  }
  expect(await view.text()).toBe(expected.text);
  // mailparser's reading exactly; the view adds what only Python's reading sees (the union).
  expect(await withMimeLibraries(() => mailparserFacts(raw))).toEqual(expected.attachments);
  expect((await view.attachments()).slice(0, expected.attachments.length)).toEqual(expected.attachments);
}

describe('agreement with mailparser simpleParser', () => {
  // mailparser writes the current time into the text of an attached message without a Date:
  // both parsers must see the same clock (only Date is faked; timers and streams run for real).
  const realTime = [
    'hrtime',
    'nextTick',
    'performance',
    'queueMicrotask',
    'setImmediate',
    'clearImmediate',
    'setInterval',
    'clearInterval',
    'setTimeout',
    'clearTimeout',
  ] as const;
  beforeAll(() => jest.useFakeTimers({ now: new Date('2026-12-05T12:00:00Z'), doNotFake: [...realTime] }));
  afterAll(() => jest.useRealTimers());
  const files = corpusFiles(path.resolve(__dirname, '..', 'fixtures'));
  test('the corpus is there', () => expect(files.length).toBeGreaterThan(100));
  test.each(files.map((f) => [path.relative(path.resolve(__dirname, '..'), f), f]))('%s', async (_name, file) => {
    await expectAgreement(fs.readFileSync(file));
  });

  test('on corpus messages with hostile tokens spliced in', async () => {
    const base = ['peer/mailparser/fixtures/nested.eml', 'peer/postal-mime/mimetorture.eml', 'peer/cpython/msg_38.txt'].map((n) =>
      load(corpusFiles().find((f) => rel(f) === n)!),
    );
    const splices = fc.record({ at: fc.nat(), token: fc.constantFrom(...HOSTILE_TOKENS), cut: fc.nat({ max: 8 }) });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: base.length - 1 }), fc.array(splices, { minLength: 1, maxLength: 6 }), (which, edits) =>
        expectAgreement(splice(base[which]!, edits)),
      ),
      { numRuns: 150 },
    );
  });
});
