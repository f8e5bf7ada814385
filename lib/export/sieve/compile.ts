/**
 * A rule set as one Sieve script (RFC 5228), run per recipient at delivery: each rule a commented
 * block in precedence order ending in `stop` (see ./order.ts), audit rules as comments, the
 * `otherwise` action last, and a `require` of only the extensions used. With it, a fidelity report
 * per rule.
 */
import { isDelivering } from '../../engine/actions';
import { describeCondition } from '../../engine/conditions/index';
import type { RuleSet } from '../../engine/rules';
import { exportOrder } from '../order';
import { sieveAction } from './actions';
import { sieveTest } from './conditions';
import { DOLLAR_SET, keepDollars, type RewriteSpec, sieveRewrite } from './rewrite';
import { comment, printTest, type SieveCode } from './text';
import { combine, fidelityOf, type Piece, type RuleFidelity } from '../types';

export interface SieveExport {
  /** The rule set's name (the file name of the script without `.sieve`). */
  name: string;
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
}

const ALWAYS: SieveCode = { test: 'true', requires: [] };

export function exportSieve(ruleSet: RuleSet, options: ExportOptions): SieveExport {
  const requires = new Set<string>();
  const report: RuleFidelity[] = [];
  const blocks: string[] = [];
  const steps = exportOrder(ruleSet);
  const rewrite = options.rewrite ? sieveRewrite(options.rewrite) : undefined;
  let rewritten = false;
  /** The rewrite's lines for a block whose action delivers the message (or copies it). */
  const editsFor = (action: Parameters<typeof isDelivering>[0], copyTo: readonly string[]): string[] => {
    if (!rewrite?.lines.length || (!isDelivering(action) && copyTo.length === 0)) return [];
    rewritten = true;
    return rewrite.lines;
  };
  const byRule = new Map<string, Piece<SieveCode>[]>();
  for (const s of steps)
    byRule.set(s.rule.name, [
      ...(byRule.get(s.rule.name) ?? []),
      s.when ? sieveTest(s.when) : { ok: true, value: ALWAYS, differences: [] },
    ]);

  const fidelity = new Map<string, RuleFidelity>();
  for (const rule of ruleSet.rules) {
    if (rule.mode === 'audit') {
      const t = rule.when ? sieveTest(rule.when) : { ok: true as const, value: ALWAYS, differences: [] };
      const a = sieveAction(rule.then, []);
      const shown = t.ok ? printTest(t.value.test, '  ') : describeCondition(rule.when!);
      const head = `Rule "${rule.name}" (audit)${rule.description ? `: ${rule.description}` : ''}`;
      blocks.push(
        comment(
          `${head}\nAudit rules never act. When this holds, WorkMail records that it would:\n  if ${shown} { ${a.ok ? a.value.lines.join(' ') : ''} }`,
        ),
      );
      fidelity.set(rule.name, {
        rule: rule.name,
        status: 'exact',
        differences: [],
        note: 'audit rule: written as a comment, it never acts',
      });
      continue;
    }
    const tests = combine(byRule.get(rule.name) ?? [], (v) => v);
    const action = sieveAction(rule.then, rule.copyTo);
    const step = steps.find((s) => s.rule === rule);
    fidelity.set(
      rule.name,
      fidelityOf(
        rule.name,
        combine<unknown, unknown>([tests, action], (v) => v),
        step?.differences ?? [],
      ),
    );
  }

  // With variables in use (the rewrite's tagSubject), a literal `${` anywhere must be kept from expanding.
  const delivers =
    isDelivering(ruleSet.otherwise) ||
    steps.some((s) => fidelity.get(s.rule.name)!.status !== 'not expressible' && (isDelivering(s.rule.then) || s.rule.copyTo.length > 0));
  const vars = rewrite?.variables === true && delivers;
  let dollar = vars && rewrite.dollar;
  const code = (text: string): string => {
    if (!vars || !text.includes('${')) return text;
    dollar = true;
    return keepDollars(text);
  };
  let exported = 0;
  const seen = new Map<string, number>();
  for (const s of steps) {
    const f = fidelity.get(s.rule.name)!;
    const total = byRule.get(s.rule.name)!.length;
    const n = (seen.get(s.rule.name) ?? 0) + 1;
    seen.set(s.rule.name, n);
    const head = `Rule "${s.rule.name}"${total > 1 ? ` (part ${n} of ${total}, by pattern specificity)` : ''}${s.rule.description ? `: ${s.rule.description}` : ''}`;
    if (f.status === 'not expressible') {
      if (n === 1) blocks.push(comment(`${head}\nNot expressible in Sieve, left out: ${f.differences.join('; ')}`));
      continue;
    }
    const t = (s.when ? sieveTest(s.when) : { ok: true, value: ALWAYS, differences: [] }) as Extract<Piece<SieveCode>, { ok: true }>;
    const a = sieveAction(s.rule.then, s.rule.copyTo) as Extract<Piece<{ lines: string[]; requires: string[] }>, { ok: true }>;
    for (const r of [...t.value.requires, ...a.value.requires]) requires.add(r);
    const notes = f.status === 'approximate' && n === 1 ? `\nApproximate: ${f.differences.join('; ')}` : '';
    const body = [...editsFor(s.rule.then, s.rule.copyTo), ...a.value.lines.map(code), 'stop;'].map((l) => `  ${l}`).join('\n');
    blocks.push(`${comment(head + notes)}\nif ${code(printTest(t.value.test))} {\n${body}\n}`);
    if (n === 1) exported++;
  }
  const otherwise = sieveAction(ruleSet.otherwise, []) as Extract<Piece<{ lines: string[]; requires: string[] }>, { ok: true }>;
  for (const r of otherwise.value.requires) requires.add(r);
  const last = [...editsFor(ruleSet.otherwise, []), ...otherwise.value.lines.map(code)];
  blocks.push(`${comment(`Otherwise (no rule decided): ${ruleSet.otherwise.type}`)}\n${last.join('\n')}`);
  for (const rule of ruleSet.rules) report.push(fidelity.get(rule.name)!);
  if (rewrite) {
    report.push(...rewrite.report);
    if (rewritten) for (const r of rewrite.requires) requires.add(r);
    blocks.unshift([comment(rewrite.summary), ...(rewritten && dollar ? [DOLLAR_SET] : [])].join('\n'));
  }

  const header = comment(
    [
      `${options.name}: ${ruleSet.direction} rules, ${ruleSet.precedence} precedence, exported by workmail-rules export sieve.`,
      ...(options.source ? [`From ${options.source}. Re-export instead of editing by hand.`] : []),
      'Run per recipient at delivery (RFC 5228).',
    ].join('\n'),
  );
  const req = requires.size > 0 ? `require ${JSON.stringify([...requires].sort()).replace(/","/g, '", "')};\n\n` : '';
  return { name: options.name, script: `${header}\n${req}${blocks.join('\n\n')}\n`, report, exported };
}
