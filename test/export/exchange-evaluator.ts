/**
 * An evaluator of Exchange Online transport rules, written from Microsoft's documentation
 * (New-TransportRule; "Mail flow rule conditions and exceptions"; "Mail flow rule actions";
 * "Manage mail flow rules": priority and StopRuleProcessing), kept apart from the compiler: it reads
 * the generated PowerShell script back (single-quoted strings with doubled quotes, @() arrays,
 * $true/$false, integers, $Mode) and runs the New-TransportRule commands for one recipient:
 * - rules run by Priority, 0 first; a rule in Mode Audit takes no action;
 * - a rule applies when every condition holds and no exception (ExceptIf…) does; the values of one
 *   condition are alternatives;
 * - …MatchesPatterns: a regular expression found anywhere in the value, case-insensitive;
 *   From…: the sender's address where SenderAddressLocation says (Header: the From header;
 *   Envelope: MAIL FROM; HeaderOrEnvelope: either); Recipient…: the recipient being decided (Exchange
 *   splits a message whose recipients match differently); HeaderMatchesPatterns: the named header's
 *   values; AttachmentExtensionMatchesWords: an attachment's file name extension equals a word;
 *   MessageSizeOver: the size is greater than or equal to the value, in bytes when unqualified;
 * - StopRuleProcessing $true: no later rule runs for that recipient.
 * Assumptions the documentation leaves open, stated here: the patterns' .NET dialect is read as
 * JavaScript's for the escapes, classes, groups and lookaheads the scripts use.
 */

export interface ExchangeFacts {
  mailFrom: string;
  recipient: string;
  /** Decoded top-level headers. */
  headers: { name: string; value: string }[];
  subject: string;
  body: string;
  attachments: string[];
  size: number;
}

export interface ExchangeOutcome {
  action: 'DEFAULT' | 'BOUNCE' | 'DROP' | 'MOVE_TO_JUNK' | 'BYPASS_SPAM_CHECK';
  bounceMessage?: string;
  /** Names of the rules that acted (in Enforce mode), in order. */
  rules: string[];
  copies: string[];
}

type Value = string | number | boolean | string[];
export type ParsedRule = Map<string, Value>;

/** Reads one PowerShell argument at `i`: its value and where it ends. */
function readValue(line: string, i: number, vars: Record<string, string>): [Value, number] {
  if (line[i] === "'") return readQuoted(line, i);
  if (line.startsWith('@(', i)) {
    const out: string[] = [];
    i += 2;
    while (line[i] !== ')') {
      if (line[i] === ' ' || line[i] === ',') {
        i++;
        continue;
      }
      const [v, end] = readQuoted(line, i);
      out.push(v);
      i = end;
    }
    return [out, i + 1];
  }
  const m = /^(\$true|\$false|\$[A-Za-z]+|-?\d+)/.exec(line.slice(i));
  if (!m) throw new Error(`unreadable argument at ${i}: ${line.slice(i, i + 30)}`);
  const t = m[1]!;
  const v = t === '$true' ? true : t === '$false' ? false : t.startsWith('$') ? vars[t.slice(1)]! : Number(t);
  return [v, i + t.length];
}

function readQuoted(line: string, i: number): [string, number] {
  if (line[i] !== "'") throw new Error(`expected a quoted string at ${i}`);
  let out = '';
  for (i++; i < line.length; i++) {
    const ch = line[i]!;
    if (/['\u2018-\u201b]/.test(ch)) {
      if (/['\u2018-\u201b]/.test(line[i + 1] ?? '')) {
        out += ch;
        i++;
        continue;
      }
      return [out, i + 1];
    }
    out += ch;
  }
  throw new Error('unterminated string');
}

/** The New-TransportRule commands of a script; every other line must be a known statement or a comment. */
export function parseScript(script: string, mode: 'Enforce' | 'Audit' = 'Enforce'): ParsedRule[] {
  const rules: ParsedRule[] = [];
  for (const line of script.split('\n')) {
    if (!line.startsWith('New-TransportRule ')) continue;
    const rule: ParsedRule = new Map();
    let i = 'New-TransportRule '.length;
    while (i < line.length) {
      const m = /^-([A-Za-z]+) /.exec(line.slice(i));
      if (!m) throw new Error(`expected a parameter at ${i}: ${line.slice(i, i + 30)}`);
      const [v, end] = readValue(line, i + m[0].length, { Mode: mode });
      if (rule.has(m[1]!)) throw new Error(`parameter ${m[1]} given twice`);
      rule.set(m[1]!, v);
      i = end;
      while (line[i] === ' ') i++;
    }
    rules.push(rule);
  }
  return rules.sort((a, b) => Number(a.get('Priority')) - Number(b.get('Priority')));
}

const list = (v: Value | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [String(v)]);
const anyMatch = (patterns: string[], values: string[]) => patterns.some((p) => values.some((v) => new RegExp(p, 'i').test(v)));
const addressOf = (v: string) => (/<([^>]*)>/.exec(v)?.[1] ?? v).trim();
const header = (f: ExchangeFacts, n: string) => f.headers.filter((h) => h.name.toLowerCase() === n.toLowerCase()).map((h) => h.value);

/** Does the predicate `param` (without ExceptIf) hold? Undefined for a parameter this evaluator does not know. */
function predicate(rule: ParsedRule, prefix: string, param: string, f: ExchangeFacts): boolean | undefined {
  const v = list(rule.get(prefix + param));
  switch (param) {
    case 'FromAddressMatchesPatterns': {
      const where = String(rule.get('SenderAddressLocation') ?? 'Header');
      const from = header(f, 'From').map(addressOf);
      const senders = where === 'Envelope' ? [f.mailFrom] : where === 'Header' ? from : [...from, f.mailFrom];
      return anyMatch(
        v,
        senders.filter((s) => s !== ''),
      );
    }
    case 'RecipientAddressMatchesPatterns':
      return anyMatch(v, [f.recipient]);
    case 'SubjectMatchesPatterns':
      return anyMatch(v, [f.subject]);
    case 'SubjectOrBodyMatchesPatterns':
      return anyMatch(v, [f.subject, f.body]);
    case 'HeaderMatchesPatterns':
      return anyMatch(v, header(f, String(rule.get(`${prefix}HeaderMatchesMessageHeader`))));
    case 'AttachmentExtensionMatchesWords':
      return f.attachments.some((a) => {
        const dot = a.lastIndexOf('.');
        return dot > 0 && v.some((w) => w.toLowerCase() === a.slice(dot + 1).toLowerCase());
      });
    case 'AttachmentNameMatchesPatterns':
      return anyMatch(v, f.attachments);
    case 'MessageSizeOver':
      return f.size >= Number(v[0]);
    case 'HeaderMatchesMessageHeader':
    case 'SenderAddressLocation':
      return true;
    default:
      return undefined;
  }
}

const ACTIONS = new Set([
  'Name',
  'Priority',
  'Mode',
  'Comments',
  'StopRuleProcessing',
  'RejectMessageReasonText',
  'RejectMessageEnhancedStatusCode',
  'DeleteMessage',
  'SetSCL',
  'SetHeaderName',
  'SetHeaderValue',
  'RemoveHeader',
  'BlindCopyTo',
  'PrependSubject',
  'ApplyHtmlDisclaimerText',
  'ApplyHtmlDisclaimerLocation',
  'ApplyHtmlDisclaimerFallbackAction',
]);

export function applies(rule: ParsedRule, f: ExchangeFacts): boolean {
  for (const key of rule.keys()) {
    if (ACTIONS.has(key)) continue;
    const except = key.startsWith('ExceptIf');
    const held = predicate(rule, except ? 'ExceptIf' : '', except ? key.slice(8) : key, f);
    if (held === undefined) throw new Error(`the evaluator does not know the parameter ${key}`);
    if (except ? held && key !== 'ExceptIfHeaderMatchesMessageHeader' : !held) return false;
  }
  return true;
}

export function evaluate(rules: readonly ParsedRule[], f: ExchangeFacts): ExchangeOutcome {
  const out: ExchangeOutcome = { action: 'DEFAULT', rules: [], copies: [] };
  for (const rule of rules) {
    if (rule.get('Mode') === 'Audit' || !applies(rule, f)) continue;
    out.rules.push(String(rule.get('Name')));
    out.copies.push(...list(rule.get('BlindCopyTo')));
    if (out.action === 'DEFAULT') {
      if (rule.get('DeleteMessage') === true) out.action = 'DROP';
      else if (rule.has('RejectMessageReasonText')) {
        out.action = 'BOUNCE';
        out.bounceMessage = String(rule.get('RejectMessageReasonText'));
      } else if (rule.get('SetSCL') === 6) out.action = 'MOVE_TO_JUNK';
      else if (rule.get('SetSCL') === -1) out.action = 'BYPASS_SPAM_CHECK';
    }
    if (rule.get('StopRuleProcessing') === true) break;
  }
  return out;
}
