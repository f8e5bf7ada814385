/**
 * The export targets: each one says what it can express (its capability table and limits), compiles a
 * rule set to files with a fidelity report per rule, and validates what it wrote (an ExportError
 * naming the rule when the output would not be accepted). The CLI lists and runs exactly `TARGETS`.
 */
import type { LoadedRuleSet } from './load';
import type { FidelityStatus, RuleFidelity } from './types';

/** One row of a target's capability table: a feature of our rules and the fidelity it gets. */
export interface Capability {
  feature: string;
  fidelity: FidelityStatus;
  note?: string;
}

/** A choice a target takes (the Sieve host). */
export interface TargetOption {
  name: string;
  values: readonly string[];
  default: string;
  help: string;
}

export interface TargetFile {
  name: string;
  content: string;
}

/** One rule set compiled for a target. */
export interface TargetOutput {
  files: TargetFile[];
  report: RuleFidelity[];
  /** Enforce rules that made it into the output. */
  exported: number;
  /** What --json shows besides the report (the script, the rules). */
  data: Record<string, unknown>;
}

export interface CompileInput extends LoadedRuleSet {
  /** The rules file, relative to the working folder, for the output's header. */
  source: string;
}

export interface ExportTarget {
  id: string;
  /** One line for the usage text. */
  summary: string;
  option?: TargetOption;
  capabilities(option?: string): readonly Capability[];
  limits(option?: string): readonly string[];
  /** Compiles and validates; an ExportError (naming the rule) when the output would be refused. */
  compile(input: CompileInput, option?: string): TargetOutput;
}

/** Per status, how many report entries have it (rules and rewrite edits alike). */
export function countByStatus(report: readonly RuleFidelity[]): Record<FidelityStatus, number> {
  const out: Record<FidelityStatus, number> = { exact: 0, approximate: 0, 'not exported': 0 };
  for (const r of report) out[r.status]++;
  return out;
}
