/** Header-only edits never read the MIME tree: only the top header block is looked at. */
import { appendFooter, removeHeader, rewriteMessage, setHeader, tagSubject } from '../../../lib/message/rewrite';
import * as structure from '../../../lib/message/rewrite/structure';

jest.mock('../../../lib/message/rewrite/structure', () => {
  const actual = jest.requireActual('../../../lib/message/rewrite/structure');
  return { ...actual, scanMessage: jest.fn(actual.scanMessage) };
});

const raw = Buffer.from(
  'Subject: s\r\nX-A: 1\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n',
);

describe('the header-only fast path', () => {
  beforeEach(() => (structure.scanMessage as jest.Mock).mockClear());

  it('tagSubject, setHeader and removeHeader do not scan the body', async () => {
    const r = await rewriteMessage(raw, [tagSubject('[E]'), setHeader('X-B', '2'), removeHeader('X-A')]);
    expect(r.changed).toBe(true);
    expect(structure.scanMessage).not.toHaveBeenCalled();
  });
  it('a body edit scans the tree once', async () => {
    await rewriteMessage(raw, [tagSubject('[E]'), appendFooter({ text: 'f' })]);
    expect(structure.scanMessage).toHaveBeenCalledTimes(1);
  });
});
