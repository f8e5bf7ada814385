import { attachmentSpecProblems, matchAttachment } from '../../lib/engine/attachment-spec';

describe('matchAttachment', () => {
  const pdf = { filename: 'Report Q1.PDF', contentType: 'application/pdf', size: 1000 };
  test('matches a name glob case-insensitively, or a RegExp', () => {
    expect(matchAttachment({ name: 'report*.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report q1.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report?q1.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report' }, pdf)).toBe(false);
    expect(matchAttachment({ name: /q\d\.pdf$/i }, pdf)).toBe(true);
    expect(matchAttachment({ name: /q\d\.pdf$/gi }, pdf)).toBe(true);
    expect(matchAttachment({ name: '*' }, { contentType: 'image/png', size: 1 })).toBe(false);
  });
  test('matches extensions with or without the dot, case-insensitively', () => {
    expect(matchAttachment({ extension: 'pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ extension: ['.exe', '.PDF'] }, pdf)).toBe(true);
    expect(matchAttachment({ extension: 'exe' }, pdf)).toBe(false);
    expect(matchAttachment({ extension: 'pdf' }, { filename: 'pdf', contentType: 'x/y', size: 1 })).toBe(false);
  });
  test('matches content types exactly, by family, or by RegExp', () => {
    expect(matchAttachment({ contentType: 'Application/PDF' }, pdf)).toBe(true);
    expect(matchAttachment({ contentType: 'application/*' }, pdf)).toBe(true);
    expect(matchAttachment({ contentType: 'image/*' }, pdf)).toBe(false);
    expect(matchAttachment({ contentType: /^application\/(pdf|zip)$/ }, pdf)).toBe(true);
  });
  test('needs every field given, and minBytes on the decoded size', () => {
    expect(matchAttachment({ extension: 'pdf', minBytes: 1000 }, pdf)).toBe(true);
    expect(matchAttachment({ extension: 'pdf', minBytes: 1001 }, pdf)).toBe(false);
    expect(matchAttachment({}, pdf)).toBe(true);
  });
});

describe('attachmentSpecProblems', () => {
  test('accepts valid specs and names each invalid field', () => {
    expect(attachmentSpecProblems({ name: '*.pdf', extension: ['exe', '.js'], contentType: 'image/*', minBytes: 0 })).toEqual([]);
    expect(attachmentSpecProblems({ name: ' ', extension: 'a b', contentType: 'pdf', minBytes: -1 })).toHaveLength(4);
  });
});
