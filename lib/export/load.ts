/**
 * The rule sets to export: by default those of the project's synchronous functions (cdk.json
 * `workmail.functions`), each with its handler's rewrite, read from the handler's description; or
 * every RuleSet the rules files named export (their default first), loaded with the TypeScript
 * loader the command registered. Without a CDK configuration: the files of `rules/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleSet } from '../engine/rules';
import type { RewriteSpec } from './sieve/rewrite';
import { ExportError } from './types';

export interface LoadedRuleSet {
  /** The output's name: the file's base name, plus the export's name when it is not the default. */
  name: string;
  file: string;
  ruleSet: RuleSet;
  /** The handler's rewrite, when the rule set comes from a handler that rewrites. */
  rewrite?: RewriteSpec;
}

/** One function of the CDK configuration, as replay and the sandbox see it. */
export interface ExportFunction {
  name: string;
  entry: string;
  rule: 'sync' | 'async';
}

/** The part of a handler's description the export reads (HandlerDescription in the runtime). */
interface Described {
  description?: { kind?: string; rules?: unknown; rewrite?: RewriteSpec };
}

/**
 * The rule set and rewrite of every synchronous function whose handler decides with a rule set;
 * `load` returns the module's handler. Functions that decide in code are returned in `skipped`.
 * An ExportError when a handler fails to load, or when no function has a rule set.
 */
export function loadHandlerRuleSets(
  functions: readonly ExportFunction[],
  load: (entry: string) => { file: string; handler: unknown },
): { loaded: LoadedRuleSet[]; skipped: string[] } {
  const loaded: LoadedRuleSet[] = [];
  const skipped: string[] = [];
  for (const fn of functions.filter((f) => f.rule === 'sync')) {
    let got: { file: string; handler: unknown };
    try {
      got = load(fn.entry);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new ExportError('EXPORT_LOAD', `the handler of function ${fn.name} (${fn.entry}) fails to load: ${why}`);
    }
    const d = (got.handler as Described | undefined)?.description;
    if (d?.kind !== 'sync' || !isRuleSet(d.rules)) {
      skipped.push(fn.name);
      continue;
    }
    loaded.push({ name: fn.name, file: got.file, ruleSet: d.rules, ...(d.rewrite ? { rewrite: d.rewrite } : {}) });
  }
  if (loaded.length === 0)
    throw new ExportError(
      'EXPORT_LOAD',
      `no synchronous function of cdk.json workmail.functions decides with a rule set${skipped.length ? ` (${skipped.join(', ')} ${skipped.length === 1 ? 'decides' : 'decide'} in code)` : ''}: name the rules files to export (workmail-rules export sieve rules/inbound.ts)`,
    );
  return { loaded, skipped };
}

const isRuleSet = (v: unknown): v is RuleSet => v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'RuleSet';

/** The rules files of `<cwd>/rules/`, sorted; an ExportError when there are none. */
export function defaultRulesFiles(cwd: string): string[] {
  const dir = path.join(cwd, 'rules');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
  if (files.length === 0)
    throw new ExportError(
      'EXPORT_LOAD',
      `no rules files in ${dir}: name the files to export (workmail-rules export sieve rules/inbound.ts)`,
    );
  return files;
}

/** Every rule set `file` exports. An ExportError names the file when it fails to load or exports none. */
export function loadRuleSets(file: string): LoadedRuleSet[] {
  const abs = path.resolve(file);
  let mod: Record<string, unknown>;
  try {
    mod = require(abs) as Record<string, unknown>;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ExportError('EXPORT_LOAD', `the rules file ${file} fails to load: ${why}`);
  }
  const base = path.basename(abs).replace(/\.[^.]+$/, '');
  const out: LoadedRuleSet[] = [];
  const seen = new Set<unknown>();
  const entries = Object.entries(mod).sort(([a], [b]) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  for (const [key, value] of entries) {
    if (!isRuleSet(value) || seen.has(value)) continue;
    seen.add(value);
    out.push({ name: key === 'default' ? base : `${base}-${key}`, file: abs, ruleSet: value });
  }
  if (out.length === 0)
    throw new ExportError('EXPORT_LOAD', `the rules file ${file} exports no rule set: export default defineRules({ ... })`);
  return out;
}
