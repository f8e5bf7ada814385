/**
 * A rule set as a Mail Manager rule set. Mail Manager runs every rule whose conditions match (only
 * Drop ends processing), so first-match is kept by copying the conditions of earlier rules, negated,
 * into each later rule (its `Unless`, or more rules when a negation needs them). Specificity becomes
 * first-match over variants (./order.ts). The `otherwise` action is a last rule, unless every earlier
 * one. Within the documented limits (./types.ts); rules beyond them are reported.
 */
import type { Action } from '../../engine/actions';
import type { RuleSet } from '../../engine/rules';
import { and, disjoint, mailManagerFormula, negate, type Formula } from './conditions';
import { JUNK_HEADER, MAIL_MANAGER_LIMITS, type MailManagerAction, type MailManagerCondition, type MailManagerRule } from './types';
import { mailManagerRewrite } from './rewrite';
import { exportOrder } from '../order';
import type { ExportOptions } from '../sieve/compile';
import { combine, exact, fidelityOf, notExported, type Piece, type RuleFidelity } from '../types';

export interface MailManagerExport {
  name: string;
  direction: RuleSet['direction'];
  rules: MailManagerRule[];
  report: RuleFidelity[];
  /** How many enforce rules made it into the rule set. */
  exported: number;
}

const DELIVER: MailManagerAction = { Deliver: {} };
const ALWAYS: Formula = [{ conds: [], unless: [] }];

function actions(action: Action, copyTo: readonly string[]): Piece<MailManagerAction[]> {
  const differences: string[] = [];
  let main: MailManagerAction[];
  switch (action.type) {
    case 'DROP':
      main = [{ Drop: {} }];
      break;
    case 'BOUNCE': {
      const message = action.parameters?.bounceMessage ?? 'This message was not delivered.';
      if (message.length > MAIL_MANAGER_LIMITS.diagnosticMessageLength || !/^[\x20-\x7e]+$/.test(message))
        return notExported(
          `the bounce message must be 1 to ${MAIL_MANAGER_LIMITS.diagnosticMessageLength} printable ASCII characters for the Bounce action's DiagnosticMessage (it has ${message.length})`,
        );
      main = [{ Bounce: { Message: message } }];
      break;
    }
    case 'MOVE_TO_JUNK':
      main = [{ AddHeader: { ...JUNK_HEADER } }, DELIVER];
      differences.push(
        `MOVE_TO_JUNK becomes the header ${JUNK_HEADER.HeaderName}: ${JUNK_HEADER.HeaderValue} and delivery: the next hop must file it as junk`,
      );
      break;
    case 'BYPASS_SPAM_CHECK':
      main = [DELIVER];
      differences.push('BYPASS_SPAM_CHECK is delivered like DEFAULT: Mail Manager has no spam check to skip');
      break;
    default:
      main = [DELIVER];
  }
  if (copyTo.length === 0) return exact(main, differences);
  differences.push('copyTo: ReplaceRecipient then delivery, once per recipient the rule matches; WorkMail adds the address once');
  const copy: MailManagerAction[] = [{ ReplaceRecipient: { ReplaceWith: [...copyTo] } }, DELIVER];
  return exact(action.type === 'DROP' ? [...copy, ...main] : [...main, ...copy], differences);
}

/** A rule name Mail Manager accepts (letters, digits, `_.-`, at most 32), unique in the set. */
function namer(): (base: string) => string {
  const used = new Set<string>();
  return (base) => {
    const clean = base.replace(/[^a-zA-Z0-9_.-]+/g, '-').slice(0, 28) || 'rule';
    let name = clean;
    for (let i = 2; used.has(name); i++) name = `${clean}-${i}`;
    used.add(name);
    return name;
  };
}

/**
 * Unless entries that test the same thing with the same operator become one entry with all their
 * Values (Values are alternatives, so "unless a, unless b" = "unless a or b"); NOT_EQUALS excepted.
 */
function compact(f: Formula): Formula {
  return f.map((cl) => {
    const merged = new Map<string, MailManagerCondition>();
    const rest: MailManagerCondition[] = [];
    for (const u of cl.unless) {
      const s = 'StringExpression' in u ? u.StringExpression : undefined;
      if (s === undefined || s.Operator === 'NOT_EQUALS') {
        rest.push(u);
        continue;
      }
      const key = JSON.stringify([s.Evaluate, s.Operator]);
      const m = merged.get(key);
      const values = m && 'StringExpression' in m ? m.StringExpression.Values : undefined;
      if (values && values.length < MAIL_MANAGER_LIMITS.valuesPerExpression) {
        for (const v of s.Values) if (!values.includes(v) && values.length < MAIL_MANAGER_LIMITS.valuesPerExpression) values.push(v);
        if (s.Values.every((v) => values.includes(v))) continue;
      }
      const copy: MailManagerCondition = { StringExpression: { ...s, Values: [...s.Values] } };
      merged.set(m ? `${key}#${merged.size}` : key, copy);
    }
    return { conds: cl.conds, unless: [...merged.values(), ...rest] };
  });
}

function overLimit(f: Formula): string | undefined {
  const long = f
    .flatMap((c) => [...c.conds, ...c.unless])
    .flatMap((c) => ('StringExpression' in c ? c.StringExpression.Values : []))
    .find((v) => v.length > MAIL_MANAGER_LIMITS.stringValueLength);
  if (long !== undefined)
    return `a string value of ${long.length} characters (Mail Manager takes at most ${MAIL_MANAGER_LIMITS.stringValueLength})`;
  const cl = f.find((c) => c.conds.length > MAIL_MANAGER_LIMITS.conditionsPerRule || c.unless.length > MAIL_MANAGER_LIMITS.unlessPerRule);
  return cl
    ? `needs ${cl.conds.length} conditions and ${cl.unless.length} Unless entries in one rule (Mail Manager allows 10 of each)`
    : undefined;
}

export function exportMailManager(ruleSet: RuleSet, options: ExportOptions): MailManagerExport {
  const fidelity = new Map<string, RuleFidelity>();
  const steps = exportOrder(ruleSet);
  for (const rule of ruleSet.rules) {
    if (rule.mode === 'audit') {
      fidelity.set(rule.name, { rule: rule.name, status: 'exact', differences: [], note: 'audit rule: not exported, it never acts' });
      continue;
    }
    const own = steps.filter((s) => s.rule === rule);
    const pieces = own.map((s) => (s.when ? mailManagerFormula(s.when) : exact(ALWAYS)));
    fidelity.set(
      rule.name,
      fidelityOf(
        rule.name,
        combine<unknown, unknown>([...pieces, actions(rule.then, rule.copyTo)], (v) => v),
        own[0]?.differences ?? [],
      ),
    );
  }
  const emitted = new Set<string>();
  const leaveOut = (rule: string, why: string) => {
    const f = fidelity.get(rule)!;
    // A part already emitted (specificity variants) stays: the rule is then only approximate.
    if (emitted.has(rule))
      fidelity.set(rule, { rule, status: 'approximate', differences: [...f.differences, `a part of the rule is left out: ${why}`] });
    else fidelity.set(rule, { rule, status: 'not exported', differences: [why] });
  };

  const name = namer();
  const rules: MailManagerRule[] = [];
  const rewrite = options.rewrite ? mailManagerRewrite(options.rewrite) : undefined;
  for (const r of rewrite?.rules ?? []) rules.push({ Name: name('rewrite'), ...r });
  const prior: Formula[] = [];
  const room = (n: number) => rules.length + n + 1 <= MAIL_MANAGER_LIMITS.rules; // keep one for `otherwise`
  // The otherwise rule carries the negation of every rule before it: a rule is taken only when it and
  // the otherwise rule it leaves still fit.
  const otherwiseClauses = (negations: Formula[]): number => {
    const joined = and(negations);
    const apart = joined.ok ? disjoint(joined.value) : joined;
    return apart.ok ? compact(apart.value).length : 1;
  };
  for (const s of steps) {
    if (fidelity.get(s.rule.name)!.status === 'not exported') continue;
    const own = s.when ? mailManagerFormula(s.when) : exact(ALWAYS);
    if (!own.ok) continue;
    const joined = and([own.value, ...prior]);
    const apart = joined.ok ? disjoint(joined.value) : joined;
    const full = apart.ok ? { ...apart, value: compact(apart.value) } : apart;
    const not = negate(own.value);
    const acts = actions(s.rule.then, s.rule.copyTo);
    const problem = !full.ok ? full.reason : !not.ok ? `its negation for the later rules ${not.reason}` : overLimit(full.value);
    if (problem || !full.ok || !not.ok || !acts.ok) {
      leaveOut(s.rule.name, problem ?? 'not exported');
      continue;
    }
    const next = s.rule.then.type === 'DROP' ? prior : [...prior, not.value];
    if (!room(full.value.length) || !room(full.value.length + otherwiseClauses(next) - 1)) {
      leaveOut(s.rule.name, `the rule set would need more than ${MAIL_MANAGER_LIMITS.rules} Mail Manager rules`);
      continue;
    }
    for (const cl of full.value) rules.push({ Name: name(s.rule.name), Conditions: cl.conds, Unless: cl.unless, Actions: acts.value });
    emitted.add(s.rule.name);
    // Drop stops Mail Manager's processing for the recipients it matches (DropAction): later rules
    // never see them, so they need not carry this rule's negation.
    if (s.rule.then.type !== 'DROP') prior.push(not.value);
  }
  const report = [...ruleSet.rules.map((r) => fidelity.get(r.name)!), ...(rewrite?.report ?? [])];
  const joined = and(prior);
  const apart = joined.ok ? disjoint(joined.value) : joined;
  const otherwise = apart.ok ? { ...apart, value: compact(apart.value) } : apart;
  const act = actions(ruleSet.otherwise, []);
  const problem = !otherwise.ok
    ? otherwise.reason
    : rules.length + otherwise.value.length > MAIL_MANAGER_LIMITS.rules
      ? `would need more than ${MAIL_MANAGER_LIMITS.rules} Mail Manager rules`
      : overLimit(otherwise.value);
  if (otherwise.ok && act.ok && problem === undefined)
    for (const cl of otherwise.value) rules.push({ Name: name('otherwise'), Conditions: cl.conds, Unless: cl.unless, Actions: act.value });
  else report.push({ rule: '(otherwise)', status: 'not exported', differences: [`the otherwise action ${problem ?? ''}`] });
  const exported = ruleSet.rules.filter((r) => r.mode === 'enforce' && fidelity.get(r.name)!.status !== 'not exported').length;
  return { name: options.name, direction: ruleSet.direction, rules, report, exported };
}
