/**
 * What an export says about each rule: `exact` (same decisions), `approximate` (exported, with what
 * differs), or `not exported` (left out, with why). Shared by the Sieve and Mail Manager compilers.
 */
import { WorkMailRulesError } from '../workmail/errors';

export type FidelityStatus = 'exact' | 'approximate' | 'not exported';

export interface RuleFidelity {
  rule: string;
  status: FidelityStatus;
  /** What differs (approximate) or why the rule is left out (not exported). */
  differences: string[];
  /** Anything else worth knowing (an audit rule written as a comment). */
  note?: string;
}

/** A compiled piece: its value and what differs, or why it cannot be compiled. */
export type Piece<T> = { ok: true; value: T; differences: string[] } | { ok: false; reason: string };

export const exact = <T>(value: T, differences: string[] = []): Piece<T> => ({ ok: true, value, differences });
export const notExported = <T>(reason: string): Piece<T> => ({ ok: false, reason });

/** Combine pieces: the first reason any of them cannot be compiled, else their values and differences. */
export function combine<T, R>(pieces: Piece<T>[], build: (values: T[]) => R): Piece<R> {
  const differences: string[] = [];
  const values: T[] = [];
  for (const p of pieces) {
    if (!p.ok) return p;
    values.push(p.value);
    for (const d of p.differences) if (!differences.includes(d)) differences.push(d);
  }
  return { ok: true, value: build(values), differences };
}

export function fidelityOf(rule: string, piece: Piece<unknown>, extra: string[] = []): RuleFidelity {
  if (!piece.ok) return { rule, status: 'not exported', differences: [piece.reason] };
  const differences = [...piece.differences, ...extra.filter((d) => !piece.differences.includes(d))];
  return { rule, status: differences.length === 0 ? 'exact' : 'approximate', differences };
}

/** An export that cannot be made: a rule set that exports to nothing, an unusable target. */
export class ExportError extends WorkMailRulesError {
  override readonly name = 'ExportError';
  constructor(
    readonly code: 'EXPORT_EMPTY' | 'EXPORT_LOAD' | 'EXPORT_WRITE' | 'EXPORT_TARGET' | 'EXPORT_INVALID' | 'EXPORT_LEFT_OUT',
    message: string,
  ) {
    super(message);
  }
}
