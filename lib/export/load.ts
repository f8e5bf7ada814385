/**
 * The rule sets to export: every RuleSet a rules file exports (its default first), loaded with the
 * TypeScript loader the command registered. Default files: the `.ts` files of `rules/`, the rule
 * packs the handlers import.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleSet } from '../engine/rules';
import { ExportError } from './types';

export interface LoadedRuleSet {
  /** The output's name: the file's base name, plus the export's name when it is not the default. */
  name: string;
  file: string;
  ruleSet: RuleSet;
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
