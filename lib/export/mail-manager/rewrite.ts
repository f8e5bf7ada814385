/**
 * A handler's rewrite in Mail Manager: its only header edit is AddHeader (an `X-` name, a short
 * value), so `setHeader` of such a header becomes AddHeader in a first rule guarded by the rewrite's
 * `when`; every other edit is reported not expressible. AddHeader adds and does not replace, so the
 * result is approximate.
 */
import { mailManagerFormula, type Formula } from './conditions';
import { MAIL_MANAGER_LIMITS, type MailManagerAction, type MailManagerRule } from './types';
import { editLabel, type RewriteSpec, testsRecipient } from '../sieve/rewrite';
import type { RuleFidelity } from '../types';

export interface MailManagerRewrite {
  /** Rules to run before all others (unnamed: the rule set names them). */
  rules: Omit<MailManagerRule, 'Name'>[];
  report: RuleFidelity[];
}

const NO_ACTION: Record<string, string> = {
  tagSubject: 'Mail Manager has no action that edits the Subject (AddHeader adds X- headers only)',
  removeHeader: 'Mail Manager has no action that removes a header',
  appendFooter: 'Mail Manager has no action that changes the body',
  removeAttachments: 'Mail Manager has no action that changes the body',
};

const ADDS =
  'AddHeader adds the field and keeps any the message already has (setHeader replaces them); it runs in a first rule, so a rule testing this header sees the new value';

export function mailManagerRewrite(rewrite: RewriteSpec): MailManagerRewrite {
  const formula = rewrite.when
    ? mailManagerFormula(rewrite.when)
    : { ok: true as const, value: [{ conds: [], unless: [] }] as Formula, differences: [] };
  const problem = !formula.ok
    ? `the rewrite's \`when\`: ${formula.reason}`
    : formula.value.length > 1
      ? `the rewrite's \`when\` needs ${formula.value.length} Mail Manager rules, and a message matching more than one would get the header more than once`
      : formula.value.some(
            (c) => c.conds.length > MAIL_MANAGER_LIMITS.conditionsPerRule || c.unless.length > MAIL_MANAGER_LIMITS.unlessPerRule,
          )
        ? "the rewrite's `when` needs more than 10 conditions or Unless entries in one rule"
        : undefined;
  const whenDiffs = formula.ok
    ? [
        ...formula.differences,
        ...(testsRecipient(rewrite.when)
          ? ['the `when` tests the recipient: WorkMail evaluates it once per message, with recipient conditions unknown']
          : []),
      ]
    : [];
  const report: RuleFidelity[] = [];
  const actions: MailManagerAction[] = [];
  for (const [i, edit] of rewrite.edits.entries()) {
    const rule = editLabel(edit, i);
    const why = problem ?? (edit.kind === 'setHeader' ? addHeaderProblem(edit.name, edit.value, actions.length) : NO_ACTION[edit.kind]!);
    if (why !== undefined) {
      report.push({ rule, status: 'not exported', differences: [why] });
      continue;
    }
    if (edit.kind === 'setHeader') actions.push({ AddHeader: { HeaderName: edit.name, HeaderValue: edit.value } });
    report.push({ rule, status: 'approximate', differences: [ADDS, ...whenDiffs] });
  }
  const clause = formula.ok ? formula.value[0] : undefined;
  const rules = actions.length && clause ? [{ Conditions: clause.conds, Unless: clause.unless, Actions: actions }] : [];
  return { rules, report };
}

/** Why setHeader(name, value) cannot be an AddHeader (Mail Manager's limits), or undefined. */
function addHeaderProblem(name: string, value: string, actions: number): string | undefined {
  if (!MAIL_MANAGER_LIMITS.addHeaderName.test(name)) return `AddHeader names must match X-[a-zA-Z0-9-]{1,62}; ${name} does not`;
  if (value.length > MAIL_MANAGER_LIMITS.addHeaderValueLength || !/^[\x20-\x7e]*$/.test(value))
    return `AddHeader values are at most ${MAIL_MANAGER_LIMITS.addHeaderValueLength} printable ASCII characters`;
  if (actions >= MAIL_MANAGER_LIMITS.actionsPerRule) return `a rule holds at most ${MAIL_MANAGER_LIMITS.actionsPerRule} actions`;
  return undefined;
}
