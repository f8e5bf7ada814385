/** The checklist as Markdown: how to apply and verify, a summary table, then one section per rule. */
import type { RuleSet } from '../../engine/rules';
import type { ExportOptions } from '../sieve/compile';
import type { RuleFidelity } from '../types';
import { item, mdText, mdValue } from './markdown';
import { SETTING_PATH, type GoogleEntry } from './types';

const STEPS = [
  '1. Sign in to the Google Admin console (admin.google.com) as an administrator who may change Gmail settings.',
  '2. Open Menu > Apps > Google Workspace > Gmail and, for each rule below, the setting it names. Select the organizational unit the rules are for (the top-level one for the whole organization), click Configure (or Add another rule), enter the short description given, then what to match and the action, and click Save. Changes can take up to 24 hours.',
  '3. Tick a rule once it is configured. "approximate" lists what differs from WorkMail; "not exported" says why nothing was written for it.',
  '4. Verify: send a test message each rule should catch, and one it should not; then open Menu > Reporting > Email log search, search by sender, recipient or subject, and check in the message details which setting applied and what Gmail did (rejected, quarantined, modified, delivered).',
];
const HOW_TO = ['## How to apply and verify', '', ...STEPS.map(mdText)];

function summary(entries: readonly GoogleEntry[], status: Map<string, RuleFidelity>): string[] {
  const rows = entries.map(
    (e, i) =>
      `| ${i + 1} | ${mdText(e.rule)} | ${e.setting === 'none' ? 'nothing to configure' : mdText(e.setting)} | ${status.get(e.rule)?.status ?? 'exact'} |`,
  );
  return ['## Summary', '', '| # | rule | setting | fidelity |', '| --- | --- | --- | --- |', ...rows];
}

function section(e: GoogleEntry, i: number, f: RuleFidelity | undefined, prefix: string): string[] {
  const out = [`## ${i + 1}. ${mdText(e.rule)}`, ''];
  if (e.description) out.push(`Description: ${mdText(e.description)}`, '');
  const where = mdText(SETTING_PATH[e.setting]);
  const configurable = e.setting !== 'none' && e.setting !== 'built in';
  const actions = configurable ? e.action.map((a) => `Action: ${a}`) : e.setting === 'none' ? e.action.slice(1) : e.action;
  const head = configurable
    ? `**${where}**, short description ${mdValue(`${prefix}${e.rule}`)}`
    : e.setting === 'none'
      ? e.action[0]!
      : where;
  out.push(`- [ ] ${head}`);
  if (e.affect.length > 0) out.push(item(1, `Email messages to affect: ${e.affect.join(', ')}`));
  if (e.conditions.length > 0) {
    out.push(item(1, e.conditions[0]!));
    for (const c of e.conditions.slice(1)) out.push(item(e.conditions[0]!.endsWith(':') ? 2 : 1, c));
  }
  for (const a of actions) out.push(item(1, a));
  const status = f?.status ?? 'exact';
  out.push(item(1, `Fidelity: ${status}${f?.note ? ` (${mdText(f.note)})` : ''}`));
  for (const d of f?.differences ?? []) out.push(item(2, `${status === 'not exported' ? 'why' : 'differs'}: ${mdText(d)}`));
  return [...out, ''];
}

export function renderChecklist(
  ruleSet: RuleSet,
  options: ExportOptions,
  entries: readonly GoogleEntry[],
  status: Map<string, RuleFidelity>,
): string {
  const prefix = `${options.name}: `;
  const from = options.source ? ` from ${mdText(options.source)}` : '';
  return [
    `# Google Workspace checklist: ${mdText(options.name)}`,
    '',
    `Exported by workmail\\-rules export google\\-workspace${from}: ${ruleSet.direction} rules, ${ruleSet.precedence} precedence. Re-export instead of editing by hand.`,
    '',
    ...HOW_TO,
    '',
    ...summary(entries, status),
    '',
    ...entries.flatMap((e, i) => section(e, i, status.get(e.rule), prefix)),
  ].join('\n');
}
