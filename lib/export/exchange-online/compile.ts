/**
 * A rule set as Exchange Online transport rules, written as a PowerShell script for Exchange Online
 * PowerShell. Exchange runs rules by Priority (0 first) and `StopRuleProcessing` ends the run for the
 * recipients a rule matched (a rule with recipient conditions applies to the matched recipients
 * only: Exchange splits the message). WorkMail's order (first-match, or most specific pattern first,
 * ties to the most restrictive action) is compiled into priorities over variants (../order.ts), and
 * every deciding rule stops: the first rule that holds for a recipient is WorkMail's deciding rule.
 * The rewrite's edits run first, in rules that do not stop; audit rules run in Mode Audit.
 */
import type { RuleSet } from '../../engine/rules';
import { exportOrder } from '../order';
import type { ExportOptions } from '../sieve/compile';
import { editLabel } from '../sieve/rewrite';
import { combine, exact, ExportError, fidelityOf, notExported, type Piece, type RuleFidelity } from '../types';
import { exchangeActions, exchangeEdit } from './actions';
import { exchangeFormula, type Clause, type Formula } from './conditions';
import { psCommand, psQuote, type PsValue, unquotable } from './powershell';
import { EXCHANGE_LIMITS, type TransportRule } from './types';

export interface ExchangeExport {
  name: string;
  prefix: string;
  rules: TransportRule[];
  script: string;
  report: RuleFidelity[];
  exported: number;
}

type Params = [string, PsValue][];
const ALWAYS: Formula = [{ conds: [], excepts: [] }];

/** A clause's parameters: conditions, then exceptions (ExceptIf…); undefined when they cannot share one rule. */
export function clauseParams(cl: Clause): Piece<Params> {
  const params: Params = [];
  const locations = new Set<string>();
  for (const [prefix, list] of [
    ['', cl.conds],
    ['ExceptIf', cl.excepts],
  ] as const)
    for (const p of list) {
      if (p.header !== undefined) params.push([`${prefix}HeaderMatchesMessageHeader`, p.header]);
      params.push([`${prefix}${p.param}`, p.values]);
      if (p.location) locations.add(p.location);
    }
  const names = params.map(([k]) => k);
  if (new Set(names).size < names.length) return notExported('two exceptions of the same kind in one transport rule');
  if (locations.size > 1) return notExported('from() and mailFrom() in one rule need different SenderAddressLocation settings');
  if (locations.size === 1) params.push(['SenderAddressLocation', [...locations][0]!]);
  for (const [, v] of params) {
    const bad = (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map(unquotable).find(Boolean);
    if (bad) return notExported(`a value ${bad}`);
  }
  return exact(params);
}

/** Names under the prefix, at most 64 characters, unique. */
function namer(prefix: string): (base: string) => string {
  const used = new Set<string>();
  return (base) => {
    const room = EXCHANGE_LIMITS.name - prefix.length - 4;
    const clean = base.replace(/[\u2018-\u201b\x00-\x1f\x7f]/g, '?').slice(0, room);
    let name = `${prefix}${clean}`;
    for (let i = 2; used.has(name); i++) name = `${prefix}${clean} ${i}`;
    used.add(name);
    return name;
  };
}

const ruleText = (params: Params) => psCommand('New-TransportRule', params);
const regexChars = (params: Params) =>
  params.filter(([k]) => k.endsWith('Patterns')).reduce((n, [, v]) => n + (v as string[]).join('').length, 0);

interface Build {
  rules: TransportRule[];
  name: (base: string) => string;
  regex: number;
}

/** Adds one transport rule per clause; a problem (a limit) instead when one of them does not fit. */
function addRules(b: Build, from: string, formula: Formula, actions: Params, extra: Params, comments?: string): string | undefined {
  const made: TransportRule[] = [];
  let regex = 0;
  for (const cl of formula) {
    const cp = clauseParams(cl);
    if (!cp.ok) return cp.reason;
    const params: Params = [['Name', b.name(from)], ...cp.value, ...actions, ...extra];
    if (comments) params.push(['Comments', comments.slice(0, EXCHANGE_LIMITS.comments)]);
    if (Buffer.byteLength(ruleText(params)) > EXCHANGE_LIMITS.ruleBytes)
      return `a transport rule would be larger than ${EXCHANGE_LIMITS.ruleBytes} bytes`;
    regex += regexChars(params);
    made.push({ from, params });
  }
  if (b.regex + regex > EXCHANGE_LIMITS.regexChars)
    return `the patterns would pass ${EXCHANGE_LIMITS.regexChars} characters of regular expressions over all rules`;
  if (b.rules.length + made.length > EXCHANGE_LIMITS.rules)
    return `the rule set would need more than ${EXCHANGE_LIMITS.rules} transport rules`;
  b.regex += regex;
  b.rules.push(...made);
  return undefined;
}

function addRewrite(b: Build, options: ExportOptions, report: RuleFidelity[]): void {
  const rw = options.rewrite;
  if (!rw) return;
  const when = rw.when ? exchangeFormula(rw.when) : exact(ALWAYS);
  for (const [i, edit] of rw.edits.entries()) {
    const label = editLabel(edit, i);
    const acts = exchangeEdit(edit);
    const all = combine<unknown, unknown>([when, acts], (v) => v);
    let f = fidelityOf(label, all);
    if (when.ok && acts.ok) {
      const problem = addRules(b, label, when.value, acts.value, [['Mode', { variable: 'Mode' }]]);
      if (problem) f = { rule: label, status: 'not exported', differences: [problem] };
    }
    report.push(f);
  }
}

export function exportExchange(ruleSet: RuleSet, options: ExportOptions): ExchangeExport {
  const prefix = `${options.name.slice(0, 20)}: `;
  const b: Build = { rules: [], name: namer(prefix), regex: 0 };
  const report: RuleFidelity[] = [];
  const rewriteReport: RuleFidelity[] = [];
  addRewrite(b, options, rewriteReport);
  const fidelity = new Map<string, RuleFidelity>();
  for (const rule of ruleSet.rules.filter((r) => r.mode === 'audit')) {
    const f = rule.when ? exchangeFormula(rule.when) : exact(ALWAYS);
    const a = exchangeActions(rule.then, rule.copyTo, rule.name);
    const problem = f.ok && a.ok ? addRules(b, rule.name, f.value, a.value, [['Mode', 'Audit']], rule.description) : undefined;
    fidelity.set(
      rule.name,
      problem || !f.ok || !a.ok
        ? fidelityOf(rule.name, problem ? notExported(problem) : combine<unknown, unknown>([f, a], (v) => v))
        : { rule: rule.name, status: 'exact', differences: [], note: 'audit rule: Mode Audit, it never acts' },
    );
  }
  for (const s of exportOrder(ruleSet)) {
    if (fidelity.get(s.rule.name)?.status === 'not exported') continue;
    const f = s.when ? exchangeFormula(s.when) : exact(ALWAYS);
    const a = exchangeActions(s.rule.then, s.rule.copyTo, s.rule.name);
    const all = combine<unknown, unknown>([f, a], (v) => v);
    const problem =
      f.ok && a.ok
        ? addRules(
            b,
            s.rule.name,
            f.value,
            a.value,
            [
              ['Mode', { variable: 'Mode' }],
              ['StopRuleProcessing', true],
            ],
            s.rule.description,
          )
        : undefined;
    const prior = fidelity.get(s.rule.name);
    const now = problem ? fidelityOf(s.rule.name, notExported(problem)) : fidelityOf(s.rule.name, all, s.differences);
    // A part already written stays: the rule is then approximate.
    fidelity.set(
      s.rule.name,
      prior && now.status === 'not exported'
        ? { ...prior, status: 'approximate', differences: [...prior.differences, `a part is left out: ${now.differences[0]}`] }
        : prior && prior.status !== 'exact'
          ? prior
          : now,
    );
  }
  addOtherwise(b, ruleSet, report);
  report.unshift(...ruleSet.rules.map((r) => fidelity.get(r.name)!));
  report.push(...rewriteReport);
  for (const [i, r] of b.rules.entries()) r.params.splice(1, 0, ['Priority', i]);
  const exported = ruleSet.rules.filter((r) => r.mode === 'enforce' && fidelity.get(r.name)!.status !== 'not exported').length;
  return { name: options.name, prefix, rules: b.rules, script: script(ruleSet, options, prefix, b.rules), report, exported };
}

function addOtherwise(b: Build, ruleSet: RuleSet, report: RuleFidelity[]): void {
  if (ruleSet.otherwise.type === 'DEFAULT') return;
  const a = exchangeActions(ruleSet.otherwise, [], '(otherwise)');
  const problem = a.ok
    ? addRules(b, '(otherwise)', ALWAYS, a.value, [
        ['Mode', { variable: 'Mode' }],
        ['StopRuleProcessing', true],
      ])
    : a.reason;
  if (problem) report.push({ rule: '(otherwise)', status: 'not exported', differences: [problem] });
  else if (a.ok && a.differences.length) report.push({ rule: '(otherwise)', status: 'approximate', differences: a.differences });
}

function script(ruleSet: RuleSet, options: ExportOptions, prefix: string, rules: TransportRule[]): string {
  const bad = unquotable(prefix);
  if (bad) throw new ExportError('EXPORT_INVALID', `the rule set name ${JSON.stringify(options.name)} ${bad}`);
  return [
    `# ${options.name}: ${ruleSet.direction} rules, ${ruleSet.precedence} precedence, exported by workmail-rules export exchange-online.`,
    ...(options.source ? [`# From ${options.source.replace(/[\r\n]/g, ' ')}. Re-export instead of editing by hand.`] : []),
    '# Run in Exchange Online PowerShell (Connect-ExchangeOnline). -Audit creates every rule in Mode Audit (a dry run:',
    '# message trace shows what each would do); run again without it to enforce. Rerun replaces the rules under the prefix.',
    '#Requires -Modules ExchangeOnlineManagement',
    'param([switch]$Audit)',
    "$ErrorActionPreference = 'Stop'",
    `$Prefix = ${psQuote(prefix)}`,
    "$Mode = if ($Audit) { 'Audit' } else { 'Enforce' }",
    'Get-TransportRule | Where-Object { $_.Name.StartsWith($Prefix) } | ForEach-Object { Remove-TransportRule -Identity $_.Guid.ToString() -Confirm:$false }',
    ...rules.map((r) => psCommand('New-TransportRule', r.params)),
    '',
  ].join('\n');
}
