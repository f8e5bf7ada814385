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
import { evalCondition, newState, type EvalState } from './conditions/holds';
import type { ConditionContext } from './conditions/types';
import type { Decision, MessageContent, RecipientDecision, RuleOutcome, TraceEntry } from './decision';
import { recipientIndex } from './recipient-index';
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

interface OneDecision {
  rule?: CompiledRule;
  audits: { rule: string; wouldBe: Action }[];
  trace: TraceEntry[];
}

function cloneAction(a: Action): Action {
  return a.parameters === undefined ? { type: a.type } : { type: a.type, parameters: { ...a.parameters } };
}

/** Does candidate `a` win over `b` under specificity precedence? */
function beats(a: Candidate, b: Candidate): boolean {
  if (a.rank !== b.rank) return a.rank > b.rank;
  const ra = RESTRICTIVENESS[a.rule.then.type] ?? 0;
  const rb = RESTRICTIVENESS[b.rule.then.type] ?? 0;
  if (ra !== rb) return ra > rb;
  return a.rule.index < b.rule.index;
}

async function test(rule: CompiledRule, ctx: ConditionContext, state: EvalState): Promise<{ outcome: RuleOutcome; rank: number }> {
  if (rule.when === undefined) return { outcome: 'match', rank: 0 };
  // Only "does it hold?" matters for a rule: unknown and false both mean it does not decide.
  const o = await evalCondition(rule.when, ctx, state, 'isTrue');
  return { outcome: o.value === true ? 'match' : o.value === false ? 'no-match' : 'unknown', rank: o.rank };
}

async function firstMatch(rules: readonly CompiledRule[], ctx: ConditionContext, state: EvalState, explain: boolean): Promise<OneDecision> {
  const out: OneDecision = { audits: [], trace: [] };
  for (const rule of rules) {
    if (out.rule !== undefined) {
      if (!explain) break;
      out.trace.push({ rule: rule.name, outcome: 'skipped', mode: rule.mode });
      continue;
    }
    const { outcome } = await test(rule, ctx, state);
    if (explain) out.trace.push({ rule: rule.name, outcome, mode: rule.mode });
    if (outcome !== 'match') continue;
    if (rule.mode === 'audit') out.audits.push({ rule: rule.name, wouldBe: cloneAction(rule.then) });
    else out.rule = rule;
  }
  return out;
}

async function bySpecificity(rules: readonly CompiledRule[], ctx: ConditionContext, state: EvalState): Promise<OneDecision> {
  const outcomes: (RuleOutcome | undefined)[] = new Array(rules.length);
  let best: Candidate | undefined;
  const holding: CompiledRule[] = [];
  const visit = async (rule: CompiledRule) => {
    // A content rule that cannot beat the best so far is not evaluated (the message is spared).
    if (rule.mode === 'enforce' && best !== undefined && rule.needsMessage && !beats({ rule, rank: rule.maxRank }, best)) {
      outcomes[rule.index] = 'skipped';
      return;
    }
    const { outcome, rank } = await test(rule, ctx, state);
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

function decideOne(ruleSet: RuleSet, ctx: ConditionContext, state: EvalState, explain: boolean): Promise<OneDecision> {
  return ruleSet.precedence === 'specificity' ? bySpecificity(ruleSet.rules, ctx, state) : firstMatch(ruleSet.rules, ctx, state, explain);
}

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
  for (const { address } of event.envelope.recipients) {
    const key = address.trim().toLowerCase();
    let one = seen.get(key);
    if (one === undefined) {
      const shared = index?.key(address);
      one = shared === undefined ? undefined : byPatterns.get(shared);
      if (one === undefined) {
        one = await decideOne(ruleSet, { ...base, recipient: address }, state, explain);
        if (shared !== undefined) byPatterns.set(shared, one);
      }
    }
    seen.set(key, one);
    if (one.rule) deciding.add(one.rule);
    recipients.push({
      address,
      action: cloneAction(one.rule?.then ?? ruleSet.otherwise),
      ...(one.rule ? { rule: one.rule.name } : {}),
      ...(one.audits.length > 0 ? { audits: one.audits.map((a) => ({ rule: a.rule, wouldBe: cloneAction(a.wouldBe) })) } : {}),
    });
    if (options.explain) trace[key] = one.trace;
  }

  const decision: Decision = { recipients };
  if (event.truncated) {
    const one = await decideOne(ruleSet, base, state, explain);
    if (one.rule) deciding.add(one.rule);
    decision.residual = cloneAction(one.rule?.then ?? ruleSet.otherwise);
    if (one.rule) decision.residualRule = one.rule.name;
    if (options.explain) trace['*'] = one.trace;
  }

  const listed = new Set(recipients.map((r) => r.address.trim().toLowerCase()));
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
