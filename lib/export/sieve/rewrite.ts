/**
 * A handler's rewrite in Sieve: tagSubject, setHeader and removeHeader become `deleteheader` and
 * `addheader` (RFC 5293 editheader), guarded by the rewrite's `when`. appendFooter and
 * removeAttachments change the body, which no Sieve extension does portably: they are reported and
 * written as comments. The lines run inside each delivering rule block, after the rule's test and
 * before its action, so the rules test the original message (as in WorkMail, which decides first).
 */
import type { Condition } from '../../engine/conditions/types';
import type { Edit } from '../../message/rewrite/edits';
import { sieveTest } from './conditions';
import { badText, matchesLiteral, printTest, quote } from './text';
import { missing, type SieveHost } from './hosts';
import type { RuleFidelity } from '../types';

/** A rewrite as handlers describe it (HandlerDescription.rewrite). */
export interface RewriteSpec {
  readonly when?: Condition;
  readonly edits: readonly Edit[];
}

export interface SieveRewrite {
  /** Commands for a delivering block, before its action; empty when no edit is expressible. */
  lines: string[];
  requires: string[];
  /** True when the lines need the variables extension: every other string of the script then needs keepDollars. */
  variables: boolean;
  /** True when the lines use DOLLAR (DOLLAR_SET must come first). */
  dollar: boolean;
  /** The script's comment about the rewrite. */
  summary: string;
  /** One entry per edit. */
  report: RuleFidelity[];
}

/** The variable that holds `$`, so a literal `${` survives variable expansion (RFC 5229 §3). */
const DOLLAR = 'wmr_dollar';
/** Defines DOLLAR: the script's first command when keepDollars changed anything. */
export const DOLLAR_SET = `set "${DOLLAR}" "$";`;
/** Sieve code with every `${` written as `${wmr_dollar}{`: the same text once variables expand. */
export const keepDollars = (code: string): string => code.replace(/\$\{/g, `\${${DOLLAR}}{`);

const BODY_REASON =
  'Sieve edits header fields only (editheader, RFC 5293); it cannot change the body, so the message is delivered without this edit';

export function editLabel(edit: Edit, i: number): string {
  const what =
    edit.kind === 'tagSubject'
      ? `tagSubject ${JSON.stringify(edit.tag)}`
      : edit.kind === 'setHeader' || edit.kind === 'removeHeader'
        ? `${edit.kind} ${edit.name}`
        : edit.kind;
  return `rewrite ${i + 1}: ${what}`;
}

/** Does the condition test the recipient anywhere (WorkMail evaluates the rewrite's `when` without one)? */
export function testsRecipient(c: unknown): boolean {
  if (c === null || typeof c !== 'object') return false;
  if ((c as { kind?: unknown }).kind === 'recipient') return true;
  return Object.values(c).some(testsRecipient);
}

const RECIPIENT_NOTE =
  "the rewrite's `when` tests the recipient: WorkMail evaluates it once per message, with recipient conditions unknown (so they never hold), Sieve once per recipient";

const EDIT_NEEDS: Record<string, string[]> = {
  tagSubject: ['editheader', 'variables', 'relational', 'comparator-i;ascii-numeric'],
  setHeader: ['editheader'],
  removeHeader: ['editheader'],
};

/** Why the host cannot run the edit (a missing extension, a value Sieve cannot carry), or undefined. */
function editProblem(edit: Edit, host: SieveHost, whenNeeds: readonly string[]): string | undefined {
  const lacks = missing(host, [...(EDIT_NEEDS[edit.kind] ?? []), ...whenNeeds]);
  if (lacks.length) return `needs the Sieve extension(s) ${lacks.join(', ')}, which ${host.title} lacks`;
  const texts =
    edit.kind === 'tagSubject'
      ? [edit.tag]
      : edit.kind === 'setHeader'
        ? [edit.name, edit.value]
        : edit.kind === 'removeHeader'
          ? [edit.name]
          : [];
  for (const t of texts) {
    const bad = badText(t, `the text ${JSON.stringify(t)}`);
    if (bad) return bad;
  }
  return undefined;
}

export function sieveRewrite(rewrite: RewriteSpec, host: SieveHost): SieveRewrite {
  const report: RuleFidelity[] = [];
  const when = rewrite.when ? sieveTest(rewrite.when) : undefined;
  const whenDiffs = when?.ok ? [...when.differences, ...(testsRecipient(rewrite.when) ? [RECIPIENT_NOTE] : [])] : [];
  const whenNeeds = when?.ok ? when.value.requires : [];
  const variables =
    when?.ok !== false && rewrite.edits.some((e) => e.kind === 'tagSubject' && editProblem(e, host, whenNeeds) === undefined);
  let dollar = false;
  const lit = (s: string): string => {
    if (!variables || !s.includes('${')) return quote(s);
    dollar = true;
    return quote(keepDollars(s));
  };
  // With variables in use, a literal `${` of the `when` must not expand either.
  const printedWhen = when?.ok ? printTest(when.value.test, '  ') : '';
  const whenText = variables && printedWhen.includes('${') ? keepDollars(printedWhen) : printedWhen;
  if (whenText !== printedWhen) dollar = true;
  const edits: string[] = [];
  const comments: string[] = [];
  const requires = new Set<string>();
  rewrite.edits.forEach((edit, i) => {
    const rule = editLabel(edit, i);
    if (when && !when.ok) {
      report.push({ rule, status: 'not exported', differences: [`the rewrite's \`when\`: ${when.reason}`] });
      return;
    }
    const lines = editLines(edit, lit);
    const why = lines === undefined ? BODY_REASON : editProblem(edit, host, whenNeeds);
    if (lines === undefined || why !== undefined) {
      report.push({ rule, status: 'not exported', differences: [why!] });
      comments.push(`${rule}: not exported: ${why}.`);
      return;
    }
    for (const r of EDIT_NEEDS[edit.kind] ?? []) requires.add(r);
    edits.push(`# ${rule}`, ...lines);
    const note = 'the edited field is added as the last header field (WorkMail edits it in place)';
    const differences = [...whenDiffs];
    if (edit.kind === 'tagSubject' && /[^\x00-\x7f]/.test(edit.tag))
      differences.push('"already tagged" compares only ASCII letters case-insensitively (i;ascii-casemap); WorkMail folds every letter');
    const added = edit.kind === 'removeHeader' ? {} : { note };
    report.push({ rule, status: differences.length ? 'approximate' : 'exact', differences, ...added });
  });
  for (const r of when?.ok ? when.value.requires : []) if (edits.length) requires.add(r);
  const lines = edits.length === 0 ? [] : when?.ok ? [`if ${whenText} {`, ...edits.map((l) => `  ${l}`), '}'] : edits;
  const how = [
    "The handler's rewrite runs in each block that delivers (keep, fileinto, redirect), after the rule's",
    'test and before its action: the rules test the original message, as in WorkMail. WorkMail rewrites',
    'only when someone receives the message; here a bounced or dropped recipient gets no edits either.',
  ];
  const summary = [...(edits.length ? how : ["No edit of the handler's rewrite is expressible in Sieve."]), ...comments].join('\n');
  return { lines, requires: [...requires], variables: variables && edits.length > 0, dollar, summary, report };
}

/** The Sieve commands of one edit; undefined when it changes the body. */
function editLines(edit: Edit, lit: (s: string) => string): string[] | undefined {
  switch (edit.kind) {
    case 'tagSubject':
      // As tagSubjectOn in the rewriter: no Subject gets one with the tag; several are left alone; an
      // already tagged one (case-insensitive) too; else the tag goes in front of the decoded text.
      return [
        'if not exists "Subject" {',
        `  addheader :last "Subject" ${lit(edit.tag)};`,
        '} elsif allof(',
        '  header :count "eq" :comparator "i;ascii-numeric" "Subject" "1",',
        `  not header :matches "Subject" ${lit(`${matchesLiteral(edit.tag)}*`)},`,
        '  header :matches "Subject" "*"',
        ') {',
        '  deleteheader "Subject";',
        `  addheader :last "Subject" ${lit(edit.tag).slice(0, -1)} \${1}";`,
        '}',
      ];
    case 'setHeader':
      return [`deleteheader ${lit(edit.name)};`, `addheader :last ${lit(edit.name)} ${lit(edit.value)};`];
    case 'removeHeader':
      return [`deleteheader ${lit(edit.name)};`];
    default:
      return undefined;
  }
}
