/**
 * Decide benchmark: JSON text of an event → JSON.parse → parseEvent → evaluate → planResponse →
 * validateResponse → JSON.stringify, against the floor JSON.parse + JSON.stringify of the same event
 * and response. Grid: recipients × envelope rules.
 */
import { evaluate, planResponse, type RuleSet } from '../../lib/engine';
import { parseEvent, validateResponse } from '../../lib/workmail';
import { formatTarget, target, type Target } from '../lib/results';
import { profileInProcess, type ProfileSummary } from '../lib/profile';
import { ratio, rounded } from '../lib/stats';
import { makeEvent, makeRuleSet, RECIPIENT_COUNTS, RULE_COUNTS } from './inputs';
import { measureAsync, type InProcessFigure, type InProcessOptions } from './measure';

export interface DecideCell {
  recipients: number;
  rules: number;
  eventBytes: number;
  responseEntries: number;
  /** Per call, ms. */
  pipelineMs: InProcessFigure;
  floorMs: InProcessFigure;
  /** median pipeline / median floor */
  ratio: number;
  /** (median pipeline − median floor) / (recipients × rules), ns. */
  nsPerRecipientRule: number;
}

export interface DecideSection {
  method: string;
  cells: DecideCell[];
  /** Median per call of each step at the largest cell, ms. */
  breakdown: Record<string, number>;
  linearity: { nsPerRecipientRuleMin: number; nsPerRecipientRuleMax: number; over: string };
  /** CPU profile of `evaluate` at the largest cell, taken when the target is missed. */
  profile?: ProfileSummary;
  /** Why the target is missed, from the figures above (empty when met). */
  diagnosis: string[];
}

class DecideBenchError extends Error {
  readonly code = 'BENCH_DECIDE' as const;
}

let sink = 0;

/** The bound of issue 11: the pipeline within 10× the JSON floor measured in the same run. */
const LIMIT = 10;

function pipelineFor(ruleSet: RuleSet) {
  return async (text: string): Promise<string> => {
    const event = parseEvent(JSON.parse(text));
    const decision = await evaluate(ruleSet, event);
    const response = planResponse(decision, { direction: event.flowDirection });
    const problems = validateResponse(response, event.flowDirection);
    if (problems.length > 0) throw new DecideBenchError(`planned response is invalid: ${problems.join('; ')}`);
    return JSON.stringify(response);
  };
}

const round = (f: InProcessFigure): InProcessFigure => ({ ...rounded(f, 6), batch: f.batch });

export async function runDecideBench(opts: {
  quick?: boolean;
  log?: (s: string) => void;
}): Promise<{ section: DecideSection; targets: Target[] }> {
  const log = opts.log ?? (() => {});
  const timing: InProcessOptions = opts.quick
    ? { runs: 7, minRunMs: 2, warmupMs: 150, budgetMs: 800 }
    : { runs: 31, minRunMs: 5, warmupMs: 500, budgetMs: 4000 };
  const cells: DecideCell[] = [];
  for (const rules of RULE_COUNTS) {
    const ruleSet = makeRuleSet(rules);
    const pipeline = pipelineFor(ruleSet);
    for (const recipients of RECIPIENT_COUNTS) {
      const text = JSON.stringify(makeEvent(recipients));
      const responseText = await pipeline(text);
      const pipelineMs = await measureAsync(async () => {
        sink += (await pipeline(text)).length;
      }, timing);
      const response = JSON.parse(responseText);
      const floorMs = await measureAsync(() => {
        const parsed = JSON.parse(text) as { envelope: unknown[] };
        sink += JSON.stringify(response).length + (parsed.envelope ? 1 : 0);
      }, timing);
      const cell: DecideCell = {
        recipients,
        rules,
        eventBytes: Buffer.byteLength(text),
        responseEntries: response.actions.length,
        pipelineMs: round(pipelineMs),
        floorMs: round(floorMs),
        ratio: ratio(pipelineMs.median, floorMs.median),
        nsPerRecipientRule: Math.round((((pipelineMs.median - floorMs.median) * 1e6) / (recipients * rules)) * 10) / 10,
      };
      cells.push(cell);
      log(
        `  decide ${String(recipients).padStart(3)} recipients × ${String(rules).padStart(3)} rules: ` +
          `${(pipelineMs.median * 1000).toFixed(1)} µs (p99 ${(pipelineMs.p99 * 1000).toFixed(1)}), floor ${(floorMs.median * 1000).toFixed(1)} µs, ${cell.ratio}× floor, ${cell.nsPerRecipientRule} ns per recipient×rule`,
      );
    }
  }

  // Step breakdown at the largest cell.
  const big = RECIPIENT_COUNTS[RECIPIENT_COUNTS.length - 1]!;
  const bigRules = RULE_COUNTS[RULE_COUNTS.length - 1]!;
  const ruleSet = makeRuleSet(bigRules);
  const text = JSON.stringify(makeEvent(big));
  const raw = JSON.parse(text);
  const event = parseEvent(structuredClone(raw));
  const decision = await evaluate(ruleSet, event);
  const response = planResponse(structuredClone(decision), { direction: 'INBOUND' });
  const steps: Record<string, () => unknown> = {
    'JSON.parse': () => JSON.parse(text),
    parseEvent: () => parseEvent(raw),
    evaluate: () => evaluate(ruleSet, event),
    // planResponse appends to decision.notes: each call gets a copy, whose cost is measured apart and taken off.
    planResponseWithCopy: () => planResponse(structuredClone(decision), { direction: 'INBOUND' }),
    copy: () => structuredClone(decision),
    validateResponse: () => validateResponse(response, 'INBOUND'),
    'JSON.stringify': () => JSON.stringify(response),
  };
  const breakdown: Record<string, number> = {};
  for (const [name, fn] of Object.entries(steps)) {
    const f = await measureAsync(
      async () => {
        const r = await fn();
        sink += r ? 1 : 0;
      },
      { ...timing, runs: Math.min(timing.runs, 11) },
    );
    breakdown[name] = Math.round(f.median * 1e6) / 1e6;
  }
  breakdown['planResponse'] = Math.max(0, Math.round((breakdown['planResponseWithCopy']! - breakdown['copy']!) * 1e6) / 1e6);
  delete breakdown['planResponseWithCopy'];
  delete breakdown['copy'];
  const ordered = ['JSON.parse', 'parseEvent', 'evaluate', 'planResponse', 'validateResponse', 'JSON.stringify'];
  const breakdownInOrder = Object.fromEntries(ordered.map((k) => [k, breakdown[k]!]));
  log(
    `  decide breakdown at ${big}×${bigRules} (ms per call): ${Object.entries(breakdownInOrder)
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(', ')}`,
  );

  const linearCells = cells.filter((c) => c.recipients * c.rules >= 50 * 50);
  const per = linearCells.map((c) => c.nsPerRecipientRule);
  const section: DecideSection = {
    method:
      'In process, process.hrtime.bigint(); warm-up, then batches of calls sized so a measured run lasts at least ' +
      `${timing.minRunMs} ms; ${timing.runs} measured runs (fewer past a time budget, never below 5); per-call median and p99. ` +
      'Pipeline: JSON.parse(event text) → parseEvent → evaluate (lib/engine) → planResponse → validateResponse → JSON.stringify(response). ' +
      'Floor: JSON.parse of the same event text + JSON.stringify of the same response.',
    cells,
    breakdown: breakdownInOrder,
    linearity: {
      nsPerRecipientRuleMin: Math.min(...per),
      nsPerRecipientRuleMax: Math.max(...per),
      over: 'cells with recipients × rules ≥ 2500',
    },
    diagnosis: [],
  };
  const largest = cells.find((c) => c.recipients === big && c.rules === bigRules)!;
  const t = target(
    'decide.500x200',
    `decide ${big} recipients × ${bigRules} rules vs floor (JSON.parse + JSON.stringify)`,
    largest.ratio,
    LIMIT,
    '× floor',
  );
  log(`  ${formatTarget(t)}`);
  if (!t.pass) {
    section.profile = await profileInProcess(() => evaluate(ruleSet, event), opts.quick ? 800 : 2000);
    const pairs = big * bigRules;
    const total = Object.values(breakdownInOrder).reduce((a, v) => a + v, 0);
    section.diagnosis.push(
      `evaluate is ${Math.round((100 * breakdownInOrder['evaluate']!) / total)}% of the pipeline at ${big} × ${bigRules}. It no longer tests every ` +
        `recipient against every rule (${pairs} pairs here): recipients that match the same recipient patterns share one decision ` +
        '(lib/engine/recipient-index.ts), a rule none of whose recipient patterns a recipient matches is evaluated once per event (its ' +
        'baseline), and first-match skips rules whose baseline is known not to hold (lib/engine/evaluate.ts). What remains is per recipient (an index look-up, ' +
        'the decision object, the planner grouping addresses case-insensitively) plus one full walk of the rules per event. ' +
        `The floor (${(largest.floorMs.median * 1000).toFixed(0)} µs) does no per-recipient work at all; ${LIMIT}× of it leaves about ` +
        `${((LIMIT * largest.floorMs.median * 1e6) / big).toFixed(0)} ns per recipient for everything.`,
      `CPU profile of evaluate at ${big} × ${bigRules} (self time): by module ${section.profile.byModule
        .slice(0, 5)
        .map((h) => `${h.name} ${h.percent}%`)
        .join(', ')}; ` +
        `top functions ${section.profile.byFunction
          .slice(0, 6)
          .map((h) => `${h.name} ${h.percent}%`)
          .join(', ')}.`,
    );
    t.reason = 'per-recipient costs (index look-up, decision objects, planning) against a floor with none; see the diagnosis below.';
  }
  if (sink === -1) log('unreachable');
  return { section, targets: [t] };
}
