/**
 * A small interpreter of Amazon SES Mail Manager rule sets, written from the documentation
 * (https://docs.aws.amazon.com/ses/latest/dg/eb-rules.html and the AWS::SES::MailManagerRuleSet
 * reference): rules run in order for each envelope recipient; a rule's actions run when all its
 * Conditions match and none of its Unless do; every matching rule runs; Drop ends processing; the
 * Values of a string condition are alternatives (NOT_EQUALS: none may be equal). Assumptions the
 * documentation leaves open, stated here: string comparisons ignore case; SENDER is the address of
 * the Sender header; a header that is absent compares as the empty string.
 */
import type { MailManagerAction, MailManagerCondition, MailManagerRule } from '../../lib/export/index';
import { JUNK_HEADER } from '../../lib/export/index';

export interface MailFacts {
  mailFrom: string;
  recipient: string;
  /** Decoded top-level headers. */
  headers: { name: string; value: string }[];
  size: number;
}

export interface MailManagerOutcome {
  action: 'DEFAULT' | 'BOUNCE' | 'DROP' | 'MOVE_TO_JUNK';
  bounceMessage?: string;
  /** Addresses delivered to other than the recipient (copies). */
  copies: string[];
}

const addressOf = (v: string) => (/<([^>]*)>/.exec(v)?.[1] ?? v).trim();

function attribute(facts: MailFacts, evaluate: { Attribute: string } | { MimeHeaderAttribute: string }): string[] {
  const header = (n: string) => facts.headers.filter((h) => h.name.toLowerCase() === n.toLowerCase()).map((h) => h.value);
  if ('MimeHeaderAttribute' in evaluate) return header(evaluate.MimeHeaderAttribute);
  switch (evaluate.Attribute) {
    case 'MAIL_FROM':
      return [facts.mailFrom];
    case 'RECIPIENT':
      return [facts.recipient];
    case 'SENDER':
      return header('Sender').map(addressOf);
    case 'FROM':
      return header('From').map(addressOf);
    case 'SUBJECT':
      return header('Subject');
    case 'TO':
    case 'CC':
      return header(evaluate.Attribute);
    default:
      throw new Error(`the interpreter does not know the attribute ${evaluate.Attribute}`);
  }
}

function matches(c: MailManagerCondition, facts: MailFacts): boolean {
  if ('NumberExpression' in c) {
    const { Operator, Value } = c.NumberExpression;
    return Operator === 'GREATER_THAN' ? facts.size > Value : facts.size <= Value;
  }
  if ('StringExpression' in c) {
    const { Evaluate, Operator, Values } = c.StringExpression;
    const got = attribute(facts, Evaluate).map((v) => v.trim().toLowerCase());
    const texts = got.length > 0 ? got : [''];
    const vs = Values.map((v) => v.toLowerCase());
    const test: Record<string, (t: string, v: string) => boolean> = {
      EQUALS: (t, v) => t === v,
      NOT_EQUALS: (t, v) => t === v,
      STARTS_WITH: (t, v) => t.startsWith(v),
      ENDS_WITH: (t, v) => t.endsWith(v),
      CONTAINS: (t, v) => t.includes(v),
    };
    const any = texts.some((t) => vs.some((v) => test[Operator]!(t, v)));
    return Operator === 'NOT_EQUALS' ? !any : any;
  }
  throw new Error(`the interpreter does not evaluate ${Object.keys(c)[0]}`);
}

/** Runs the rule set for one recipient. */
export function runMailManager(rules: readonly MailManagerRule[], facts: MailFacts): MailManagerOutcome {
  let current = [facts.recipient];
  const delivered = new Set<string>();
  let bounce: string | undefined;
  let junk = false;
  let dropped = false;
  outer: for (const rule of rules) {
    if (!rule.Conditions.every((c) => matches(c, facts)) || rule.Unless.some((c) => matches(c, facts))) continue;
    for (const a of rule.Actions as MailManagerAction[]) {
      if ('Drop' in a) {
        dropped = true;
        break outer;
      }
      if ('Bounce' in a) bounce = a.Bounce.Message;
      else if ('Deliver' in a) for (const r of current) delivered.add(r.toLowerCase());
      else if ('AddHeader' in a) junk ||= a.AddHeader.HeaderName === JUNK_HEADER.HeaderName;
      else if ('ReplaceRecipient' in a) current = a.ReplaceRecipient.ReplaceWith;
    }
  }
  const me = facts.recipient.toLowerCase();
  const copies = [...delivered].filter((d) => d !== me);
  if (bounce !== undefined && !delivered.has(me)) return { action: 'BOUNCE', bounceMessage: bounce, copies };
  if (delivered.has(me)) return { action: junk ? 'MOVE_TO_JUNK' : 'DEFAULT', copies };
  void dropped;
  return { action: 'DROP', copies };
}
