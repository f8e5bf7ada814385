/** Static facts about a condition tree: problems, whether it needs the message, its best rank, a label. */
import { RANK } from '../patterns';
import { attachmentSpecProblems, contentCost, headerProblems } from './content';
import { showText } from './text';
import type { Condition } from './types';

const KINDS = new Set(['from', 'mailFrom', 'sender', 'recipient', 'subject', 'header', 'body', 'attachment', 'sizeOver', 'all', 'any', 'not', 'custom']);

/** Every problem in the tree, each naming the condition (`from("a b"): spaces are not allowed…`). */
export function conditionProblems(c: Condition): string[] {
  if (c === null || typeof c !== 'object' || !KINDS.has((c as { kind?: unknown }).kind as string)) {
    return [`expected a condition built by from(), subject(), all(), …, got ${c === null ? 'null' : typeof c}`];
  }
  switch (c.kind) {
    case 'from':
    case 'mailFrom':
    case 'sender':
    case 'recipient':
      if (c.patterns.length === 0) return [`${c.kind}() needs at least one pattern`];
      return c.patterns.filter((p) => p.kind === 'invalid').map((p) => `${c.kind}(${JSON.stringify(p.source)}): ${p.problem}`);
    case 'subject':
    case 'body':
      return c.match.kind === 'invalid' ? [c.match.problem] : [];
    case 'header':
      return headerProblems(c);
    case 'attachment':
      return attachmentSpecProblems(c.spec);
    case 'sizeOver':
      return Number.isFinite(c.bytes) && c.bytes >= 0 ? [] : [`sizeOver(${String(c.bytes)}): expects a number of bytes ≥ 0`];
    case 'all':
    case 'any':
      return c.conditions.flatMap(conditionProblems);
    case 'not':
      return conditionProblems(c.condition);
    case 'custom': {
      const out: string[] = [];
      if (typeof c.name !== 'string' || c.name.trim() === '') out.push('custom(): give the condition a name');
      if (typeof c.fn !== 'function') out.push(`custom(${JSON.stringify(c.name)}): expects a function`);
      if (c.needs !== 'envelope' && c.needs !== 'message') out.push(`custom(${JSON.stringify(c.name)}): needs must be 'envelope' or 'message'`);
      return out;
    }
  }
}

const needsCache = new WeakMap<Condition, boolean>();

/** True when evaluating the condition may read the message (a content condition is reachable). */
export function needsMessage(c: Condition): boolean {
  const hit = needsCache.get(c);
  if (hit !== undefined) return hit;
  let v: boolean;
  switch (c.kind) {
    case 'header':
    case 'body':
    case 'attachment':
    case 'sizeOver':
      v = true;
      break;
    case 'custom':
      v = c.needs === 'message';
      break;
    case 'all':
    case 'any':
      v = c.conditions.some(needsMessage);
      break;
    case 'not':
      v = needsMessage(c.condition);
      break;
    default:
      v = false;
  }
  needsCache.set(c, v);
  return v;
}

const recipientCache = new WeakMap<Condition, boolean>();

/** True when the outcome can differ between recipients (so it must not be shared across them). */
export function dependsOnRecipient(c: Condition): boolean {
  const hit = recipientCache.get(c);
  if (hit !== undefined) return hit;
  let v: boolean;
  switch (c.kind) {
    case 'recipient':
    case 'custom':
      v = true;
      break;
    case 'all':
    case 'any':
      v = c.conditions.some(dependsOnRecipient);
      break;
    case 'not':
      v = dependsOnRecipient(c.condition);
      break;
    default:
      v = false;
  }
  recipientCache.set(c, v);
  return v;
}

/** The highest specificity rank the condition can produce when it holds (0: no address pattern). */
export function maxRank(c: Condition | undefined): number {
  if (c === undefined) return RANK.none;
  switch (c.kind) {
    case 'from':
    case 'mailFrom':
    case 'sender':
    case 'recipient':
      return Math.max(RANK.none, ...c.patterns.map((p) => p.rank));
    case 'all':
    case 'any':
      return Math.max(RANK.none, ...c.conditions.map(maxRank));
    default:
      return RANK.none;
  }
}

/** Evaluation order cost: envelope 0, then size, headers, full parse, custom message predicates. */
export function cost(c: Condition): number {
  if (!needsMessage(c)) return 0;
  switch (c.kind) {
    case 'header':
    case 'body':
    case 'attachment':
    case 'sizeOver':
      return 1 + contentCost(c);
    case 'all':
    case 'any':
      return Math.max(...c.conditions.map(cost));
    case 'not':
      return cost(c.condition);
    default:
      return 4;
  }
}

/** A short label for traces and errors, e.g. `all(from("*.bad.example"), not(subject(/x/i)))`. */
export function describe(c: Condition): string {
  switch (c.kind) {
    case 'from':
    case 'mailFrom':
    case 'sender':
    case 'recipient':
      return `${c.kind}(${c.patterns.map((p) => JSON.stringify(p.source)).join(', ')})`;
    case 'subject':
    case 'body':
      return `${c.kind}(${showText(c.match)})`;
    case 'header':
      return c.label ?? `header(${JSON.stringify(c.name)}${c.match ? `, ${showText(c.match)}` : ''})`;
    case 'attachment':
      return `attachment(${JSON.stringify(c.spec, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))})`;
    case 'sizeOver':
      return `sizeOver(${c.bytes})`;
    case 'all':
    case 'any':
      return `${c.kind}(${c.conditions.map(describe).join(', ')})`;
    case 'not':
      return `not(${describe(c.condition)})`;
    case 'custom':
      return `custom(${JSON.stringify(c.name)})`;
  }
}
