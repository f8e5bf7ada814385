/**
 * A handler's rewrite in Mail Manager: its only header edit is AddHeader (an `X-` name, a short
 * value), so `setHeader` of such a header becomes AddHeader in a first rule guarded by the rewrite's
 * `when`; every other edit is reported not expressible. AddHeader adds and does not replace, so the
 * result is approximate.
 */
import { mailManagerFormula, type Formula } from './mail-manager-conditions';
import { MAIL_MANAGER_LIMITS, type MailManagerAction, type MailManagerRule } from './mail-manager-types';
import { editLabel, type RewriteSpec, testsRecipient } from './sieve-rewrite';
import type { RuleFidelity } from './types';

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
  const formula = rewrite.when ? mailManagerFormula(rewrite.when) : { ok: true as const, value: [{ conds: [], unless: [] }] as Formula, differences: [] };
  const problem = !formula.ok
    ? `the rewrite's \`when\`: ${formula.reason}`
    : formula.value.length > 1
      ? `the rewrite's \`when\` needs ${formula.value.length} Mail Manager rules, and a message matching more than one would get the header more than once`
      : formula.value.some((c) => c.conds.length > MAIL_MANAGER_LIMITS.conditionsPerRule || c.unless.length > MAIL_MANAGER_LIMITS.unlessPerRule)
        ? "the rewrite's `when` needs more than 10 conditions or Unless entries in one rule"
        : undefined;
  const whenDiffs = formula.ok ? [...formula.differences, ...(testsRecipient(rewrite.when) ? ['the `when` tests the recipient: WorkMail evaluates it once per message, with recipient conditions unknown'] : [])] : [];
  const report: RuleFidelity[] = [];
  const actions: MailManagerAction[] = [];
  rewrite.edits.forEach((edit, i) => {
    const rule = editLabel(edit, i);
    if (problem) return report.push({ rule, status: 'not expressible', differences: [problem] });
    if (edit.kind !== 'setHeader') return report.push({ rule, status: 'not expressible', differences: [NO_ACTION[edit.kind]!] });
    const why = !MAIL_MANAGER_LIMITS.addHeaderName.test(edit.name)
      ? `AddHeader names must match X-[a-zA-Z0-9-]{1,62}; ${edit.name} does not`
      : edit.value.length > MAIL_MANAGER_LIMITS.addHeaderValueLength || !/^[\x20-\x7e]*$/.test(edit.value)
        ? `AddHeader values are at most ${MAIL_MANAGER_LIMITS.addHeaderValueLength} printable ASCII characters`
        : actions.length >= MAIL_MANAGER_LIMITS.actionsPerRule
          ? `a rule holds at most ${MAIL_MANAGER_LIMITS.actionsPerRule} actions`
          : undefined;
    if (why) return report.push({ rule, status: 'not expressible', differences: [why] });
    actions.push({ AddHeader: { HeaderName: edit.name, HeaderValue: edit.value } });
    return report.push({ rule, status: 'approximate', differences: [ADDS, ...whenDiffs] });
  });
  const clause = formula.ok ? formula.value[0] : undefined;
  const rules = actions.length && clause ? [{ Conditions: clause.conds, Unless: clause.unless, Actions: actions }] : [];
  return { rules, report };
}
