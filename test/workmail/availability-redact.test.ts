import { MAX_LOGGED_TEXT, redactedText } from '../../lib/workmail/availability/redact';

describe('redactedText: a lookup text as it may be logged', () => {
  test.each([
    ['db password=hunter2 at 10.0.0.5', 'db password=hunter2 at <ip>'],
    ['mail to Bob.Smith+cal@corp.example.com failed', 'mail to <address> failed'],
    ['connect [::1]:5432 and fe80::1%eth0 and ::ffff:10.1.2.3', 'connect [<ip>]:5432 and <ip> and <ip>'],
    ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here', 'full <ip> here'],
    ['at 12:30:45 version 1.2.3 port 10.0.0', 'at 12:30:45 version 1.2.3 port 10.0.0'],
    ['line\nbreak\u0000nul\u2028sep', 'line break nul sep'],
  ])('%j', (text, expected) => {
    expect(redactedText(text)).toBe(expected);
  });

  test('a long text is cut and says how long it was', () => {
    const out = redactedText(`${'a'.repeat(10_000)}@b.example`);
    expect(out).toBe(`${'a'.repeat(MAX_LOGGED_TEXT)}… (10010 characters)`);
    expect(redactedText('é'.repeat(50), 10)).toBe(`${'é'.repeat(10)}… (50 characters)`);
    expect(redactedText(`${'x'.repeat(9)}😀`, 10)).toBe(`${'x'.repeat(9)}… (11 characters)`);
  });

  test('a huge text without separators is handled in bounded time', () => {
    expect(redactedText('a'.repeat(5_000_000)).length).toBeLessThan(MAX_LOGGED_TEXT + 40);
  });
});
