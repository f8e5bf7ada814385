/** Attachment names as the OS saving them reads them (attachment-spec osFileName): the names the issue found passing. */
import { matchAttachment, osFileName, osFileNames } from '../../lib/engine/attachment-spec';

const facts = (filename: string) => ({ filename, contentType: 'application/octet-stream', size: 10 });
const exe = (filename: string) => matchAttachment({ extension: ['exe'] }, facts(filename));

describe('extension matching reads the name as Windows and macOS save it', () => {
  test.each([
    ['setup.exe.', 'a trailing dot (Windows drops it)'],
    ['setup.exe . .', 'trailing dots and spaces'],
    ['setup.exe ', 'a trailing space'],
    ['setup.exe::$DATA', 'the NTFS default stream suffix'],
    ['setup.exe:Zone.Identifier:$DATA', 'a named NTFS stream'],
    ['SETUP.EXE', 'upper case'],
    ['setup.ＥＸＥ', 'full-width letters (NFKC)'],
    ['setup.\u0435\u0445\u0435', 'Cyrillic look-alike letters'],
    ['setup.e\u200bxe', 'a zero-width space'],
    ['invoice\u202Efdp.exe', 'a right-to-left override'],
    ['C:\\Users\\x\\setup.exe', 'a Windows path'],
    ['a.txt:payload.exe', 'an alternate stream name (either reading)'],
  ])('%s: %s', (name) => expect(exe(name)).toBe(true));

  test.each([['setup.exe.pdf'], ['setupexe'], ['.exe'], ['setup.ex']])('%s is no .exe', (name) => expect(exe(name)).toBe(false));

  test('names are matched in the same reading', () => {
    expect(matchAttachment({ name: 'setup.exe' }, facts('setup.exe::$DATA'))).toBe(true);
    expect(matchAttachment({ name: 'invoice*.pdf' }, facts('invoice 2026.pdf. '))).toBe(true);
    expect(osFileName('report.pdf')).toBe('report.pdf');
    expect(osFileNames('a.txt:b.exe')).toEqual(['a.txt', 'a.txt:b.exe']);
  });
});
