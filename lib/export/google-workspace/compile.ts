/**
 * A rule set as a Google Workspace Admin console checklist: for each rule the Gmail setting to add,
 * what to match, the action, and its fidelity. Google applies every setting that matches a message
 * (no first match, no stop), so a rule that an earlier rule shields in WorkMail is approximate; audit
 * rules never act and get a note only; the rewrite's edits are Modify message options.
 */
import type { RuleSet } from '../../engine/rules';
import { exportOrder } from '../order';
import type { ExportOptions } from '../sieve/compile';
import { editLabel } from '../sieve/rewrite';
import { combine, exact, fidelityOf, notExported, type RuleFidelity } from '../types';
import { googleEdit } from './actions';
import { googleFormula } from './conditions';
import { type Made, ruleEntry, shadowing } from './entry';
import { mdText } from './markdown';
import { renderChecklist } from './render';
import { scopeOf } from './scope';
import { conditionLines } from './setting';
import type { GoogleEntry } from './types';

export interface GoogleExport {
  name: string;
  markdown: string;
  entries: GoogleEntry[];
  report: RuleFidelity[];
  exported: number;
}

const leftOut = (rule: string, reason: string, description?: string): GoogleEntry => ({
  rule,
  ...(description ? { description } : {}),
  setting: 'none',
  affect: [],
  conditions: [],
  action: [`Not exported: ${mdText(reason)}`],
});

function rulesOf(ruleSet: RuleSet, entries: Map<string, GoogleEntry>, fidelity: Map<string, RuleFidelity>): void {
  for (const rule of ruleSet.rules.filter((r) => r.mode === 'audit')) {
    fidelity.set(rule.name, { rule: rule.name, status: 'exact', differences: [], note: 'audit rule: it never acts, nothing to configure' });
    entries.set(rule.name, { ...leftOut(rule.name, '', rule.description), action: ['Nothing to configure: an audit rule never acts'] });
  }
  const earlier: { name: string; made?: Made }[] = [];
  const order = [...new Set(exportOrder(ruleSet).map((s) => s.rule))];
  for (const rule of order) {
    const m = ruleEntry(ruleSet, rule, rule.when);
    const shadow = m.ok ? shadowing(m.value, earlier) : undefined;
    const f = fidelityOf(rule.name, m, shadow ? [shadow] : []);
    fidelity.set(rule.name, f);
    entries.set(rule.name, m.ok ? m.value.entry : leftOut(rule.name, f.differences[0]!, rule.description));
    earlier.push({ name: rule.name, ...(m.ok ? { made: m.value } : {}) });
  }
}

function rewriteOf(ruleSet: RuleSet, options: ExportOptions, out: { entries: GoogleEntry[]; report: RuleFidelity[] }): void {
  const rw = options.rewrite;
  if (!rw) return;
  const scope = scopeOf(ruleSet, rw.when);
  const when = scope.rest ? googleFormula(scope.rest) : exact({ join: 'ALL' as const, exprs: [] });
  for (const [i, edit] of rw.edits.entries()) {
    const label = editLabel(edit, i);
    const e = googleEdit(edit, ruleSet.direction === 'INBOUND');
    const footerWhen = e.ok && e.value.footer && rw.when ? ['the rewrite\'s "when" is left out: Append footer has no condition'] : [];
    const all = combine<unknown, unknown>([when, e], (v) => v);
    const f = fidelityOf(label, all, [...(e.ok && e.value.footer ? [] : scope.differences), ...footerWhen]);
    out.report.push(f);
    if (!when.ok || !e.ok) {
      out.entries.push(leftOut(label, f.differences[0]!));
      continue;
    }
    const footer = e.value.footer;
    const setting = footer ? 'Append footer' : when.value.exprs.length === 0 ? 'Routing' : 'Content compliance';
    out.entries.push({
      rule: label,
      setting,
      affect: footer ? [] : scope.affect,
      conditions: footer ? [] : conditionLines(setting, scope.rest, when.value),
      action: e.value.lines,
    });
  }
}

export function exportGoogleWorkspace(ruleSet: RuleSet, options: ExportOptions): GoogleExport {
  const byRule = new Map<string, GoogleEntry>();
  const fidelity = new Map<string, RuleFidelity>();
  rulesOf(ruleSet, byRule, fidelity);
  const entries = ruleSet.rules.map((r) => byRule.get(r.name)!);
  const report = ruleSet.rules.map((r) => fidelity.get(r.name)!);
  if (ruleSet.otherwise.type !== 'DEFAULT') {
    const reason =
      'Google has no "when no rule matched": a setting for every message would also act on the mail the rules deliver; add it by hand with the rules\' conditions as exceptions';
    report.push(fidelityOf('(otherwise)', notExported(reason)));
    entries.push(leftOut('(otherwise)', reason));
  }
  rewriteOf(ruleSet, options, { entries, report });
  const status = new Map(report.map((r) => [r.rule, r]));
  const exported = ruleSet.rules.filter((r) => r.mode === 'enforce' && fidelity.get(r.name)!.status !== 'not exported').length;
  const markdown = renderChecklist(ruleSet, options, entries, status);
  return { name: options.name, markdown, entries, report, exported };
}
