import { checkMime } from '../../../lib/message/check';
import { appendFooter, removeHeader, rewriteMessage, RewriteError, setHeader, tagSubject } from '../../../lib/message/rewrite';
import { removeAttachments } from '../../../lib/runtime/remove-attachments';

const msg = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');
const head = 'From: a@example.net\nTo: b@corp.example\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <m@example.net>\n';
const parse = async (raw: Buffer) => (await import('mailparser')).simpleParser(raw);

describe('tagSubject', () => {
  test('prefixes the subject and keeps the rest of the header bytes', async () => {
    const raw = msg(`${head}Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= aus Bern\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[EXT]')]);
    expect(r.raw.toString('latin1')).toContain('\r\nSubject: [EXT] =?utf-8?Q?Gr=C3=BC=C3=9Fe?= aus Bern\r\n');
    expect((await parse(r.raw)).subject).toBe('[EXT] Grüße aus Bern');
  });
  test('encodes a non-ASCII tag and keeps the space before an encoded word', async () => {
    const raw = msg(`${head}Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[Extérn]')]);
    expect((await parse(r.raw)).subject).toBe('[Extérn] Grüße');
    expect(checkMime(r.raw, raw)).toEqual([]);
  });
  test('does nothing when the decoded subject already starts with the tag (any case)', async () => {
    const raw = msg(`${head}Subject: =?utf-8?Q?=5Bext=5D_hello?=\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[EXT]')]);
    expect(r.changed).toBe(false);
    expect(r.raw).toBe(raw);
  });
  test('adds a Subject when there is none, before the empty line', async () => {
    const raw = msg(`${head}\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[EXT]')]);
    expect(r.raw.toString('latin1')).toBe(`${head}Subject: [EXT]\n\nbody\n`.replace(/\n/g, '\r\n'));
  });
  test('keeps a subject folded with an empty first line', async () => {
    const raw = msg(`${head}Subject: \n =?utf-8?Q?=C3=B6?=\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[EXT]')]);
    expect(r.raw.toString('latin1')).toContain('Subject: [EXT]\r\n =?utf-8?Q?=C3=B6?=\r\n');
    expect((await parse(r.raw)).subject).toBe('[EXT] ö');
  });
  test('folds instead of making a line longer than 998 octets', async () => {
    const long = 'x'.repeat(990);
    const raw = msg(`${head}Subject: ${long}\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[EXTERNAL]')]);
    expect(checkMime(r.raw, raw)).toEqual([]);
    expect(r.raw.toString('latin1')).toContain(`Subject: [EXTERNAL]\r\n ${long}\r\n`);
  });
  test('keeps LF line endings in an LF message', async () => {
    const raw = Buffer.from(`${head}Subject: hi\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[Ü]')]);
    expect(r.raw.includes('\r')).toBe(false);
  });
  test('never walks the body: a body no parser could read stays exactly as it was', async () => {
    const body = Buffer.concat([Buffer.from('--b\r\nnot closed\r\n'), Buffer.alloc(2_000_000, 0xff)]);
    const raw = Buffer.concat([msg(`${head}Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n`), body]);
    const r = await rewriteMessage(raw, [tagSubject('[EXT]'), setHeader('X-Scanned', 'yes'), removeHeader('To')]);
    expect(r.raw.subarray(r.raw.length - body.length).equals(body)).toBe(true);
    expect(r.raw.toString('latin1', 0, 200)).toContain('Subject: [EXT] s\r\n');
    expect(r.raw.toString('latin1', 0, 300)).not.toContain('To: ');
  });
});

describe('setHeader / removeHeader', () => {
  test('replaces every instance with one, where the first was', async () => {
    const raw = msg(`X-Tag: a\n${head}X-Tag: b\nSubject: s\n\nbody\n`);
    const r = await rewriteMessage(raw, [setHeader('X-Tag', 'c')]);
    expect(r.raw.toString('latin1')).toBe(msg(`X-Tag: c\n${head}Subject: s\n\nbody\n`).toString('latin1'));
  });
  test('encodes a non-ASCII value and is idempotent', async () => {
    const raw = msg(`${head}Subject: s\n\nbody\n`);
    const r = await rewriteMessage(raw, [setHeader('X-Note', 'geprüft ✓')]);
    expect(r.raw.toString('latin1')).toContain('X-Note: =?UTF-8?Q?gepr=C3=BCft_=E2=9C=93?=\r\n');
    const libmime = (await import('libmime')).default;
    expect(libmime.decodeWords(String((await parse(r.raw)).headers.get('x-note')))).toBe('geprüft ✓');
    expect((await rewriteMessage(r.raw, [setHeader('X-Note', 'geprüft ✓')])).changed).toBe(false);
  });
  test('removes every instance; absent means unchanged', async () => {
    const raw = msg(`${head}X-A: 1\nSubject: s\nX-A: 2\n  folded\n\nbody\n`);
    const r = await rewriteMessage(raw, [removeHeader('x-a')]);
    expect(r.raw.toString('latin1')).toBe(msg(`${head}Subject: s\n\nbody\n`).toString('latin1'));
    expect((await rewriteMessage(r.raw, [removeHeader('X-A')])).changed).toBe(false);
  });
});

describe('header edits never write an invalid header', () => {
  test('setHeader folds a long value at white space into lines of at most 998 octets', async () => {
    const value = `${'word '.repeat(400)}end`;
    const r = await rewriteMessage(msg(`${head}Subject: s\n\nbody\n`), [setHeader('X-Long', value)]);
    const lines = r.raw.toString('latin1').split('\r\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(998);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(1);
    expect(String((await parse(r.raw)).headers.get('x-long'))).toBe(value);
    expect(checkMime(r.raw, msg(`${head}Subject: s\n\nbody\n`))).toEqual([]);
  });
  test('tagSubject leaves a message with two Subject headers unchanged, with a note', async () => {
    const raw = msg(`${head}Subject: one\nSubject: two\n\nbody\n`);
    const r = await rewriteMessage(raw, [tagSubject('[EXTERNAL]')]);
    expect(r.changed).toBe(false);
    expect(r.raw).toBe(raw);
    expect(r.notes).toEqual(['subject: 2 Subject headers; left unchanged']);
  });
});

describe('appendFooter', () => {
  test('switches a 7bit part to quoted-printable for a line longer than 998 octets', async () => {
    const raw = msg(`${head}Subject: s\nContent-Type: text/plain\n\nbody\n`);
    const r = await rewriteMessage(raw, [appendFooter({ text: 'y'.repeat(1200) })]);
    expect(checkMime(r.raw, raw)).toEqual([]);
    expect(r.raw.toString('latin1')).toContain('Content-Transfer-Encoding: quoted-printable');
    expect((await parse(r.raw)).text).toContain('y'.repeat(1200));
  });
  test('converts a Latin-1 part to UTF-8 when the footer is not Latin-1', async () => {
    const raw = Buffer.concat([
      msg(`${head}Subject: s\nContent-Type: text/plain; charset="iso-8859-1"\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9\n`),
    ]);
    const r = await rewriteMessage(raw, [appendFooter({ text: 'Ärger — nein' })]);
    expect(r.raw.toString('latin1')).toContain('charset="utf-8"');
    expect((await parse(r.raw)).text).toBe('Café\n\nÄrger — nein\n');
  });
  test('skips parts it cannot decode and says why; `required: true` makes that a failed rewrite', async () => {
    const raw = msg(
      `${head}Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=x-evil\n\nxx\n--b\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 a\n--b--\n`,
    );
    const r = await rewriteMessage(raw, [appendFooter({ text: 'f' })]);
    expect(r.changed).toBe(false);
    expect(r.notes).toEqual([
      'footer: part 1 skipped: charset "x-evil" is not supported',
      'footer: part 2 skipped: transfer encoding "x-uuencode" is not supported',
    ]);
    await expect(rewriteMessage(raw, [appendFooter({ text: 'f', required: true })])).rejects.toThrow(
      /footer required, but part 1 cannot carry it/,
    );
  });
  test('converts a UTF-16 part to UTF-8 (re-encoded) to carry the footer', async () => {
    const utf16 = Buffer.from('Hallo Grüße\r\n', 'utf16le').toString('base64');
    const raw = msg(
      `${head}Subject: s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: base64\n\n${utf16}\n`,
    );
    const r = await rewriteMessage(raw, [appendFooter({ text: 'Sent from outside ✓' })]);
    expect(r.notes).toContain('footer: the root part converted to UTF-8');
    const parsed = await parse(r.raw);
    expect(parsed.text).toContain('Hallo Grüße');
    expect(parsed.text).toContain('Sent from outside ✓');
    expect(checkMime(r.raw, raw)).toEqual([]);
  });
  test('never touches attachments, attached messages or signed parts', async () => {
    const raw = msg(
      `${head}Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nA\n--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner\n--b\nContent-Type: multipart/signed; boundary=s\n\n--s\nContent-Type: text/plain\n\nsigned\n--s\nContent-Type: application/pgp-signature\n\nsig\n--s--\n--b--\n`,
    );
    const r = await rewriteMessage(raw, [appendFooter({ text: 'f' }), removeAttachments({ contentType: 'application/*' })]);
    expect(r.changed).toBe(false);
    expect(r.notes).toEqual([
      'attachments: multipart/signed at part 3 left untouched',
      'footer: attached message at part 2 left untouched',
      'footer: multipart/signed at part 3 left untouched',
    ]);
  });
  test('joins several footers into one, in order', async () => {
    const raw = msg(`${head}Subject: s\n\nbody\n`);
    const r = await rewriteMessage(raw, [appendFooter({ text: 'one' }), appendFooter({ text: 'two' })]);
    expect(r.raw.toString('latin1').endsWith('body\r\n\r\none\r\ntwo\r\n')).toBe(true);
  });
});

describe('removeAttachments', () => {
  const b64 = Buffer.alloc(3000, 7).toString('base64').replace(/.{76}/g, '$&\n');
  const raw = msg(
    `${head}Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/pdf; name=big.pdf\nContent-Transfer-Encoding: base64\n\n${b64}\n--b\nContent-Type: application/pdf; name=small.pdf\nContent-Transfer-Encoding: base64\n\nAAAA\n--b--\n`,
  );
  test('replaces only the parts that match, on decoded size, with a note', async () => {
    const r = await rewriteMessage(raw, [removeAttachments({ extension: 'pdf', minBytes: 3000 })]);
    expect(r.notes).toEqual(['attachments: removed part 2 (application/pdf, 3000 bytes)']);
    const parsed = await parse(r.raw);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['small.pdf']);
    expect(parsed.text).toContain('The attachment "big.pdf" was removed.');
    expect(checkMime(r.raw, raw)).toEqual([]);
    expect((await rewriteMessage(r.raw, [removeAttachments({ extension: 'pdf', minBytes: 3000 })])).changed).toBe(false);
  });
  test('leaves a message whose root part is the attachment alone', async () => {
    const root = msg(`${head}Subject: s\nContent-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\nAAAA\n`);
    expect((await rewriteMessage(root, [removeAttachments({})])).changed).toBe(false);
  });
});

describe('messages the rewriter will not edit', () => {
  test('refuses more than 1000 parts with a RewriteError', async () => {
    const parts = Array.from({ length: 1001 }, (_, i) => `--b\n\n${i}\n`).join('');
    const raw = msg(`${head}Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n${parts}--b--\n`);
    await expect(rewriteMessage(raw, [appendFooter({ text: 'f' })])).rejects.toThrow(RewriteError);
    await expect(rewriteMessage(raw, [appendFooter({ text: 'f' })])).rejects.toMatchObject({ code: 'REWRITE' });
  });
  test('refuses a header block without an end within 1 MiB', async () => {
    const raw = Buffer.from(`Subject: s\r\n${'X-Long: y\r\n'.repeat(120_000)}`);
    await expect(rewriteMessage(Buffer.concat([raw, Buffer.from('no blank line')]), [tagSubject('[E]')])).rejects.toThrow(/no end within/);
  });
  test('refuses a non-Buffer and unknown edits', async () => {
    await expect(rewriteMessage('x' as never, [])).rejects.toThrow(RewriteError);
    await expect(rewriteMessage(Buffer.from('a'), [{ kind: 'nope' } as never])).rejects.toThrow(/unknown edit/);
  });
});

describe('appendFooter on an 8bit part converted to UTF-8', () => {
  test('switches to quoted-printable when the converted lines would pass 998 octets', async () => {
    const line = '\u00e9'.repeat(600); // 600 octets in Latin-1, 1200 in UTF-8
    const raw = Buffer.concat([
      Buffer.from(
        `${head.replace(/\n/g, '\r\n')}Subject: s\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      Buffer.from(`${line}\r\n`, 'latin1'),
    ]);
    const r = await rewriteMessage(raw, [appendFooter({ text: 'Grüße — extern' })]);
    expect(checkMime(r.raw, raw)).toEqual([]);
    expect(r.notes).toEqual([
      'footer: the root part converted to UTF-8',
      'footer: the root part switched to quoted-printable',
      'footer: added to the root part (text/plain)',
    ]);
    expect((await parse(r.raw)).text).toBe(`${line}\n\nGrüße — extern\n`);
  });
  test('keeps 8bit when the converted lines stay short', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        `${head.replace(/\n/g, '\r\n')}Subject: s\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      Buffer.from('Caf\u00e9\r\n', 'latin1'),
    ]);
    const r = await rewriteMessage(raw, [appendFooter({ text: 'Grüße — extern' })]);
    expect(r.raw.toString('utf8')).toContain('Content-Transfer-Encoding: 8bit\r\n\r\nCafé\r\n\r\nGrüße — extern\r\n');
    expect(r.raw.toString('latin1')).toContain('charset=utf-8');
  });
});
