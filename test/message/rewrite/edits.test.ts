import { appendFooter, EditDefinitionError, removeHeader, setHeader, tagSubject } from '../../../lib/message/rewrite';
import { removeAttachments } from '../../../lib/runtime/remove-attachments';

describe('edit definitions refuse what can never work', () => {
  test.each([
    ['From', () => setHeader('From', 'x@example.com')],
    ['Message-ID', () => setHeader('message-id', '<a@b>')],
    ['Date', () => removeHeader('Date')],
    ['Received', () => removeHeader('Received')],
    ['an ARC header', () => removeHeader('ARC-Seal')],
    ['DKIM-Signature', () => setHeader('DKIM-Signature', 'v=1')],
    ['MIME-Version', () => removeHeader('MIME-Version')],
    ['the root Content-Type', () => setHeader('Content-Type', 'text/plain')],
    ['the root Content-Transfer-Encoding', () => removeHeader('content-transfer-encoding')],
  ])('protects %s', (_what, make) => {
    expect(make).toThrow(EditDefinitionError);
    expect(make).toThrow(/must not change/);
  });
  test('refuses CR or LF in values and tags', () => {
    expect(() => setHeader('X-A', 'a\r\nBcc: victim@example.com')).toThrow(/CR or LF/);
    expect(() => setHeader('X-A', 'a\nb')).toThrow(EditDefinitionError);
    expect(() => tagSubject('[A]\r\n')).toThrow(/CR or LF/);
  });
  test.each([
    ['NUL', '\x00'],
    ['VT', '\x0b'],
    ['FF', '\x0c'],
    ['ESC', '\x1b'],
    ['DEL', '\x7f'],
  ])('refuses the control character %s in values and tags', (_n, c) => {
    expect(() => setHeader('X-A', `a${c}b`)).toThrow(/control character U\+00/);
    expect(() => tagSubject(`[A${c}]`)).toThrow(EditDefinitionError);
  });
  test('accepts tab; refuses a word no folding can fit into a 998-octet line', () => {
    expect(setHeader('X-A', 'a\tb').value).toBe('a\tb');
    expect(() => setHeader('X-A', 'y'.repeat(10_000))).toThrow(/10000-character word.*998 octets/);
    expect(() => setHeader('X-Long-Name', `${'y'.repeat(990)} z`)).toThrow(EditDefinitionError);
    expect(setHeader('X-A', `${'word '.repeat(2_000)}end`).kind).toBe('setHeader');
    expect(setHeader('X-A', 'é'.repeat(2_000)).kind).toBe('setHeader'); // encoded in short words
  });
  test('refuses bad header names', () => {
    expect(() => setHeader('X Bad', 'v')).toThrow(/not a valid header name/);
    expect(() => setHeader('X:Bad', 'v')).toThrow(/not a valid header name/);
    expect(() => removeHeader('')).toThrow(EditDefinitionError);
  });
  test('refuses empty tags, empty footers, unknown attachment fields', () => {
    expect(() => tagSubject('  ')).toThrow(EditDefinitionError);
    expect(() => appendFooter({})).toThrow(/non-empty/);
    expect(() => appendFooter({ text: ' ' })).toThrow(EditDefinitionError);
    expect(() => removeAttachments({ size: 3 } as never)).toThrow(/unknown field/);
    expect(() => removeAttachments({ minBytes: -1 })).toThrow(/minBytes/);
  });
  test('accepts ordinary edits and keeps them as plain frozen data', () => {
    const e = setHeader('X-Scanned', 'yes');
    expect(e).toEqual({ kind: 'setHeader', name: 'X-Scanned', value: 'yes' });
    expect(Object.isFrozen(e)).toBe(true);
    expect(appendFooter({ text: 'a', html: ' ' })).toEqual({ kind: 'appendFooter', text: 'a' });
    expect(setHeader('Subject', 'ok').kind).toBe('setHeader');
  });
});
