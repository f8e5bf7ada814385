/** One rule as a checklist entry: its scope, the setting, what to match, the action and what differs. */
import type { Condition } from '../../engine/conditions/index';
import type { CompiledRule, RuleSet } from '../../engine/rules';
import { exact, notExported, type Piece } from '../types';
import { googleAction, type GoogleAction } from './actions';
import { builtinLines } from './builtin';
import { googleFormula } from './conditions';
import { mdValue } from './markdown';
import { scopeOf } from './scope';
import { conditionLines, listDifferences, pickSetting } from './setting';
import type { Formula, GoogleEntry, SettingId, Strength } from './types';

export interface Made {
  entry: GoogleEntry;
  /** How its action wins over other settings; undefined for Gmail's built-in handling. */
  strength?: Strength;
  reject?: string;
}

const NOTHING: Formula = { join: 'ALL', exprs: [] };

function actionLines(setting: SettingId, a: GoogleAction): string[] {
  if (setting === 'Blocked senders') return [`Use a custom rejection notice: ${mdValue(a.reject!)}`];
  if (setting === 'Spam')
    return ['Bypass spam filters for messages received from addresses or domains within these approved senders lists'];
  if (setting === 'none') return ['Nothing to configure: Google delivers the message'];
  return a.lines;
}

export function ruleEntry(ruleSet: RuleSet, rule: CompiledRule, when: Condition | undefined): Piece<Made> {
  const inbound = ruleSet.direction === 'INBOUND';
  const scope = scopeOf(ruleSet, when);
  const f = scope.rest ? googleFormula(scope.rest) : exact(NOTHING);
  if (!f.ok) return f;
  const a = googleAction(rule.then, rule.copyTo);
  if (!a.ok) return a;
  const setting = pickSetting(rule, scope.rest, f.value, inbound);
  const base = { rule: rule.name, ...(rule.description ? { description: rule.description } : {}), setting };
  if (setting === 'built in') {
    const b = builtinLines(f.value.exprs, f.value.join, rule.then);
    if (!b.ok) return b;
    return exact({ entry: { ...base, affect: [], conditions: b.value, action: ['Nothing to add'] } }, b.differences);
  }
  if (setting === 'Attachment compliance' && f.value.exprs.some((e) => e.kind !== 'file'))
    return notExported('Attachment compliance tests attachments only, and Content compliance cannot test attachments: split the rule');
  if (setting === 'none')
    return exact({ entry: { ...base, affect: [], conditions: [], action: actionLines(setting, a.value) }, strength: 0 });
  const lists = setting === 'Blocked senders' || setting === 'Spam';
  const entry: GoogleEntry = {
    ...base,
    affect: lists ? [] : scope.affect,
    conditions: conditionLines(setting, scope.rest, f.value),
    action: actionLines(setting, a.value),
  };
  return exact(
    { entry, strength: a.value.strength, ...(a.value.reject !== undefined ? { reject: a.value.reject } : {}) },
    // The sender lists say what differs about them; the expressions are not used.
    [...scope.differences, ...(lists ? [] : f.differences), ...a.differences, ...listDifferences(setting, scope.rest)],
  );
}

/** Google runs every matching setting: earlier rules whose match WorkMail would let decide, but Google would not. */
export function shadowing(made: Made, earlier: readonly { name: string; made?: Made }[]): string | undefined {
  const s = made.strength;
  if (s === undefined || s === 0) return undefined;
  const names = earlier.flatMap(({ name, made: e }) => {
    if (e !== undefined && e.strength === undefined) return [];
    const es = e?.strength ?? 0;
    const differs = es < s || (es === s && s === 1) || (es === s && s === 3 && e?.reject !== made.reject);
    return differs ? [name] : [];
  });
  if (names.length === 0) return undefined;
  return `first match: Google applies every setting that matches, so where the earlier rule ${names.map((n) => JSON.stringify(n)).join(', ')} also matches, this one acts as well (WorkMail: the earlier rule decides; Google: Reject wins over Quarantine over Modify, and modifications add up)`;
}
