import {
  appendFooter,
  EditDefinitionError,
  matchAttachment,
  removeAttachments,
  removeHeader,
  setHeader,
  tagSubject,
} from '../../../lib/message/rewrite';

describe('edit definitions refuse what can never work', () => {
  it.each([
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
  it('refuses CR or LF in values and tags', () => {
    expect(() => setHeader('X-A', 'a\r\nBcc: victim@example.com')).toThrow(/CR or LF/);
    expect(() => setHeader('X-A', 'a\nb')).toThrow(EditDefinitionError);
    expect(() => tagSubject('[A]\r\n')).toThrow(/CR or LF/);
  });
  it('refuses bad header names', () => {
    expect(() => setHeader('X Bad', 'v')).toThrow(/not a valid header name/);
    expect(() => setHeader('X:Bad', 'v')).toThrow(/not a valid header name/);
    expect(() => removeHeader('')).toThrow(EditDefinitionError);
  });
  it('refuses empty tags, empty footers, unknown attachment fields', () => {
    expect(() => tagSubject('  ')).toThrow(EditDefinitionError);
    expect(() => appendFooter({})).toThrow(/non-empty/);
    expect(() => appendFooter({ text: ' ' })).toThrow(EditDefinitionError);
    expect(() => removeAttachments({ size: 3 } as never)).toThrow(/unknown field/);
    expect(() => removeAttachments({ minBytes: -1 })).toThrow(/minBytes/);
  });
  it('accepts ordinary edits and keeps them as plain frozen data', () => {
    const e = setHeader('X-Scanned', 'yes');
    expect(e).toEqual({ kind: 'setHeader', name: 'X-Scanned', value: 'yes' });
    expect(Object.isFrozen(e)).toBe(true);
    expect(appendFooter({ text: 'a', html: ' ' })).toEqual({ kind: 'appendFooter', text: 'a' });
    expect(setHeader('Subject', 'ok').kind).toBe('setHeader');
  });
});

describe('matchAttachment', () => {
  const pdf = { filename: 'Report Q1.PDF', contentType: 'application/pdf', size: 1000 };
  it('matches a name glob case-insensitively, or a RegExp', () => {
    expect(matchAttachment({ name: 'report*.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report q1.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report?q1.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report' }, pdf)).toBe(false);
    expect(matchAttachment({ name: /q\d\.pdf$/i }, pdf)).toBe(true);
    expect(matchAttachment({ name: /q\d\.pdf$/gi }, pdf)).toBe(true);
    expect(matchAttachment({ name: '*' }, { contentType: 'image/png', size: 1 })).toBe(false);
  });
  it('matches extensions with or without the dot, case-insensitively', () => {
    expect(matchAttachment({ extension: 'pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ extension: ['.exe', '.PDF'] }, pdf)).toBe(true);
    expect(matchAttachment({ extension: 'exe' }, pdf)).toBe(false);
    expect(matchAttachment({ extension: 'pdf' }, { filename: 'pdf', contentType: 'x/y', size: 1 })).toBe(false);
  });
  it('matches content types exactly, by family, or by RegExp', () => {
    expect(matchAttachment({ contentType: 'Application/PDF' }, pdf)).toBe(true);
    expect(matchAttachment({ contentType: 'application/*' }, pdf)).toBe(true);
    expect(matchAttachment({ contentType: 'image/*' }, pdf)).toBe(false);
    expect(matchAttachment({ contentType: /^application\/(pdf|zip)$/ }, pdf)).toBe(true);
  });
  it('needs every field given, and minBytes on the decoded size', () => {
    expect(matchAttachment({ extension: 'pdf', minBytes: 1000 }, pdf)).toBe(true);
    expect(matchAttachment({ extension: 'pdf', minBytes: 1001 }, pdf)).toBe(false);
    expect(matchAttachment({}, pdf)).toBe(true);
  });
});
