/**
 * First-match over many recipients without walking every rule for each of them.
 *
 * A rule's outcome depends on the recipient only through its own recipient patterns (a rule set
 * with custom conditions has no recipient index and never gets here). For one recipient, the rules
 * owning a pattern it matches are *affected*; every other rule has its *baseline* outcome, the one
 * it has when none of its patterns match, which is the same for every recipient of the invocation.
 * A skip list over the rules remembers the baselines found not to hold, so a later recipient jumps
 * straight to the next rule that may decide: the affected ones, and the baselines still unknown or
 * holding. Rules are still reached in order and each evaluated only when reached, so the message is
 * read no more often than by a plain walk.
 */
import type { OneDecision, Tested } from './evaluate';
import type { CompiledRule } from './rules';

/** Per invocation: which rules are known not to hold at baseline, as a path-compressed skip list. */
export class BaselineSkips {
  private readonly next: Int32Array;
  constructor(size: number) {
    this.next = new Int32Array(size + 1);
    for (let i = 0; i <= size; i++) this.next[i] = i;
  }
  /** The first rule index ≥ i not known to miss at baseline (size when none). */
  find(i: number): number {
    let r = i;
    while (this.next[r] !== r) r = this.next[r]!;
    while (this.next[i] !== r) {
      const n = this.next[i]!;
      this.next[i] = r;
      i = n;
    }
    return r;
  }
  miss(i: number): void {
    this.next[i] = i + 1;
  }
}

/**
 * First-match for one recipient. `affected` lists (ascending) the indexes of the rules owning a
 * pattern the recipient matches; `test` answers a rule for this recipient (remembering outcomes).
 */
export async function baselineWalk(
  rules: readonly CompiledRule[], affected: readonly number[], skips: BaselineSkips,
  test: (rule: CompiledRule) => Tested | Promise<Tested>, cloneAudit: (rule: CompiledRule) => OneDecision['audits'][number],
): Promise<OneDecision> {
  const out: OneDecision = { audits: [], trace: [] };
  const n = rules.length;
  let i = 0;
  let ai = 0;
  while (i < n) {
    while (ai < affected.length && affected[ai]! < i) ai++;
    const a = ai < affected.length ? affected[ai]! : n;
    const k = Math.min(a, skips.find(i));
    if (k >= n) break;
    const rule = rules[k]!;
    const t = test(rule);
    const { outcome } = t instanceof Promise ? await t : t;
    if (outcome === 'match') {
      if (rule.mode === 'audit') out.audits.push(cloneAudit(rule));
      else {
        out.rule = rule;
        break;
      }
    } else if (k !== a) {
      skips.miss(k);
    }
    i = k + 1;
  }
  return out;
}
