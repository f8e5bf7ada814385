/**
 * What the four address kinds (`from`, `mailFrom`, `sender`, `recipient`) share: a list of
 * WorkMail address patterns (see ../patterns.ts), checked at definition, ranked by the most specific
 * pattern that matched. Each kind's own file says which address it tests.
 */
import { compilePattern, matchRank, RANK, type AddressPattern, type CompiledPattern, type Prepared } from '../patterns';
import { defineConditionKind, FALSE, type ConditionKind, type Evaluation, type Outcome } from './kind';

export type AddressField = 'from' | 'mailFrom' | 'sender' | 'recipient';

export interface AddressCondition<K extends AddressField = AddressField> {
  kind: K;
  patterns: CompiledPattern[];
}

export const addressCondition = <K extends AddressField>(kind: K, patterns: AddressPattern[]): AddressCondition<K> => ({
  kind,
  patterns: patterns.map(compilePattern),
});

/** Match an address against the patterns: true with the best rank, or false. */
export function matchAddress(c: AddressCondition, a: Prepared | undefined): Outcome {
  const r = a === undefined ? undefined : matchRank(c.patterns, a);
  return r === undefined ? FALSE : { value: true, rank: r };
}

/** The description of an address kind; `test` reads the address(es) it is about. */
export function defineAddressKind<K extends AddressField>(
  kind: K,
  test: (c: AddressCondition<K>, ev: Evaluation) => Outcome,
  extra: Partial<ConditionKind<AddressCondition<K>>> = {},
): ConditionKind<AddressCondition<K>> {
  return defineConditionKind<AddressCondition<K>>({
    kind,
    problems: (c) =>
      c.patterns.length === 0
        ? [`${kind}() needs at least one pattern`]
        : c.patterns.filter((p) => p.kind === 'invalid').map((p) => `${kind}(${JSON.stringify(p.source)}): ${p.problem}`),
    regexps: (c) => c.patterns.flatMap((p) => (p.regexp ? [p.regexp] : [])),
    rank: (c) => Math.max(RANK.none, ...c.patterns.map((p) => p.rank)),
    describe: (c) => `${kind}(${c.patterns.map((p) => JSON.stringify(p.source)).join(', ')})`,
    evaluate: (c, ev) => test(c, ev),
    ...extra,
  } as ConditionKind<AddressCondition<K>>);
}
