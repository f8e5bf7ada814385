/**
 * One action per recipient, from a checked rule set; no I/O (the message view is read only when a
 * content condition is reached). Trace: `unknown`, could not be shown to hold; `skipped`, not evaluated.
 * Shared between recipients: one decision per set of matched recipient patterns (recipient-index.ts),
 * and each rule's *baseline*, its outcome for recipients matching none of its recipient patterns.
 */
import type { LambdaEventData } from '../workmail/types';
import { cloneAction, type Action } from './actions';
import { ContextEvaluation, eventAddresses } from './conditions/holds';
import type { Outcome } from './conditions/kind';
import type { ConditionContext } from './conditions/types';
import type { MessageContent } from '../workmail/message-content';
import type { Decision, RecipientDecision, RuleOutcome, TraceEntry } from './decision';
import { recipientIndex } from './recipient-index';
import type { CompiledRule, RuleSet } from './rules';

export interface EvaluateOptions {
  /** The message view; without one, content conditions are unknown. */
  message?: MessageContent;
  /** Add a per-recipient trace of each rule's outcome. */
  explain?: boolean;
  /** Told each recipient's decision as soon as it is made (the supervisor keeps them if the deadline comes first). */
  onDecided?: (decided: RecipientDecision) => void;
}

/** Most restrictive first (WorkMail's console precedence): DROP > BOUNCE > MOVE_TO_JUNK > DEFAULT > BYPASS_SPAM_CHECK. */
const RESTRICTIVENESS: Record<string, number> = { DROP: 5, BOUNCE: 4, MOVE_TO_JUNK: 3, DEFAULT: 2, BYPASS_SPAM_CHECK: 1 };

type Candidate = { rule: CompiledRule; rank: number };

/** One recipient's outcome of a rule walk. */
interface OneDecision {
  rule?: CompiledRule;
  audits: { rule: string; wouldBe: Action }[];
  trace: TraceEntry[];
}

type Tested = { outcome: RuleOutcome; rank: number };
type Tester = (rule: CompiledRule) => Tested | Promise<Tested>;

const MATCH: Tested = { outcome: 'match', rank: 0 };
const tested = (o: Outcome): Tested => ({ outcome: o.value === true ? 'match' : o.value === false ? 'no-match' : 'unknown', rank: o.rank });

const auditOf = (rule: CompiledRule) => ({ rule: rule.name, wouldBe: cloneAction(rule.then) });

/** Does candidate `a` win over `b` under specificity precedence? */
function beats(a: Candidate, b: Candidate): boolean {
  const restriction = (RESTRICTIVENESS[a.rule.then.type] ?? 0) - (RESTRICTIVENESS[b.rule.then.type] ?? 0);
  return a.rank !== b.rank ? a.rank > b.rank : restriction !== 0 ? restriction > 0 : a.rule.index < b.rule.index;
}

/** Only "does it hold?" matters for a rule: unknown and false both mean it does not decide. */
function testRule(rule: CompiledRule, ev: ContextEvaluation): Tested | Promise<Tested> {
  if (rule.when === undefined) return MATCH;
  const o = ev.evaluate(rule.when, 'isTrue');
  return o instanceof Promise ? o.then(tested) : tested(o);
}

/** Per rule, its baseline (the outcome for recipients matching none of its recipient patterns), evaluated when first reached. */
class Baseline {
  private readonly outcomes: (Tested | Promise<Tested> | undefined)[];
  /** 1 where the baseline is known not to decide (no-match or unknown): walks without a trace skip it. */
  readonly misses: Uint8Array;
  constructor(size: number) {
    this.outcomes = new Array(size);
    this.misses = new Uint8Array(size);
  }
  test(rule: CompiledRule, ev: ContextEvaluation): Tested | Promise<Tested> {
    let t = this.outcomes[rule.index];
    if (t === undefined) {
      t = testRule(rule, ev);
      this.outcomes[rule.index] = t = t instanceof Promise ? t.then((v) => this.record(rule, v)) : this.record(rule, t);
    }
    return t;
  }
  private record(rule: CompiledRule, t: Tested): Tested {
    if (t.outcome !== 'match') this.misses[rule.index] = 1;
    return t;
  }
}

/** Which rules one recipient's walk evaluates afresh (`'all'`: decisions cannot be shared); the others come from the baseline. */
interface Walk {
  ev: ContextEvaluation;
  affected: readonly number[] | 'all';
  baseline: Baseline;
}

function tester({ ev, affected, baseline }: Walk): Tester {
  return (rule) => (affected === 'all' || affected.includes(rule.index) ? testRule(rule, ev) : baseline.test(rule, ev));
}

async function firstMatch(rules: readonly CompiledRule[], walk: Walk, explain: boolean): Promise<OneDecision> {
  const out: OneDecision = { audits: [], trace: [] };
  const { affected, baseline, ev } = walk;
  const n = rules.length;
  let next = 0; // position in `affected`
  for (let i = 0; i < n; i++) {
    if (out.rule !== undefined) {
      if (!explain) break;
      out.trace.push({ rule: rules[i]!.name, outcome: 'skipped', mode: rules[i]!.mode });
      continue;
    }
    if (affected !== 'all' && !explain) {
      // Without a trace to build, go straight to the next rule that may decide: one this recipient
      // affects, or one whose baseline is not known to miss.
      const candidate = baseline.misses.indexOf(0, i);
      i = Math.min(candidate < 0 ? n : candidate, affected[next] ?? n);
      if (i >= n) break;
    }
    const rule = rules[i]!;
    const fresh = affected === 'all' || affected[next] === i;
    if (fresh && affected !== 'all') next++;
    const t = fresh ? testRule(rule, ev) : baseline.test(rule, ev);
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
    .map(auditOf);
  const trace = rules.map((r) => ({ rule: r.name, outcome: outcomes[r.index] ?? 'skipped', mode: r.mode }));
  return best === undefined ? { audits, trace } : { rule: best.rule, audits, trace };
}

function decideOne(ruleSet: RuleSet, walk: Walk, explain: boolean): Promise<OneDecision> {
  return ruleSet.precedence === 'specificity' ? bySpecificity(ruleSet.rules, tester(walk)) : firstMatch(ruleSet.rules, walk, explain);
}

/** Decide every recipient of `event`; for a truncated event, `residual` (recipient conditions unknown) covers the unlisted ones. */
export async function evaluate(ruleSet: RuleSet, event: LambdaEventData, options: EvaluateOptions = {}): Promise<Decision> {
  const notes = new Set<string>();
  const explain = options.explain === true;
  const withMessage = (ctx: ConditionContext): ConditionContext =>
    options.message === undefined ? ctx : { ...ctx, message: options.message };
  const index = recipientIndex(ruleSet);
  const baseline = new Baseline(ruleSet.rules.length);
  const addresses = eventAddresses(event);
  const byAddress = new Map<string, OneDecision>();
  const byPatterns = new Map<string, OneDecision>();
  const deciding = new Set<CompiledRule>();
  const trace: Record<string, TraceEntry[]> = {};
  const recipients: RecipientDecision[] = [];

  for (const { address } of event.envelope.recipients) {
    // Addresses are case-insensitive: one decision per mailbox, even if WorkMail lists it twice.
    const key = address.trim().toLowerCase();
    let one = byAddress.get(key);
    if (one === undefined) {
      const ids = index?.matches(address);
      const shared = ids?.join(',');
      one = shared === undefined ? undefined : byPatterns.get(shared);
      if (one === undefined) {
        const ev = new ContextEvaluation(withMessage({ event, recipient: address }), notes, addresses);
        one = await decideOne(ruleSet, { ev, affected: ids === undefined ? 'all' : index!.rulesOf(ids), baseline }, explain);
        if (shared !== undefined) byPatterns.set(shared, one);
      }
      byAddress.set(key, one);
    }
    const decided: RecipientDecision = { address, action: cloneAction(one.rule?.then ?? ruleSet.otherwise) };
    if (one.rule) {
      deciding.add(one.rule);
      decided.rule = one.rule.name;
    }
    if (one.audits.length > 0) decided.audits = one.audits.map((a) => ({ rule: a.rule, wouldBe: cloneAction(a.wouldBe) }));
    recipients.push(decided);
    options.onDecided?.(decided);
    if (explain) trace[key] = one.trace;
  }

  const decision: Decision = { recipients };
  if (event.truncated) {
    const ev = new ContextEvaluation(withMessage({ event }), notes, addresses);
    const one = await decideOne(ruleSet, { ev, affected: 'all', baseline }, explain);
    if (one.rule) deciding.add(one.rule);
    decision.residual = cloneAction(one.rule?.then ?? ruleSet.otherwise);
    if (one.rule) decision.residualRule = one.rule.name;
    if (explain) trace['*'] = one.trace;
  }

  const copies = new Map<string, string>();
  for (const rule of [...deciding].sort((a, b) => a.index - b.index)) {
    for (const addr of rule.copyTo) {
      const key = addr.trim().toLowerCase();
      if (byAddress.has(key)) notes.add(`copy to ${addr} (rule "${rule.name}") not added: it is already a recipient`);
      else if (!copies.has(key)) copies.set(key, addr.trim());
    }
  }
  if (copies.size > 0) decision.copies = [...copies.values()];
  if (notes.size > 0) decision.notes = [...notes];
  if (explain) decision.trace = trace;
  return decision;
}
