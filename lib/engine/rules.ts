/** `defineRules`: a rule set checked once, at definition; every problem in one `RuleDefinitionError`, each with its rule. */
import { actionTypesFor, type FlowDirection, type InboundActionType, type OutboundActionType } from '../workmail/types';
import { WorkMailRulesError } from '../workmail/errors';
import type { Action } from './actions';
import { firstFrame } from '../workmail/call-site';
import { conditionProblems, conditionRegExps, conditionWarnings, maxRank, needsMessage } from './conditions/analyze';
import type { Condition } from './conditions/types';
import { compilePattern } from './patterns';
import { runawayWarning } from './runaway';

export type Precedence = 'first-match' | 'specificity';
export type RuleMode = 'enforce' | 'audit';

/** The actions a direction allows: OUTBOUND only deliver/bounce/drop (a compile-time check too). */
export type ActionFor<D extends FlowDirection> = D extends 'OUTBOUND' ? Action<OutboundActionType> : Action<InboundActionType>;

export interface Rule<D extends FlowDirection = FlowDirection> {
  /** Unique within the rule set; shown in decisions, traces and logs. */
  name: string;
  /** One line saying what the rule is for. */
  description?: string;
  /** No `when` means always. */
  when?: Condition;
  then: ActionFor<D>;
  /** Addresses added (delivered with DEFAULT) when this rule decides for some recipient. */
  copyTo?: readonly string[];
  /** 'audit': never decides; when it holds the decision records what it would have done. */
  mode?: RuleMode;
}

export interface RuleSetDefinition<D extends FlowDirection> {
  direction: D;
  rules: readonly Rule<NoInfer<D>>[];
  /** For recipients no rule decides. Default `deliver()`. */
  otherwise?: ActionFor<NoInfer<D>>;
  /** 'first-match' (default): rule order. 'specificity': WorkMail's console precedence (https://docs.aws.amazon.com/workmail/latest/adminguide/email-flows.html). */
  precedence?: Precedence;
  /** The organization's domains; inbound `copyTo` must stay inside them. */
  organizationDomains?: readonly string[];
}

/** A rule after checking, with what the evaluator needs precomputed. */
export interface CompiledRule {
  readonly name: string;
  readonly description?: string;
  readonly when?: Condition;
  readonly then: Action;
  readonly copyTo: readonly string[];
  readonly mode: RuleMode;
  /** Position in the rule set (order breaks the last ties). */
  readonly index: number;
  /** A content condition is reachable from `when`. */
  readonly needsMessage: boolean;
  /** Highest specificity rank `when` can match with (0 without address patterns). */
  readonly maxRank: number;
}

export interface RuleSet<D extends FlowDirection = FlowDirection> {
  readonly kind: 'RuleSet';
  readonly direction: D;
  readonly rules: readonly CompiledRule[];
  readonly otherwise: Action;
  readonly precedence: Precedence;
  readonly organizationDomains: readonly string[];
  /** True if any rule can reach a content condition (the message may have to be read). */
  readonly needsMessage: boolean;
  /** Things that are allowed but probably not meant (unreachable rules, unchecked copyTo, …). */
  readonly warnings: readonly string[];
  /** Where `defineRules` was called (`file:line`), when the stack tells; messages name the rules file with it. */
  readonly source?: string;
}

export interface RuleProblem {
  rule?: string;
  message: string;
}

/** A rule set that cannot work as written. `problems` lists every one, each with its rule. */
export class RuleDefinitionError extends WorkMailRulesError {
  readonly code = 'RULE_DEFINITION' as const;
  override readonly name = 'RuleDefinitionError';
  constructor(readonly problems: RuleProblem[]) {
    super(
      `Invalid rule set (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.rule === undefined ? 'rule set' : `rule "${p.rule}"`}: ${p.message}`).join('\n') +
        '\nFix the rules file where these rules are defined.',
    );
  }
}

function actionProblems(action: unknown, direction: FlowDirection): string[] {
  if (action === null || typeof action !== 'object')
    return ['`then` must be an action: deliver(), bounce(msg), drop(), junk() or bypassSpam()'];
  const a = action as { type?: unknown; parameters?: unknown };
  const allowed = actionTypesFor(direction) as readonly unknown[];
  if (!allowed.includes(a.type)) return [`action ${String(a.type)} is not allowed for ${direction} rules (allowed: ${allowed.join(', ')})`];
  if (a.parameters !== undefined) {
    if (a.type !== 'BOUNCE') return [`only BOUNCE takes parameters, ${String(a.type)} has some`];
    const m = (a.parameters as { bounceMessage?: unknown } | null)?.bounceMessage;
    if (m !== undefined && typeof m !== 'string') return ['the bounce message must be a string'];
  }
  return [];
}

/** A rule's copyTo, its problems to `add` and its warnings to `warn`. */
function checkCopies(copyTo: unknown, direction: FlowDirection, domains: readonly string[], add: Report, warn: Report): void {
  if (!Array.isArray(copyTo)) {
    add('copyTo must be an array of addresses');
    return;
  }
  for (const addr of copyTo as unknown[]) {
    const p = typeof addr === 'string' ? compilePattern(addr) : undefined;
    if (p === undefined || p.kind !== 'address') {
      add(`copyTo ${JSON.stringify(addr)} is not a plain address (user@domain)${p?.problem ? `: ${p.problem}` : ''}`);
      continue;
    }
    const domain = p.value!.slice(p.value!.lastIndexOf('@') + 1);
    if (direction === 'INBOUND' && domains.length > 0 && !domains.includes(domain)) {
      add(
        `copyTo ${JSON.stringify(addr)} is outside organizationDomains (${domains.join(', ')}): inbound rules may add only recipients of the organization (https://docs.aws.amazon.com/workmail/latest/adminguide/lambda.html)`,
      );
    }
  }
  if (direction === 'INBOUND' && domains.length === 0 && copyTo.length > 0) {
    warn('copyTo addresses cannot be checked: give organizationDomains (inbound rules may add only recipients of the organization)');
  }
}

type Report = (message: string) => void;

/** Check and compile a rule set. Throws `RuleDefinitionError` listing every problem. */
export function defineRules<D extends FlowDirection>(definition: RuleSetDefinition<D>): RuleSet<D> {
  const problems: RuleProblem[] = [];
  const warnings: string[] = [];
  const def = (definition ?? {}) as RuleSetDefinition<D>;
  const direction = def.direction;
  if (direction !== 'INBOUND' && direction !== 'OUTBOUND') {
    throw new RuleDefinitionError([{ message: `direction must be 'INBOUND' or 'OUTBOUND', got ${JSON.stringify(direction)}` }]);
  }
  const precedence = def.precedence ?? 'first-match';
  if (precedence !== 'first-match' && precedence !== 'specificity')
    problems.push({ message: `precedence must be 'first-match' or 'specificity', got ${JSON.stringify(precedence)}` });
  const domains: string[] = [];
  for (const d of def.organizationDomains ?? []) {
    const p = typeof d === 'string' ? compilePattern(d) : undefined;
    if (p?.kind === 'domain') domains.push(p.value!);
    else problems.push({ message: `organizationDomains: ${JSON.stringify(d)} is not a domain name${p?.problem ? `: ${p.problem}` : ''}` });
  }
  const otherwise = def.otherwise ?? { type: 'DEFAULT' };
  for (const m of actionProblems(otherwise, direction)) problems.push({ message: `otherwise: ${m}` });
  if (!Array.isArray(def.rules)) {
    problems.push({ message: 'rules must be an array' });
    throw new RuleDefinitionError(problems);
  }

  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  def.rules.forEach((raw: Rule<D>, index) => {
    const label = typeof raw?.name === 'string' && raw.name.trim() !== '' ? raw.name : `#${index + 1}`;
    const add = (message: string) => problems.push({ rule: label, message });
    const warn = (message: string) => warnings.push(`rule "${label}": ${message}`);
    if (raw === null || typeof raw !== 'object') {
      add('a rule must be an object { name, when?, then }');
      return;
    }
    if (typeof raw.name !== 'string' || raw.name.trim() === '') add('every rule needs a non-empty name');
    else if (seen.has(raw.name)) add('duplicate rule name: names must be unique in a rule set');
    else seen.add(raw.name);
    for (const m of actionProblems(raw.then, direction)) add(m);
    const mode = raw.mode ?? 'enforce';
    if (mode !== 'enforce' && mode !== 'audit') add(`mode must be 'enforce' or 'audit', got ${JSON.stringify(mode)}`);
    const whenProblems = raw.when === undefined ? [] : conditionProblems(raw.when);
    whenProblems.forEach(add);
    checkCopies(raw.copyTo ?? [], direction, domains, add, warn);
    if (mode === 'audit' && (raw.copyTo?.length ?? 0) > 0) warn('copyTo on an audit rule never applies (audit rules do not decide)');
    if (raw.description !== undefined && typeof raw.description !== 'string') add('description must be a string');
    const valid = whenProblems.length === 0;
    if (raw.when !== undefined && valid) {
      conditionWarnings(raw.when).forEach(warn);
      for (const w of new Set(conditionRegExps(raw.when).map(runawayWarning))) if (w !== undefined) warn(w);
    }
    rules.push({
      name: label,
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      ...(raw.when !== undefined ? { when: raw.when } : {}),
      then: raw.then as Action,
      copyTo: Array.isArray(raw.copyTo) ? [...raw.copyTo] : [],
      mode,
      index,
      needsMessage: raw.when !== undefined && valid && needsMessage(raw.when),
      maxRank: valid ? maxRank(raw.when) : 0,
    });
  });
  if (problems.length > 0) throw new RuleDefinitionError(problems);

  if (precedence === 'first-match') {
    const always = rules.findIndex((r) => r.when === undefined && r.mode === 'enforce');
    if (always >= 0 && always < rules.length - 1) {
      warnings.push(`rule "${rules[always]!.name}" has no condition, so the rules after it never decide (first-match)`);
    }
  }
  const set = {
    kind: 'RuleSet',
    direction,
    rules: Object.freeze(rules),
    otherwise,
    precedence,
    organizationDomains: Object.freeze(domains),
    needsMessage: rules.some((r) => r.needsMessage),
    warnings: Object.freeze(warnings),
  };
  return Object.freeze(withCallSite(set)) as RuleSet<D>;
}

/**
 * `source`: the caller of defineRules, read off the stack (no I/O), the first frame outside this
 * file. The stack is captured here and read only when `source` is (a message naming it): formatting
 * it costs a cold start more than the rest of defineRules.
 */
function withCallSite<T extends object>(set: T): T & { readonly source?: string } {
  const captured = new Error();
  let source: string | undefined | null = null;
  return Object.defineProperty(set, 'source', {
    enumerable: true,
    get() {
      if (source === null) {
        const stack = captured.stack;
        const here = firstFrame(stack, () => false)?.replace(/:\d+$/, '');
        source = firstFrame(stack, (f) => f === here);
      }
      return source;
    },
  });
}
