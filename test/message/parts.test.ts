import { scanParts as scanMessage, walk, type MimePart } from '../../lib/message/parts';
import fc from 'fast-check';
import { corpusFiles, load, rel, splitWithMailsplit } from './rewrite/corpus';

const bytes = (raw: Buffer, s: number, e: number) => raw.toString('latin1', s, e);
const bodyOf = (raw: Buffer, p: MimePart) => bytes(raw, p.header.bodyStart, p.end);
const headOf = (raw: Buffer, p: MimePart) => bytes(raw, p.header.start, p.header.bodyStart);

/** A text/html root with a boundary parameter: mailsplit splits it, RFC 2046 (and Python) do not, nor do we. */
const NON_MULTIPART_BOUNDARY = new Set(['peer/mailparser/fixtures/spam.eml', 'peer/cpython/msg_40.txt']);

/** Our parts with a complete header block, in order, are mailsplit's nodes with the same bytes. */
async function expectSameAsSplitter(raw: Buffer): Promise<void> {
  const ref = await splitWithMailsplit(raw);
  const ours = [...walk(await scanMessage(raw))];
  let r = 0;
  for (const p of ours) {
    const complete =
      p.header.bodyStart > p.header.end || p.header.bodyStart === p.header.start + 1 || p.header.bodyStart === p.header.start + 2;
    if (!complete) continue; // header-only part cut by a delimiter: mailsplit drops these
    while (r < ref.length && ref[r]!.headers.toString('latin1') !== headOf(raw, p)) r++;
    expect(r).toBeLessThan(ref.length);
    // digest parts without Content-Type: message/rfc822 by RFC 2046, text/plain in mailsplit
    const expectType = !p.hasContentType && p.contentType === 'message/rfc822' ? 'text/plain' : p.contentType;
    // RFC 2045 §5.2: mailsplit keeps an invalid type (`text`); it is read as text/plain
    const refType = ref[r]!.contentType.includes('/') ? ref[r]!.contentType : 'text/plain';
    expect(refType).toBe(expectType);
    if (!ref[r]!.multipart) {
      // A body that is only a line ending before the next delimiter: RFC 2046 gives that line
      // ending to the delimiter (empty body), mailsplit reports it as the body. The only difference.
      const refBody = ref[r]!.body.toString('latin1');
      expect(bodyOf(raw, p)).toBe(/^\r?\n$/.test(refBody) && bodyOf(raw, p) === '' && p.end < raw.length ? '' : refBody);
    }
    r++;
  }
  // every part mailsplit reports with a body is one we found as well
  const ourHeads = new Set(ours.map((p) => headOf(raw, p)));
  for (const n of ref)
    if (n.body.length && !/^\r?\n$/.test(n.body.toString('latin1'))) expect(ourHeads.has(n.headers.toString('latin1'))).toBe(true);
}

describe('scanMessage agrees with the mailsplit Splitter', () => {
  const files = corpusFiles();
  test('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(40);
  });
  test.each(files.filter((f) => !NON_MULTIPART_BOUNDARY.has(rel(f))).map((f) => [rel(f), f]))(
    '%s: every part with a complete header block has the same header and body bytes, in order',
    async (_name, file) => {
      await expectSameAsSplitter(load(file));
    },
  );
  test.each([...NON_MULTIPART_BOUNDARY])('%s: a text/html root with a stray boundary parameter is one leaf', async (name) => {
    const raw = load(corpusFiles().find((f) => rel(f) === name)!);
    const root = await scanMessage(raw);
    expect(root.contentType).toBe('text/html');
    expect(root.children).toHaveLength(0);
    expect(root.end).toBe(raw.length);
  });
});

describe('scanMessage on small messages', () => {
  const parts = async (src: string) => {
    const raw = Buffer.from(src, 'latin1');
    return [...walk(await scanMessage(raw))].map((p) => [p.path, p.contentType, bodyOf(raw, p)]);
  };
  test('splits parts, dropping the line ending before each delimiter', async () => {
    expect(
      await parts('Content-Type: multipart/mixed; boundary=b\r\n\r\npre\r\n--b\r\nA: 1\r\n\r\nx\r\n--b\r\n\r\ny\r\n--b--\r\nepi'),
    ).toEqual([
      ['', 'multipart/mixed', 'pre\r\n--b\r\nA: 1\r\n\r\nx\r\n--b\r\n\r\ny\r\n--b--\r\nepi'],
      ['1', 'text/plain', 'x'],
      ['2', 'text/plain', 'y'],
    ]);
  });
  test('ignores lookalike lines and a closing delimiter in the preamble; accepts trailing white space', async () => {
    expect((await parts('Content-Type: multipart/mixed; boundary=b\n\n--b--\n--bx\n--b\n\nx\n --b\n--b  \n\ny\n')).slice(1)).toEqual([
      ['1', 'text/plain', 'x\n --b'],
      ['2', 'text/plain', 'y\n'],
    ]);
  });
  test('lets an enclosing delimiter end an inner multipart that is never closed', async () => {
    const src =
      'Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n--i\n\na\n--o\n\nb\n--o--\n';
    expect(await parts(src)).toEqual([
      ['', 'multipart/mixed', src.slice(src.indexOf('\n\n') + 2)],
      ['1', 'multipart/alternative', '--i\n\na'],
      ['1.1', 'text/plain', 'a'],
      ['2', 'text/plain', 'b'],
    ]);
  });
  test('drops empty parts between two delimiters in a row', async () => {
    const src = 'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b\n--b\n\ny\n--b--\n';
    expect((await parts(src)).slice(1)).toEqual([
      ['1', 'text/plain', 'x'],
      ['2', 'text/plain', 'y'],
    ]);
  });
  test('does not descend into message/rfc822 and defaults digest parts to it', async () => {
    const src =
      'Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: inner\nContent-Type: multipart/mixed; boundary=z\n\n--z\n\nq\n--z--\n--d--\n';
    const p = await parts(src);
    expect(p.map(([a, b]) => `${a}:${b}`)).toEqual([':multipart/digest', '1:message/rfc822']);
  });
  test('finds a delimiter on the line after one with `--` inside it or at its end, and none inside a dash run', async () => {
    const src = 'Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx--b\ny --b--\n-----b\n--b\n\nz--\n--b--\n';
    expect((await parts(src)).slice(1)).toEqual([
      ['1', 'text/plain', 'x--b\ny --b--\n-----b'],
      ['2', 'text/plain', 'z--'],
    ]);
  });
});

describe('scanMessage agrees with the Splitter on damaged messages (fast-check)', () => {
  const base = [
    'peer/mailparser/fixtures/nested.eml',
    'peer/cpython/msg_38.txt',
    'peer/mailparser/test.eml',
    'peer/postal-mime/mimetorture.eml',
  ].map((n) => load(corpusFiles().find((f) => rel(f) === n)!));
  const edit = fc.oneof(
    fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('dup' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('swap' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  );
  test('drops, duplicates, swaps lines and truncates: the same parts with the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: base.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), async (which, edits) => {
        let lines = base[which]!.toString('latin1').split(/(?<=\n)/);
        for (const e of edits) {
          const i = e.at % Math.max(1, lines.length);
          if (e.op === 'drop') lines.splice(i, 1);
          else if (e.op === 'dup') lines.splice(i, 0, lines[i] ?? '');
          else if (e.op === 'swap' && i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
          else if (e.op === 'cut') lines = lines.slice(0, i);
        }
        await expectSameAsSplitter(Buffer.from(lines.join(''), 'latin1'));
      }),
      { numRuns: 200 },
    );
  });
});
