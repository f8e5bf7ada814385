/**
 * The transport-rule evaluator against the behaviour Microsoft's documentation states (New-TransportRule,
 * "Manage mail flow rules", "Mail flow rule conditions and exceptions"), independent of the compiler.
 */
import { applies, evaluate, type ExchangeFacts, parseScript } from './exchange-evaluator';

const facts = (over: Partial<ExchangeFacts> = {}): ExchangeFacts => ({
  mailFrom: 'ann@fabrikam.example',
  recipient: 'bob@contoso.example',
  headers: [
    { name: 'From', value: 'Ann <ann@fabrikam.example>' },
    { name: 'X-Tag', value: 'Secret Stuff' },
  ],
  subject: 'Quarterly results',
  body: 'see attached',
  attachments: ['plan.DOCX'],
  size: 1000,
  ...over,
});

test("strings: a doubled quote is one quote; the Unicode quotes end a string as PowerShell's do", () => {
  const [r] = parseScript("New-TransportRule -Name 'O''Hara' -Priority 0 -SubjectMatchesPatterns @('a''b', 'c') -DeleteMessage $true");
  expect(r!.get('Name')).toBe("O'Hara");
  expect(r!.get('SubjectMatchesPatterns')).toEqual(["a'b", 'c']);
  expect(() => parseScript("New-TransportRule -Name 'x\u2019 -DeleteMessage $true")).not.toThrow();
  expect(parseScript("New-TransportRule -Name 'x\u2019 -Priority 0")[0]!.get('Name')).toBe('x');
});

test('rules run by priority, 0 first; StopRuleProcessing ends the run; Mode Audit takes no action', () => {
  const script = [
    "New-TransportRule -Name 'later' -Priority 1 -SubjectMatchesPatterns @('results') -DeleteMessage $true",
    "New-TransportRule -Name 'audit' -Priority 0 -SubjectMatchesPatterns @('results') -RejectMessageReasonText 'no' -Mode 'Audit'",
    "New-TransportRule -Name 'first' -Priority 2 -SubjectMatchesPatterns @('results') -SetSCL 6 -StopRuleProcessing $true",
  ].join('\n');
  expect(evaluate(parseScript(script), facts())).toMatchObject({ action: 'DROP', rules: ['later', 'first'] });
  const stop = script.replace(
    "-Priority 1 -SubjectMatchesPatterns @('results') -DeleteMessage $true",
    "-Priority 3 -SubjectMatchesPatterns @('results') -DeleteMessage $true",
  );
  expect(evaluate(parseScript(stop), facts())).toMatchObject({ action: 'MOVE_TO_JUNK', rules: ['first'] });
});

test('conditions all hold, values are alternatives, any exception cancels; patterns are case-insensitive', () => {
  const rule = (p: string) => parseScript(`New-TransportRule -Name 'r' -Priority 0 ${p} -DeleteMessage $true`)[0]!;
  expect(applies(rule("-SubjectMatchesPatterns @('nope', 'QUARTERLY')"), facts())).toBe(true);
  expect(applies(rule("-SubjectMatchesPatterns @('quarterly') -RecipientAddressMatchesPatterns @('^ann@')"), facts())).toBe(false);
  expect(
    applies(
      rule("-SubjectMatchesPatterns @('quarterly') -ExceptIfHeaderMatchesMessageHeader 'X-Tag' -ExceptIfHeaderMatchesPatterns @('secret')"),
      facts(),
    ),
  ).toBe(false);
  expect(applies(rule("-HeaderMatchesMessageHeader 'X-Tag' -HeaderMatchesPatterns @('^secret stuff$')"), facts())).toBe(true);
});

test('SenderAddressLocation: Header reads the From header, Envelope the MAIL FROM, HeaderOrEnvelope either', () => {
  const f = facts({ mailFrom: 'bounce@lists.example' });
  const rule = (loc: string) =>
    parseScript(
      `New-TransportRule -Name 'r' -Priority 0 -FromAddressMatchesPatterns @('@lists\\.example$') -SenderAddressLocation '${loc}' -DeleteMessage $true`,
    )[0]!;
  expect(applies(rule('Header'), f)).toBe(false);
  expect(applies(rule('Envelope'), f)).toBe(true);
  expect(applies(rule('HeaderOrEnvelope'), f)).toBe(true);
});

test('attachment extensions match words, whatever their case; the size condition is at least the value', () => {
  const rule = (p: string) => parseScript(`New-TransportRule -Name 'r' -Priority 0 ${p} -DeleteMessage $true`)[0]!;
  expect(applies(rule("-AttachmentExtensionMatchesWords @('docx')"), facts())).toBe(true);
  expect(applies(rule("-AttachmentExtensionMatchesWords @('doc')"), facts())).toBe(false);
  expect(applies(rule("-MessageSizeOver '1000'"), facts())).toBe(true);
  expect(applies(rule("-MessageSizeOver '1001'"), facts())).toBe(false);
});

test('a parameter the evaluator does not know is an error, not a silent match', () => {
  const [r] = parseScript("New-TransportRule -Name 'r' -Priority 0 -SentToScope 'InOrganization' -DeleteMessage $true");
  expect(() => applies(r!, facts())).toThrow(/SentToScope/);
});
