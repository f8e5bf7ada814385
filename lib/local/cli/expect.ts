/**
 * `--check` and `--update`: `<name>.expect.json` beside an event, validated against
 * schemas/expect.schema.json (unknown keys and action names are errors), compared with a replay, and
 * written from one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageView } from '../../message/view';
import type { LambdaEventData } from '../../workmail/types';
import { decisionFor, type ReplayDecision } from '../decisions';
import { LocalWorkMailError } from '../errors';
import { parseUserJson } from '../event-file';
import { schemaProblems, schemaRef } from './schemas';

export interface Expectation {
  $schema?: string;
  actions: Record<string, string>;
  rules?: Record<string, string | null>;
  bounceMessages?: Record<string, string>;
  rewritten?: boolean;
  rewrite?: { subject?: string; footerContains?: string };
}

/** What a replay produced, as far as an expectation looks at it. */
export interface Outcome {
  event: LambdaEventData;
  decisions: readonly ReplayDecision[];
  rewritten: Buffer | null;
}

export const expectFileOf = (eventFile: string): string => eventFile.replace(/\.json$/i, '') + '.expect.json';

/** The expectation beside an event, undefined when there is none; a REPLAY_EXPECT error naming the file when it is broken. */
export function readExpectation(eventFile: string): Expectation | undefined {
  const file = expectFileOf(eventFile);
  if (!fs.existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = parseUserJson(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new LocalWorkMailError('REPLAY_EXPECT', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  const problems = schemaProblems('expect', parsed);
  if (problems.length) {
    throw new LocalWorkMailError(
      'REPLAY_EXPECT',
      `${file} does not match the expectation schema (workmail-rules docs/testing.md, "Expectations"):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return parsed as Expectation;
}

const listed = (map: Record<string, unknown> | undefined, address: string) =>
  Object.keys(map ?? {}).some((k) => k.toLowerCase() === address.toLowerCase());

/**
 * Addresses the expectation names that are neither a recipient of the event nor an added copy: the
 * `*` residual would "match" them, so a misspelt address would pass unseen. (`*` itself is allowed.)
 */
function strangers(outcome: Outcome, expected: Expectation): string[] {
  const known = new Set([
    '*',
    ...outcome.event.envelope.recipients.map((r) => r.address.toLowerCase()),
    ...outcome.decisions.map((d) => d.recipient.toLowerCase()),
  ]);
  const named = new Set(
    [expected.actions, expected.rules, expected.bounceMessages]
      .flatMap((m) => Object.keys(m ?? {}))
      .filter((a) => !known.has(a.toLowerCase())),
  );
  return [...named].map(
    (a) =>
      `${a}: not a recipient of the event (recipients: ${[...known].filter((k) => k !== '*').join(', ') || 'none'}); check the address`,
  );
}

/** Differences as readable lines; empty when the replay matches. */
export async function compareWithExpectation(outcome: Outcome, expected: Expectation): Promise<string[]> {
  const { decisions, event } = outcome;
  const diffs: string[] = [];
  if (!event.truncated) {
    for (const r of event.envelope.recipients) {
      if (!listed(expected.actions, r.address))
        diffs.push(`${r.address}: no expected action (every recipient of an event that is not truncated must be listed)`);
    }
  }
  diffs.push(...strangers(outcome, expected));
  for (const [address, action] of Object.entries(expected.actions)) {
    const d = decisionFor(decisions, address);
    if (!d) diffs.push(`${address}: expected ${action}, got no decision`);
    else if (d.action !== action) diffs.push(`${address}: expected ${action}, got ${d.action}${d.rule ? ` (rule ${d.rule})` : ''}`);
  }
  for (const [address, rule] of Object.entries(expected.rules ?? {})) {
    const got = decisionFor(decisions, address)?.rule ?? null;
    if (got !== rule) diffs.push(`${address}: expected rule ${rule ?? '(none)'}, got ${got ?? '(none)'}`);
  }
  for (const [address, message] of Object.entries(expected.bounceMessages ?? {})) {
    const d = decisionFor(decisions, address);
    if (d?.action !== 'BOUNCE') diffs.push(`${address}: expected a bounce with "${message}", got ${d?.action ?? 'no decision'}`);
    else if ((d.bounceMessage ?? '') !== message)
      diffs.push(`${address}: expected bounce message "${message}", got "${d.bounceMessage ?? ''}"`);
  }
  if (expected.rewritten !== undefined && expected.rewritten !== (outcome.rewritten !== null)) {
    diffs.push(
      `expected the message ${expected.rewritten ? 'to be rewritten' : 'not to be rewritten'}, but it was${expected.rewritten ? ' not' : ''}`,
    );
  }
  if (expected.rewrite && outcome.rewritten) {
    const view = createMessageView(async () => outcome.rewritten!);
    if (expected.rewrite.subject !== undefined) {
      const subject = (await view.headers()).find((h) => h.name.toLowerCase() === 'subject')?.value ?? '';
      if (subject !== expected.rewrite.subject) diffs.push(`rewritten subject: expected "${expected.rewrite.subject}", got "${subject}"`);
    }
    if (expected.rewrite.footerContains !== undefined && !(await view.text()).includes(expected.rewrite.footerContains)) {
      diffs.push(`rewritten body: does not contain "${expected.rewrite.footerContains}"`);
    }
  }
  return diffs;
}

/** The expectation that the replay satisfies (what --update writes). */
export async function expectationFrom(outcome: Outcome, folder: string): Promise<Expectation> {
  const actions: Record<string, string> = {};
  const rules: Record<string, string | null> = {};
  const bounceMessages: Record<string, string> = {};
  for (const d of outcome.decisions) {
    if (d.recipient === '*' && !outcome.event.truncated) continue;
    actions[d.recipient] = d.action;
    if (d.rule !== undefined) rules[d.recipient] = d.rule;
    if (d.action === 'BOUNCE' && d.bounceMessage !== undefined) bounceMessages[d.recipient] = d.bounceMessage;
  }
  const e: Expectation = { $schema: schemaRef('expect', folder), actions };
  if (Object.keys(rules).length) e.rules = rules;
  if (Object.keys(bounceMessages).length) e.bounceMessages = bounceMessages;
  e.rewritten = outcome.rewritten !== null;
  if (outcome.rewritten) {
    const subject = (await createMessageView(async () => outcome.rewritten!).headers()).find(
      (h) => h.name.toLowerCase() === 'subject',
    )?.value;
    if (subject !== undefined) e.rewrite = { subject };
  }
  return e;
}

/** What changed between two expectations, one line per key; empty when they are the same. */
export function expectationChanges(before: Partial<Expectation> | undefined, after: Expectation): string[] {
  const lines: string[] = [];
  const keys = ['actions', 'rules', 'bounceMessages'] as const;
  for (const k of keys) {
    const a = (before?.[k] ?? {}) as Record<string, unknown>;
    const b = (after[k] ?? {}) as Record<string, unknown>;
    for (const r of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[r]) !== JSON.stringify(b[r])) lines.push(`${k}.${r}: ${show(a[r])} → ${show(b[r])}`);
    }
  }
  if (before?.rewritten !== after.rewritten) lines.push(`rewritten: ${show(before?.rewritten)} → ${show(after.rewritten)}`);
  if (JSON.stringify(before?.rewrite) !== JSON.stringify(after.rewrite))
    lines.push(`rewrite: ${show(before?.rewrite)} → ${show(after.rewrite)}`);
  return lines;
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** Writes the expectation beside the event; a previous "$schema" and any "rewrite.footerContains" are kept. */
export function writeExpectation(eventFile: string, e: Expectation, before: Partial<Expectation> | undefined): void {
  const out: Expectation = { ...e, ...(before?.$schema ? { $schema: before.$schema } : {}) };
  if (before?.rewrite?.footerContains && out.rewrite) out.rewrite = { ...out.rewrite, footerContains: before.rewrite.footerContains };
  fs.mkdirSync(path.dirname(eventFile), { recursive: true });
  fs.writeFileSync(expectFileOf(eventFile), JSON.stringify(out, null, 2) + '\n');
}
