/**
 * Every export target's capability table (what `export <target> --capabilities` prints) tells the
 * truth about anyRecipient(): the row exists, and compiling a one-rule set is never better than it says.
 */
import { defineRules, drop } from '../../lib';
import { anyRecipient } from '../../lib/engine/conditions/address';
import { TARGETS } from '../../lib/export/targets';

const RANK = { exact: 0, approximate: 1, 'not exported': 2 } as const;

const ruleSet = defineRules({
  direction: 'INBOUND',
  rules: [{ name: 'ceo-mail', when: anyRecipient('ceo@corp.example'), then: drop() }],
});

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s capability table', (_id, target) => {
  const options = target.option ? target.option.values : [undefined];
  it.each(options.map((o) => [o ?? 'default']))('has an anyRecipient() row that matches the export (%s)', (option) => {
    const opt = option === 'default' ? undefined : option;
    const rows = target.capabilities(opt).filter((c) => c.feature.includes('anyRecipient'));
    expect(rows).toHaveLength(1);
    const out = target.compile({ name: 'inbound', file: 'rules/inbound.ts', source: 'rules/inbound.ts', ruleSet }, opt);
    const entry = out.report.find((r) => r.rule === 'ceo-mail');
    // The rule's status is the worst of its condition's and its action's: never better than the row says,
    // and left out exactly when the row says so.
    expect(RANK[entry!.status]).toBeGreaterThanOrEqual(RANK[rows[0]!.fidelity]);
    expect(entry!.status === 'not exported').toBe(rows[0]!.fidelity === 'not exported');
  });
});
