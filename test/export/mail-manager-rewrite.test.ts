/**
 * A handler's rewrite in the Mail Manager export: setHeader of an X- header becomes AddHeader in a
 * first rule guarded by the rewrite's `when` (approximate: AddHeader does not replace), the rules
 * after it are those of the export without a rewrite, and every other edit is reported not
 * expressible with why.
 */
import { appendFooter, defineRules, drop, from, junk, not, removeHeader, setHeader, subject, tagSubject } from '../../lib';
import { exportMailManager, MAIL_MANAGER_LIMITS } from '../../lib/export/index';
import { mailManagerFormula } from '../../lib/export/mail-manager/conditions';

const rules = defineRules({
  direction: 'INBOUND',
  rules: [
    { name: 'blocked', when: from('bad.example'), then: drop() },
    { name: 'promo', when: subject('Sale'), then: junk() },
  ],
});
const when = not(from('*.corp.example'));
const edits = [
  setHeader('X-Scanned', 'yes'),
  tagSubject('[EXTERNAL]'),
  removeHeader('X-Internal'),
  setHeader('Organization', 'Corp'),
  appendFooter({ text: 'f' }),
];

describe('the rewrite in Mail Manager', () => {
  const plain = exportMailManager(rules, { name: 'inbound' });
  const withRewrite = exportMailManager(rules, { name: 'inbound', rewrite: { when, edits } });

  test('setHeader X-Scanned is an AddHeader in a first rule with the conditions of `when`', () => {
    const [first, ...rest] = withRewrite.rules;
    const formula = mailManagerFormula(when);
    if (!formula.ok) throw new Error(formula.reason);
    expect(first).toEqual({
      Name: 'rewrite',
      Conditions: formula.value[0]!.conds,
      Unless: formula.value[0]!.unless,
      Actions: [{ AddHeader: { HeaderName: 'X-Scanned', HeaderValue: 'yes' } }],
    });
    expect(first!.Name).toMatch(MAIL_MANAGER_LIMITS.ruleName);
    expect(rest.map(({ Name: _n, ...r }) => r)).toEqual(plain.rules.map(({ Name: _n, ...r }) => r));
  });

  test('one report entry per edit: AddHeader approximate, the rest not expressible with why', () => {
    const entries = withRewrite.report.filter((r) => r.rule.startsWith('rewrite '));
    expect(entries.map((r) => [r.rule, r.status, r.differences[0]])).toEqual([
      ['rewrite 1: setHeader X-Scanned', 'approximate', expect.stringMatching(/AddHeader adds the field and keeps any/)],
      ['rewrite 2: tagSubject "[EXTERNAL]"', 'not exported', expect.stringMatching(/no action that edits the Subject/)],
      ['rewrite 3: removeHeader X-Internal', 'not exported', expect.stringMatching(/no action that removes a header/)],
      ['rewrite 4: setHeader Organization', 'not exported', expect.stringMatching(/AddHeader names must match X-/)],
      ['rewrite 5: appendFooter', 'not exported', expect.stringMatching(/no action that changes the body/)],
    ]);
  });

  test('no expressible edit: no rewrite rule at all', () => {
    const e = exportMailManager(rules, { name: 'inbound', rewrite: { edits: [tagSubject('[X]')] } });
    expect(e.rules.map((r) => r.Name)).toEqual(plain.rules.map((r) => r.Name));
  });
});
