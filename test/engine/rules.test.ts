/** defineRules: defaults, definition-time errors naming the rule, warnings, and compile-time direction checks. */
import { bounce, bypassSpam, deliver, drop, junk } from '../../lib/engine/actions';
import { all, attachment, from, not, recipient, subject } from '../../lib/engine/conditions';
import { defineRules, RuleDefinitionError, type RuleSetDefinition } from '../../lib/engine/rules';
import type { FlowDirection } from '../../lib/workmail/types';
// The full entry's glob-habit checks (the refusal of a glob address pattern gives the RegExp meant).
import '../../lib/engine/habits-check';

function problemsOf(def: RuleSetDefinition<FlowDirection>): string[] {
  try {
    defineRules(def);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleDefinitionError);
    expect((e as RuleDefinitionError).code).toBe('RULE_DEFINITION');
    return (e as RuleDefinitionError).problems.map((p) => `${p.rule ?? '-'}: ${p.message}`);
  }
  throw new Error('defineRules accepted the rule set');
}

describe('a valid rule set', () => {
  test('defaults: first-match, otherwise deliver, enforce mode; needsMessage follows the conditions', () => {
    const rs = defineRules({ direction: 'INBOUND', rules: [{ name: 'a', when: from('x.example'), then: drop() }] });
    expect(rs.precedence).toBe('first-match');
    expect(rs.otherwise).toEqual({ type: 'DEFAULT' });
    expect(rs.rules[0]).toMatchObject({ name: 'a', mode: 'enforce', index: 0, needsMessage: false, copyTo: [] });
    expect(rs.needsMessage).toBe(false);
    expect(rs.warnings).toEqual([]);
    const content = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'a', when: all(from('x.example'), not(attachment({ extension: 'exe' }))), then: drop() }],
    });
    expect(content.needsMessage).toBe(true);
    expect(content.rules[0]!.needsMessage).toBe(true);
  });

  test('the rule set is frozen', () => {
    const rs = defineRules({ direction: 'OUTBOUND', rules: [] });
    expect(Object.isFrozen(rs)).toBe(true);
    expect(Object.isFrozen(rs.rules)).toBe(true);
  });

  test('warnings: unchecked inbound copyTo, copyTo on an audit rule, rules after an unconditional rule', () => {
    const rs = defineRules({
      direction: 'INBOUND',
      rules: [
        { name: 'copy', when: recipient('ceo@corp.example'), then: deliver(), copyTo: ['legal@corp.example'] },
        { name: 'audit-copy', when: subject('x'), then: junk(), mode: 'audit', copyTo: ['legal@corp.example'] },
        { name: 'catch-all', then: deliver() },
        { name: 'never', when: from('a.example'), then: drop() },
      ],
    });
    expect(rs.warnings).toEqual([
      expect.stringMatching(/rule "copy": copyTo addresses cannot be checked: give organizationDomains/),
      expect.stringMatching(/rule "audit-copy": copyTo addresses cannot be checked/),
      expect.stringMatching(/rule "audit-copy": copyTo on an audit rule never applies/),
      expect.stringMatching(/rule "catch-all" has no condition, so the rules after it never decide/),
    ]);
  });
});

describe('definition-time errors', () => {
  test('duplicate names', () => {
    expect(
      problemsOf({
        direction: 'INBOUND',
        rules: [
          { name: 'a', then: drop() },
          { name: 'a', then: junk() },
        ],
      }),
    ).toEqual(['a: duplicate rule name: names must be unique in a rule set']);
  });

  test('invalid patterns name the rule, the pattern and the problem', () => {
    expect(problemsOf({ direction: 'INBOUND', rules: [{ name: 'block', when: any2(), then: drop() }] })).toEqual([
      'block: from("a b.example"): spaces are not allowed inside a pattern',
      'block: recipient("bad.*.example"): a "*" may appear only at the front of a domain, as "*.domain"; for a wildcard there, give the RegExp /^[^@]+@bad\\.[^@.]+\\.example$/i (without quotes)',
      'block: from("x+y@corp.example"): the "+" symbol is not valid inside sender or recipient patterns (WorkMail)',
    ]);
    function any2() {
      return all(from('a b.example'), not(recipient('bad.*.example')), from('ok.example', 'x+y@corp.example'));
    }
  });

  test('an action the direction does not allow (a type error too, checked at run time for JavaScript callers)', () => {
    const def = {
      direction: 'OUTBOUND',
      rules: [
        { name: 'j', then: junk() },
        { name: 'b', then: bypassSpam() },
      ],
      otherwise: junk(),
    } as unknown as RuleSetDefinition<FlowDirection>;
    expect(problemsOf(def)).toEqual([
      '-: otherwise: action MOVE_TO_JUNK is not allowed for OUTBOUND rules (allowed: BOUNCE, DROP, DEFAULT)',
      'j: action MOVE_TO_JUNK is not allowed for OUTBOUND rules (allowed: BOUNCE, DROP, DEFAULT)',
      'b: action BYPASS_SPAM_CHECK is not allowed for OUTBOUND rules (allowed: BOUNCE, DROP, DEFAULT)',
    ]);
  });

  test('inbound copyTo outside organizationDomains; copyTo that is not an address', () => {
    expect(
      problemsOf({
        direction: 'INBOUND',
        organizationDomains: ['corp.example'],
        rules: [
          {
            name: 'c',
            when: recipient('ceo@corp.example'),
            then: deliver(),
            copyTo: ['legal@corp.example', 'spy@elsewhere.example', '*.corp.example'],
          },
        ],
      }),
    ).toEqual([
      'c: copyTo "spy@elsewhere.example" is outside organizationDomains (corp.example): inbound rules may add only recipients of the organization (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html)',
      'c: copyTo "*.corp.example" is not a plain address (user@domain)',
    ]);
  });

  test('outbound copyTo may go anywhere', () => {
    const rs = defineRules({
      direction: 'OUTBOUND',
      organizationDomains: ['corp.example'],
      rules: [{ name: 'c', then: deliver(), copyTo: ['archive@vendor.example'] }],
    });
    expect(rs.rules[0]!.copyTo).toEqual(['archive@vendor.example']);
  });

  test('every problem at once: names, modes, actions, precedence, domains', () => {
    const def = {
      direction: 'INBOUND',
      precedence: 'newest',
      organizationDomains: ['corp.example', '*.bad'],
      rules: [
        { name: '', then: drop() },
        { name: 'm', then: drop(), mode: 'dry-run' },
        { name: 'p', then: { type: 'DEFAULT', parameters: { bounceMessage: 'x' } } },
        { name: 'n', then: undefined },
      ],
    } as unknown as RuleSetDefinition<FlowDirection>;
    const problems = problemsOf(def);
    expect(problems).toEqual([
      "-: precedence must be 'first-match' or 'specificity', got \"newest\"",
      '-: organizationDomains: "*.bad" is not a domain name',
      '#1: every rule needs a non-empty name',
      "m: mode must be 'enforce' or 'audit', got \"dry-run\"",
      'p: only BOUNCE takes parameters, DEFAULT has some',
      'n: `then` must be an action: deliver(), bounce(msg), drop(), junk() or bypassSpam()',
    ]);
  });

  test('the message lists every problem with its rule and says what to do', () => {
    expect(() => defineRules({ direction: 'INBOUND', rules: [{ name: 'x', when: from(''), then: drop() }] })).toThrow(
      /Invalid rule set \(1 problem\):\n {2}- rule "x": from\(""\): the pattern is empty\nFix the rules file/,
    );
  });

  test('a direction that is not INBOUND/OUTBOUND', () => {
    expect(() => defineRules({ direction: 'SIDEWAYS' as FlowDirection, rules: [] })).toThrow(RuleDefinitionError);
  });
});

describe('compile-time checks', () => {
  test('OUTBOUND rule sets accept only deliver/bounce/drop', () => {
    // These lines are checked by `tsc --noEmit`: each @ts-expect-error must really be an error.
    const ok = () =>
      defineRules({
        direction: 'OUTBOUND',
        rules: [
          { name: 'a', then: bounce('no') },
          { name: 'b', then: drop() },
        ],
        otherwise: deliver(),
      });
    // @ts-expect-error junk() is inbound-only
    const badRule = () => defineRules({ direction: 'OUTBOUND', rules: [{ name: 'a', then: junk() }] });
    // @ts-expect-error bypassSpam() is inbound-only
    const badOtherwise = () => defineRules({ direction: 'OUTBOUND', rules: [], otherwise: bypassSpam() });
    const inbound = () =>
      defineRules({
        direction: 'INBOUND',
        rules: [
          { name: 'a', then: junk() },
          { name: 'b', then: bypassSpam() },
        ],
      });
    expect(ok().direction).toBe('OUTBOUND');
    expect(inbound().direction).toBe('INBOUND');
    expect(badRule).toThrow(RuleDefinitionError);
    expect(badOtherwise).toThrow(RuleDefinitionError);
  });
});
