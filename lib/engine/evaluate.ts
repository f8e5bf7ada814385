/**
 * The evaluation: one action per recipient, from a checked rule set. Pure: no I/O of its own; the
 * message is read only through the `MessageContent` view it is given, and only when a content
 * condition is actually reached.
 *
 * A rule only needs to know whether its condition holds, so evaluation stops as soon as that is
 * settled: in the trace, `unknown` means "could not be shown to hold" (once part of an `all()` is
 * unknown, its content parts are not read just to tell unknown from false). `skipped` means the
 * rule was not evaluated: a decision was already made (first-match), or, under specificity, a
 * content rule could not have beaten the winner.
 */
import type { LambdaEventData } from '../workmail/types';
import type { Action } from './actions';
import { evalCondition, evalSync, isSynchronous, newState, type EvalState, type Outcome } from './conditions/holds';
import type { ConditionContext } from './conditions/types';
import type { Decision, MessageContent, RecipientDecision, RuleOutcome, TraceEntry } from './decision';
import { BaselineSkips, baselineWalk } from './baseline-walk';
import { keyOf, keyWithin, recipientIndex, type RecipientIndex } from './recipient-index';
import type { CompiledRule, RuleSet } from './rules';

export interface EvaluateOptions {
  /** The message view; without one, content conditions are unknown. */
  message?: MessageContent;
  /** Add a per-recipient trace of each rule's outcome. */
  explain?: boolean;
}

/** Most restrictive first (reference §4.5): DROP > BOUNCE > MOVE_TO_JUNK > DEFAULT > BYPASS_SPAM_CHECK. */
const RESTRICTIVENESS: Record<string, number> = { DROP: 5, BOUNCE: 4, MOVE_TO_JUNK: 3, DEFAULT: 2, BYPASS_SPAM_CHECK: 1 };

interface Candidate { rule: CompiledRule; rank: number }

/** One recipient's outcome of a rule walk (shared by recipients that match the same patterns). */
export interface OneDecision {
  rule?: CompiledRule;
  audits: { rule: string; wouldBe: Action }[];
  trace: TraceEntry[];
}

function cloneAction(a: Action): Action {
  return a.parameters === undefined ? { type: a.type } : { type: a.type, parameters: { ...a.parameters } };
}

const auditOf = (rule: CompiledRule) => ({ rule: rule.name, wouldBe: cloneAction(rule.then) });

/** Does candidate `a` win over `b` under specificity precedence? */
function beats(a: Candidate, b: Candidate): boolean {
  if (a.rank !== b.rank) return a.rank > b.rank;
  const ra = RESTRICTIVENESS[a.rule.then.type] ?? 0;
  const rb = RESTRICTIVENESS[b.rule.then.type] ?? 0;
  if (ra !== rb) return ra > rb;
  return a.rule.index < b.rule.index;
}

export type Tested = { outcome: RuleOutcome; rank: number };
const MATCH: Tested = { outcome: 'match', rank: 0 };
const tested = (o: Outcome): Tested => ({ outcome: o.value === true ? 'match' : o.value === false ? 'no-match' : 'unknown', rank: o.rank });

/** Only "does it hold?" matters for a rule: unknown and false both mean it does not decide. Envelope-only rules are tested without promises. */
function test(rule: CompiledRule, ctx: ConditionContext, state: EvalState): Tested | Promise<Tested> {
  if (rule.when === undefined) return MATCH;
  if (isSynchronous(rule.when)) return tested(evalSync(rule.when, ctx, state, 'isTrue'));
  return evalCondition(rule.when, ctx, state, 'isTrue').then(tested);
}

type Tester = (rule: CompiledRule) => Tested | Promise<Tested>;

/**
 * A tester that remembers each rule's outcome by the part of the recipient's matched patterns that
 * belong to that rule: a rule's outcome changes with the recipient only through its own patterns,
 * so across recipients most rules are answered from memory.
 */
function memoTester(index: RecipientIndex, ids: readonly number[], memo: Map<CompiledRule, Map<string, Tested>>, ctx: ConditionContext, state: EvalState): Tester {
  return (rule) => {
    const key = keyWithin(ids, index.ranges[rule.index]!);
    let byKey = memo.get(rule);
    if (byKey === undefined) memo.set(rule, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit !== undefined) return hit;
    const t = test(rule, ctx, state);
    if (t instanceof Promise) return t.then((v) => (byKey.set(key, v), v));
    byKey.set(key, t);
    return t;
  };
}

async function firstMatch(rules: readonly CompiledRule[], test: Tester, explain: boolean): Promise<OneDecision> {
  const out: OneDecision = { audits: [], trace: [] };
  for (const rule of rules) {
    if (out.rule !== undefined) {
      if (!explain) break;
      out.trace.push({ rule: rule.name, outcome: 'skipped', mode: rule.mode });
      continue;
    }
    const t = test(rule);
    const { outcome } = t instanceof Promise ? await t : t;
    if (explain) out.trace.push({ rule: rule.name, outcome, mode: rule.mode });
    if (outcome !== 'match') continue;
    if (rule.mode === 'audit') out.audits.push(auditOf(rule));
    else out.rule = rule;
  }
  return out;
}

async function bySpecificity(rules: readonly CompiledRule[], test: Tester): Promise<OneDecision> {
  const outcomes: (RuleOutcome | undefined)[] = new Array(rules.length);
  let best: Candidate | undefined;
  const holding: CompiledRule[] = [];
  const visit = async (rule: CompiledRule) => {
    // A content rule that cannot beat the best so far is not evaluated (the message is spared).
    if (rule.mode === 'enforce' && best !== undefined && rule.needsMessage && !beats({ rule, rank: rule.maxRank }, best)) {
      outcomes[rule.index] = 'skipped';
      return;
    }
    const t = test(rule);
    const { outcome, rank } = t instanceof Promise ? await t : t;
    outcomes[rule.index] = outcome;
    if (outcome !== 'match') return;
    holding.push(rule);
    if (rule.mode === 'enforce' && (best === undefined || beats({ rule, rank }, best))) best = { rule, rank };
  };
  for (const rule of rules) if (!rule.needsMessage) await visit(rule);
  for (const rule of rules) if (rule.needsMessage) await visit(rule);
  const audits = holding
    .filter((r) => r.mode === 'audit')
    .sort((a, b) => a.index - b.index)
    .map((r) => ({ rule: r.name, wouldBe: cloneAction(r.then) }));
  const trace = rules.map((r) => ({ rule: r.name, outcome: outcomes[r.index] ?? 'skipped', mode: r.mode }));
  return best === undefined ? { audits, trace } : { rule: best.rule, audits, trace };
}

function decideOne(ruleSet: RuleSet, tester: Tester, explain: boolean): Promise<OneDecision> {
  return ruleSet.precedence === 'specificity' ? bySpecificity(ruleSet.rules, tester) : firstMatch(ruleSet.rules, tester, explain);
}

const plainTester = (ctx: ConditionContext, state: EvalState): Tester => (rule) => test(rule, ctx, state);

/**
 * Decide every recipient of `event` with `ruleSet`. For a truncated event, a recipient-less
 * evaluation (recipient conditions unknown) gives `residual` for the recipients WorkMail did not list.
 */
export async function evaluate(ruleSet: RuleSet, event: LambdaEventData, options: EvaluateOptions = {}): Promise<Decision> {
  const state = newState();
  const base = { event, ...(options.message !== undefined ? { message: options.message } : {}) };
  const trace: Record<string, TraceEntry[]> = {};
  const deciding = new Set<CompiledRule>();
  const recipients: RecipientDecision[] = [];

  // Addresses are case-insensitive: one decision per mailbox, even if WorkMail lists it twice.
  // Recipients matching the same recipient patterns share one evaluation (see recipient-index.ts).
  const explain = options.explain === true;
  const index = recipientIndex(ruleSet);
  const seen = new Map<string, OneDecision>();
  const byPatterns = new Map<string, OneDecision>();
  const ruleMemo = new Map<CompiledRule, Map<string, Tested>>();
  // Without a trace to build, first-match can skip the rules known not to hold (baseline-walk.ts).
  const fastFirstMatch = !explain && ruleSet.precedence !== 'specificity';
  let skips: BaselineSkips | undefined;
  for (const { address } of event.envelope.recipients) {
    const key = address.trim().toLowerCase();
    let one = seen.get(key);
    if (one === undefined) {
      const ids = index?.matches(address, key);
      const shared = ids === undefined ? undefined : keyOf(ids);
      one = shared === undefined ? undefined : byPatterns.get(shared);
      if (one === undefined) {
        const ctx: ConditionContext = { event, recipient: address };
        if (options.message !== undefined) ctx.message = options.message;
        if (index && ids) {
          const tester = memoTester(index, ids, ruleMemo, ctx, state);
          one = fastFirstMatch
            ? await baselineWalk(ruleSet.rules, index.rulesOf(ids), (skips ??= new BaselineSkips(ruleSet.rules.length)), tester, auditOf)
            : await decideOne(ruleSet, tester, explain);
        } else {
          one = await decideOne(ruleSet, plainTester(ctx, state), explain);
        }
        if (shared !== undefined) byPatterns.set(shared, one);
      }
    }
    seen.set(key, one);
    const decided: RecipientDecision = { address, action: cloneAction(one.rule?.then ?? ruleSet.otherwise) };
    if (one.rule) {
      deciding.add(one.rule);
      decided.rule = one.rule.name;
    }
    if (one.audits.length > 0) decided.audits = one.audits.map((a) => ({ rule: a.rule, wouldBe: cloneAction(a.wouldBe) }));
    recipients.push(decided);
    if (options.explain) trace[key] = one.trace;
  }

  const decision: Decision = { recipients };
  if (event.truncated) {
    const one = await decideOne(ruleSet, plainTester(base, state), explain);
    if (one.rule) deciding.add(one.rule);
    decision.residual = cloneAction(one.rule?.then ?? ruleSet.otherwise);
    if (one.rule) decision.residualRule = one.rule.name;
    if (options.explain) trace['*'] = one.trace;
  }

  const listed = seen;
  const copies = new Map<string, string>();
  for (const rule of [...deciding].sort((a, b) => a.index - b.index)) {
    for (const addr of rule.copyTo) {
      const key = addr.trim().toLowerCase();
      if (listed.has(key)) state.notes.add(`copy to ${addr} (rule "${rule.name}") not added: it is already a recipient`);
      else if (!copies.has(key)) copies.set(key, addr.trim());
    }
  }
  if (copies.size > 0) decision.copies = [...copies.values()];
  if (state.notes.size > 0) decision.notes = [...state.notes];
  if (options.explain) decision.trace = trace;
  return decision;
}
