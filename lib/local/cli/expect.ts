/** `--check`: compare a replay with `<name>.expect.json` ({"actions": {addr: TYPE}, "rules": {addr: rule | null}}). */
import * as fs from 'node:fs';
import { decisionFor, type ReplayDecision } from '../decisions';

export interface Expectation {
  actions?: Record<string, string>;
  rules?: Record<string, string | null>;
}

export const expectFileOf = (eventFile: string): string => eventFile.replace(/\.json$/i, '') + '.expect.json';

/** The expectation beside an event, undefined when there is none; throws on a broken file. */
export function readExpectation(eventFile: string): Expectation | undefined {
  const file = expectFileOf(eventFile);
  if (!fs.existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const e = parsed as Expectation;
  const isMap = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
  if (!parsed || typeof parsed !== 'object' || !isMap(e.actions) || !isMap(e.rules)) {
    throw new Error(`${file} must be {"actions": {recipient: ACTION}, "rules": {recipient: ruleName}}`);
  }
  return e;
}

/** Differences as readable lines; empty when the replay matches. */
export function compareWithExpectation(decisions: readonly ReplayDecision[], expected: Expectation): string[] {
  const diffs: string[] = [];
  for (const [address, action] of Object.entries(expected.actions ?? {})) {
    const d = decisionFor(decisions, address);
    if (!d) diffs.push(`${address}: expected ${action}, got no decision`);
    else if (d.action !== action) diffs.push(`${address}: expected ${action}, got ${d.action}${d.rule ? ` (rule ${d.rule})` : ''}`);
  }
  for (const [address, rule] of Object.entries(expected.rules ?? {})) {
    const d = decisionFor(decisions, address);
    const got = d?.rule ?? null;
    if (got !== rule) diffs.push(`${address}: expected rule ${rule ?? '(none)'}, got ${got ?? '(none)'}`);
  }
  return diffs;
}
