/**
 * A rule set as one Sieve script (RFC 5228) for one host profile (./hosts.ts), run per recipient at
 * delivery: each rule a commented block in precedence order ending in `stop` (see ../order.ts), audit
 * rules as comments, the `otherwise` action last, and a `require` of only the extensions used, never
 * one the host lacks. With it, a fidelity report per rule. The script is checked by ./validate.ts.
 */
import type { Action } from '../../engine/actions';
import { isDelivering } from '../../engine/actions';
import { describeCondition } from '../../engine/conditions/index';
import type { CompiledRule, RuleSet } from '../../engine/rules';
import { exportOrder, type Step } from '../order';
import { sieveAction, type SieveAction } from './actions';
import { sieveTest } from './conditions';
import { DEFAULT_HOST, missing, sieveHost, type SieveHost } from './hosts';
import { DOLLAR_SET, keepDollars, type RewriteSpec, type SieveRewrite, sieveRewrite } from './rewrite';
import { comment, printTest, type SieveCode } from './text';
import { combine, fidelityOf, notExported, type Piece, type RuleFidelity } from '../types';

export interface SieveExport {
  /** The rule set's name (the file name of the script without `.sieve`). */
  name: string;
  host: string;
  script: string;
  report: RuleFidelity[];
  /** How many enforce rules made it into the script. */
  exported: number;
}

export interface ExportOptions {
  /** Names the output; usually the rules file's base name. */
  name: string;
  /** Where the rules come from, for the header comment. */
  source?: string;
  /** The handler's rewrite, exported with the rules (HandlerDescription.rewrite). */
  rewrite?: RewriteSpec;
  /** The Sieve host profile (./hosts.ts); default `dovecot`. */
  host?: string;
}

type Ok<T> = Extract<Piece<T>, { ok: true }>;
const ALWAYS: Ok<SieveCode> = { ok: true, value: { test: 'true', requires: [] }, differences: [] };
const testOf = (when: Step['when']): Piece<SieveCode> => (when ? sieveTest(when) : ALWAYS);

/** A piece the host can run: not exported when it needs an extension the host lacks. */
function onHost<T extends { requires: string[] }>(p: Piece<T>, host: SieveHost): Piece<T> {
  if (!p.ok) return p;
  const lacks = missing(host, p.value.requires);
  return lacks.length ? notExported(`needs the Sieve extension(s) ${lacks.join(', ')}, which ${host.title} lacks`) : p;
}

function auditBlock(rule: CompiledRule, host: SieveHost): string {
  const t = testOf(rule.when);
  const a = sieveAction(rule.then, [], host);
  const shown = t.ok ? printTest(t.value.test, '  ') : describeCondition(rule.when!);
  const head = `Rule "${rule.name}" (audit)${rule.description ? `: ${rule.description}` : ''}`;
  return comment(
    `${head}\nAudit rules never act. When this holds, WorkMail records that it would:\n  if ${shown} { ${a.ok ? a.value.lines.join(' ') : ''} }`,
  );
}

/** Each rule's fidelity on the host, and each step's compiled test and action. */
function fidelities(ruleSet: RuleSet, steps: Step[], host: SieveHost) {
  const fidelity = new Map<string, RuleFidelity>();
  const compiled = new Map<Step, { test: Ok<SieveCode>; action: Ok<SieveAction> }>();
  for (const rule of ruleSet.rules) {
    if (rule.mode === 'audit') {
      fidelity.set(rule.name, {
        rule: rule.name,
        status: 'exact',
        differences: [],
        note: 'audit rule: written as a comment, it never acts',
      });
      continue;
    }
    const own = steps.filter((s) => s.rule === rule);
    const tests = own.map((s) => onHost(testOf(s.when), host));
    const action = onHost(sieveAction(rule.then, rule.copyTo, host), host);
    const all = combine<unknown, unknown>([...tests, action], (v) => v);
    fidelity.set(rule.name, fidelityOf(rule.name, all, own[0]?.differences ?? []));
    if (all.ok) for (const [i, s] of own.entries()) compiled.set(s, { test: tests[i] as Ok<SieveCode>, action: action as Ok<SieveAction> });
  }
  return { fidelity, compiled };
}

export function exportSieve(ruleSet: RuleSet, options: ExportOptions): SieveExport {
  const host = sieveHost(options.host ?? DEFAULT_HOST);
  const steps = exportOrder(ruleSet);
  const { fidelity, compiled } = fidelities(ruleSet, steps, host);
  const rewrite = options.rewrite ? sieveRewrite(options.rewrite, host) : undefined;
  const requires = new Set<string>();
  const otherwise = sieveAction(ruleSet.otherwise, [], host);
  const otherwiseOk = onHost(otherwise, host);
  const delivers =
    isDelivering(ruleSet.otherwise) || [...compiled.keys()].some((s) => isDelivering(s.rule.then) || s.rule.copyTo.length > 0);
  const vars = rewrite?.variables === true && delivers;
  const state = { dollar: vars && rewrite.dollar, rewritten: false };
  const code = (text: string): string => (vars && text.includes('${') ? ((state.dollar = true), keepDollars(text)) : text);
  const editsFor = (action: Action, copyTo: readonly string[]): string[] => {
    if (!rewrite?.lines.length || (!isDelivering(action) && copyTo.length === 0)) return [];
    state.rewritten = true;
    return rewrite.lines;
  };
  const blocks = ruleSet.rules.filter((r) => r.mode === 'audit').map((r) => auditBlock(r, host));
  blocks.push(...ruleBlocks(steps, fidelity, compiled, { code, editsFor, requires }));
  const report = ruleSet.rules.map((r) => fidelity.get(r.name)!);
  if (otherwiseOk.ok) {
    for (const r of otherwiseOk.value.requires) requires.add(r);
    const last = [...editsFor(ruleSet.otherwise, []), ...otherwiseOk.value.lines.map(code)];
    blocks.push(`${comment(`Otherwise (no rule decided): ${ruleSet.otherwise.type}`)}\n${last.join('\n')}`);
    if (otherwiseOk.differences.length) report.push({ rule: '(otherwise)', status: 'approximate', differences: otherwiseOk.differences });
  } else {
    blocks.push(
      comment(`Otherwise (no rule decided): ${ruleSet.otherwise.type}, not exported: ${otherwiseOk.reason}; the host keeps the message`),
    );
    report.push({ rule: '(otherwise)', status: 'not exported', differences: [otherwiseOk.reason] });
  }
  if (rewrite) addRewrite(rewrite, state, blocks, requires, report);
  const exported = ruleSet.rules.filter((r) => r.mode === 'enforce' && fidelity.get(r.name)!.status !== 'not exported').length;
  return { name: options.name, host: host.id, script: assemble(ruleSet, options, host, requires, blocks), report, exported };
}

function addRewrite(
  rewrite: SieveRewrite,
  state: { dollar: boolean; rewritten: boolean },
  blocks: string[],
  requires: Set<string>,
  report: RuleFidelity[],
) {
  report.push(...rewrite.report);
  if (state.rewritten) for (const r of rewrite.requires) requires.add(r);
  blocks.unshift([comment(rewrite.summary), ...(state.rewritten && state.dollar ? [DOLLAR_SET] : [])].join('\n'));
}

interface BlockContext {
  code: (text: string) => string;
  editsFor: (action: Action, copyTo: readonly string[]) => string[];
  requires: Set<string>;
}

function ruleBlocks(
  steps: Step[],
  fidelity: Map<string, RuleFidelity>,
  compiled: Map<Step, { test: Ok<SieveCode>; action: Ok<SieveAction> }>,
  ctx: BlockContext,
): string[] {
  const blocks: string[] = [];
  const seen = new Map<string, number>();
  for (const s of steps) {
    const f = fidelity.get(s.rule.name)!;
    const total = steps.filter((x) => x.rule === s.rule).length;
    const n = (seen.get(s.rule.name) ?? 0) + 1;
    seen.set(s.rule.name, n);
    const head = `Rule "${s.rule.name}"${total > 1 ? ` (part ${n} of ${total}, by pattern specificity)` : ''}${s.rule.description ? `: ${s.rule.description}` : ''}`;
    const c = compiled.get(s);
    if (c === undefined) {
      if (n === 1) blocks.push(comment(`${head}\nNot exported: ${f.differences.join('; ')}`));
      continue;
    }
    for (const r of [...c.test.value.requires, ...c.action.value.requires]) ctx.requires.add(r);
    const notes = f.status === 'approximate' && n === 1 ? `\nApproximate: ${f.differences.join('; ')}` : '';
    const body = [...ctx.editsFor(s.rule.then, s.rule.copyTo), ...c.action.value.lines.map(ctx.code), 'stop;']
      .map((l) => `  ${l}`)
      .join('\n');
    blocks.push(`${comment(head + notes)}\nif ${ctx.code(printTest(c.test.value.test))} {\n${body}\n}`);
  }
  return blocks;
}

function assemble(ruleSet: RuleSet, options: ExportOptions, host: SieveHost, requires: Set<string>, blocks: string[]): string {
  const header = comment(
    [
      `${options.name}: ${ruleSet.direction} rules, ${ruleSet.precedence} precedence, exported by workmail-rules export sieve --host ${host.id} (${host.title}).`,
      ...(options.source ? [`From ${options.source}. Re-export instead of editing by hand.`] : []),
      'Run per recipient at delivery (RFC 5228).',
    ].join('\n'),
  );
  const req = requires.size > 0 ? `require ${JSON.stringify([...requires].sort()).replace(/","/g, '", "')};\n\n` : '';
  return `${header}\n${req}${blocks.join('\n\n')}\n`;
}
