/** Test helper: the invariant that a rewrite leaves every part it may not edit byte-identical. */
import { splitWithMailsplit, type SplitNode } from './corpus';

/** Header lines of a block, unfolded, minus the ones an edit may change. */
function headerLinesExcept(block: Buffer, names: string[]): string[] {
  const text = block.toString('latin1').replace(/\r?\n(?=[ \t])/g, '');
  return text.split(/\r?\n/).filter((l) => !names.some((n) => l.toLowerCase().startsWith(`${n}:`)));
}

export const isEditableText = (n: SplitNode) => {
  const h = n.headers.toString('latin1').toLowerCase();
  // RFC 2045 §5.2: a type without a subtype (`text`) is read as text/plain
  const type = n.contentType.includes('/') ? n.contentType : 'text/plain';
  return (type === 'text/plain' || type === 'text/html') && !/content-disposition:\s*attachment/.test(h);
};

/**
 * Split both messages with mailsplit's Splitter: the same parts, the same multipart structure; the
 * root header block may differ only in Subject; a text body part only in its content, charset and
 * transfer encoding; everything else byte for byte.
 */
export async function expectUntouchedPartsIdentical(original: Buffer, result: Buffer): Promise<void> {
  const a = await splitWithMailsplit(original);
  const b = await splitWithMailsplit(result);
  expect(b.length).toBe(a.length);
  a.forEach((n, i) => {
    // A footer added to an empty body ends with a line ending, which the Splitter then counts as
    // the start of the next delimiter line: forgive exactly that, nothing else.
    const structure = (x: SplitNode) => x.dataChunks.map((c) => c.toString('latin1').replace(/^\r?\n(?=--)/, '')).join('');
    expect(structure(b[i]!)).toBe(structure(n));
    const root = i === 0;
    if (isEditableText(n)) {
      // the footer may re-encode a text part and change its Content-Type charset and CTE
      const changeable = ['content-type', 'content-transfer-encoding', ...(root ? ['subject'] : [])];
      expect(headerLinesExcept(b[i]!.headers, changeable)).toEqual(headerLinesExcept(n.headers, changeable));
      return;
    }
    if (root) expect(headerLinesExcept(b[i]!.headers, ['subject'])).toEqual(headerLinesExcept(n.headers, ['subject']));
    else expect(b[i]!.headers.toString('latin1')).toBe(n.headers.toString('latin1'));
    expect(b[i]!.body.toString('latin1')).toBe(n.body.toString('latin1'));
  });
}
