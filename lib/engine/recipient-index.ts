/**
 * Recipients matching the same `recipient(...)` patterns share a decision. The index finds which an
 * address matches (map look-ups per address and domain; a scan of RegExps only). A rule set with a
 * condition that sees the recipient otherwise (`custom`) shares none: no index (null).
 */
import { recipientPatterns } from './conditions/analyze';
import { prepare, type CompiledPattern } from './patterns';
import type { RuleSet } from './rules';

export interface RecipientIndex {
  /** The ids of the rule set's recipient patterns this address matches, ascending. */
  matches(address: string): number[];
  /** Per rule (by index), the range [start, end) of pattern ids that belong to it. */
  ranges: readonly (readonly [number, number])[];
  /** The indexes (ascending, unique) of the rules owning any of `ids`. */
  rulesOf(ids: readonly number[]): number[];
}

const indexes = new WeakMap<RuleSet, RecipientIndex | null>();

function build(ruleSet: RuleSet): RecipientIndex | null {
  const patterns: CompiledPattern[] = [];
  const ranges: [number, number][] = [];
  for (const rule of ruleSet.rules) {
    const start = patterns.length;
    if (rule.when !== undefined && recipientPatterns(rule.when, patterns) === null) return null;
    ranges.push([start, patterns.length]);
  }

  const byAddress = new Map<string, number[]>();
  const byDomain = new Map<string, number[]>();
  const byWildcard = new Map<string, number[]>();
  const always: number[] = [];
  const regexps: { id: number; regexp: RegExp }[] = [];
  const add = (m: Map<string, number[]>, k: string, id: number) => {
    const list = m.get(k);
    if (list) list.push(id);
    else m.set(k, [id]);
  };
  const byValue = { address: byAddress, domain: byDomain, wildcard: byWildcard };
  patterns.forEach((p, id) => {
    if (p.kind === 'star') always.push(id);
    else if (p.kind === 'regexp') regexps.push({ id, regexp: p.regexp! });
    else if (p.kind !== 'invalid') add(byValue[p.kind], p.value!, id); // invalid ones match nothing (defineRules refuses them)
  });

  const ruleOfId = new Int32Array(patterns.length);
  for (const [rule, [start, end]] of ranges.entries()) ruleOfId.fill(rule, start, end);

  return {
    ranges,
    rulesOf(ids: readonly number[]): number[] {
      const out: number[] = [];
      for (const id of ids) {
        const r = ruleOfId[id]!;
        if (out[out.length - 1] !== r) out.push(r);
      }
      return out;
    },
    matches(address: string): number[] {
      const { trimmed: a, lower: l, domain: d } = prepare(address);
      const ids = [...always, ...(byAddress.get(l) ?? [])];
      if (d !== undefined) {
        ids.push(...(byDomain.get(d) ?? []));
        // `*.x` matches x and every subdomain: look up the domain and each parent.
        for (let s = d; byWildcard.size > 0; ) {
          ids.push(...(byWildcard.get(s) ?? []));
          const dot = s.indexOf('.');
          if (dot < 0) break;
          s = s.slice(dot + 1);
        }
      }
      for (const r of regexps) if (r.regexp.test(a)) ids.push(r.id);
      return ids.length < 2 ? ids : ids.sort((x, y) => x - y);
    },
  };
}

/** The index for a rule set, built once and kept with it; null when decisions cannot be shared. */
export function recipientIndex(ruleSet: RuleSet): RecipientIndex | null {
  let ix = indexes.get(ruleSet);
  if (ix === undefined) indexes.set(ruleSet, (ix = build(ruleSet)));
  return ix;
}
