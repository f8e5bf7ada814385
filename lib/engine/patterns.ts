/**
 * WorkMail sender/recipient address patterns (https://docs.aws.amazon.com/workmail/latest/adminguide/email-flows.html):
 *
 * | form            | matches                                            |
 * |-----------------|----------------------------------------------------|
 * | `user@domain`   | that single address                                |
 * | `domain`        | addresses at exactly that domain (not subdomains)  |
 * | `*.domain`      | that domain and every subdomain                    |
 * | `*`             | any address                                        |
 *
 * Case-insensitive, surrounding spaces ignored. A RegExp is tested against the trimmed address.
 * An invalid pattern is not thrown: it carries its `problem`, which `defineRules` reports.
 */

import { addressGlobRegExp, looksLikeRegExp, stateless } from './conditions/text';

/** What a pattern argument may be. */
export type AddressPattern = string | RegExp;

export type PatternKind = 'address' | 'domain' | 'wildcard' | 'star' | 'regexp' | 'invalid';

export interface CompiledPattern {
  /** The pattern as written (a RegExp shown as `/source/flags`). */
  readonly source: string;
  readonly kind: PatternKind;
  /** Lower-cased address or domain for `address`/`domain`/`wildcard` (the part after `*.`). */
  readonly value?: string;
  readonly regexp?: RegExp;
  /** Why the pattern is invalid, when `kind` is `invalid`. */
  readonly problem?: string;
  /** Specificity rank (higher is more specific), see `specificity()`. */
  readonly rank: number;
}

/** Specificity ranks (the console precedence): address > domain > wildcard domain (deeper first) > RegExp > `*` > none. */
export const RANK = {
  none: 0,
  star: 1,
  regexp: 2,
  /** Plus the number of labels of the domain (`*.a.b.example` = wildcard + 3). */
  wildcard: 1_000,
  domain: 2_000,
  address: 3_000,
} as const;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

function domainProblem(domain: string): string | undefined {
  if (domain === '') return 'the domain is empty';
  if (domain.includes('*')) return 'a "*" may appear only at the front of a domain, as "*.domain"';
  const labels = domain.split('.');
  if (labels.some((l) => l === '')) return 'the domain has an empty label (two dots, or a dot at an end)';
  const bad = labels.find((l) => !LABEL.test(l) && !/[^\x00-\x7f]/.test(l));
  if (bad !== undefined) return `the domain label "${bad}" has characters a domain cannot hold`;
  return undefined;
}

/** Why a string pattern is invalid, or undefined when it is valid; a "*" where WorkMail takes none comes with the RegExp meant. */
export function patternProblem(pattern: string): string | undefined {
  const problem = shapeProblem(pattern);
  const re = problem?.includes('*') ? addressGlobRegExp(pattern) : undefined;
  return re === undefined ? problem : `${problem}; for a wildcard there, give the RegExp ${re} (without quotes)`;
}

function shapeProblem(pattern: string): string | undefined {
  const p = pattern.trim();
  if (p === '') return 'the pattern is empty';
  if (looksLikeRegExp(p)) return `${JSON.stringify(p)} is a string, not a RegExp: did you mean ${p} (without quotes)?`;
  if (/\s/.test(p)) return 'spaces are not allowed inside a pattern';
  if (p.includes('+')) return 'the "+" symbol is not valid inside sender or recipient patterns (WorkMail)';
  if (p === '*') return undefined;
  const at = p.split('@');
  if (at.length > 2) return 'a pattern holds at most one "@"';
  if (at.length === 2) {
    const [local, domain] = at as [string, string];
    if (local === '') return 'the part before "@" is empty';
    if (local.includes('*')) return 'a "*" may appear only at the front of a domain, not in an address';
    if (domain.startsWith('*')) return 'an address pattern takes an exact domain: use "*.domain" without a user part';
    return domainProblem(domain.toLowerCase());
  }
  if (p.startsWith('*.')) return domainProblem(p.slice(2).toLowerCase());
  return domainProblem(p.toLowerCase());
}

/** Compile one pattern. Never throws: an invalid pattern comes back with `kind: 'invalid'`. */
export function compilePattern(pattern: AddressPattern): CompiledPattern {
  if (pattern instanceof RegExp) {
    return { source: String(pattern), kind: 'regexp', regexp: stateless(pattern), rank: RANK.regexp };
  }
  if (typeof pattern !== 'string') {
    return { source: String(pattern), kind: 'invalid', problem: `expected a string or RegExp, got ${typeof pattern}`, rank: RANK.none };
  }
  const problem = patternProblem(pattern);
  if (problem !== undefined) return { source: pattern, kind: 'invalid', problem, rank: RANK.none };
  const p = pattern.trim().toLowerCase();
  if (p === '*') return { source: pattern, kind: 'star', rank: RANK.star };
  if (p.includes('@')) return { source: pattern, kind: 'address', value: p, rank: RANK.address };
  if (p.startsWith('*.')) {
    const value = p.slice(2);
    return { source: pattern, kind: 'wildcard', value, rank: RANK.wildcard + value.split('.').length };
  }
  return { source: pattern, kind: 'domain', value: p, rank: RANK.domain };
}

/** An address prepared once for matching against many patterns. */
export interface Prepared {
  trimmed: string;
  lower: string;
  domain: string | undefined;
}

export function prepare(address: string): Prepared {
  const trimmed = address.trim();
  const lower = trimmed.toLowerCase();
  const at = lower.lastIndexOf('@');
  const d = at < 0 ? '' : lower.slice(at + 1).trim();
  return { trimmed, lower, domain: d === '' ? undefined : d };
}

/** Does a pattern match a prepared address? The null sender (empty address) matches none, not even `*`. */
export function matchPrepared(pattern: CompiledPattern, a: Prepared): boolean {
  if (a.lower === '') return false;
  switch (pattern.kind) {
    case 'star':
      return true;
    case 'regexp':
      return pattern.regexp!.test(a.trimmed);
    case 'address':
      return a.lower === pattern.value;
    case 'domain':
      return a.domain === pattern.value;
    case 'wildcard':
      return a.domain !== undefined && (a.domain === pattern.value || a.domain.endsWith(`.${pattern.value}`));
    case 'invalid':
      return false;
  }
}

/** The rank of the most specific pattern matching `address` (what 'specificity' compares), or undefined. */
export function bestMatch(patterns: readonly CompiledPattern[], address: string): number | undefined {
  return matchRank(patterns, prepare(address));
}

/** `bestMatch` for an address prepared once. */
export function matchRank(patterns: readonly CompiledPattern[], a: Prepared): number | undefined {
  let best: number | undefined;
  for (const p of patterns) {
    if (matchPrepared(p, a) && (best === undefined || p.rank > best)) best = p.rank;
  }
  return best;
}
