/** Header-only edits never read the MIME tree: only the top header block is looked at. */
import { appendFooter, removeHeader, rewriteMessage, setHeader, tagSubject } from '../../../lib/message/rewrite';
import * as parts from '../../../lib/message/parts';

jest.mock('../../../lib/message/parts', () => {
  const actual = jest.requireActual('../../../lib/message/parts');
  return { ...actual, scanParts: jest.fn(actual.scanParts) };
});

const raw = Buffer.from(
  'Subject: s\r\nX-A: 1\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n',
);

describe('the header-only fast path', () => {
  beforeEach(() => (parts.scanParts as jest.Mock).mockClear());

  test('tagSubject, setHeader and removeHeader do not scan the body', async () => {
    const r = await rewriteMessage(raw, [tagSubject('[E]'), setHeader('X-B', '2'), removeHeader('X-A')]);
    expect(r.changed).toBe(true);
    expect(parts.scanParts).not.toHaveBeenCalled();
  });
  test('a body edit scans the tree once', async () => {
    await rewriteMessage(raw, [tagSubject('[E]'), appendFooter({ text: 'f' })]);
    expect(parts.scanParts).toHaveBeenCalledTimes(1);
  });
});
