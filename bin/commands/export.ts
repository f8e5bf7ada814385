/**
 * `workmail-rules export sieve|mail-manager [rules-file ...] [--out DIR] [--json]`
 *
 * Compiles rule sets to a Sieve script each, or to an Amazon SES Mail Manager rule set each, with a
 * fidelity report per rule. Default: the rule set and rewrite of each synchronous function of the
 * CDK configuration (cdk.json `workmail.functions`, the list replay and serve use); without one, the
 * files of rules/. Nothing is written unless every rule set loads and exports at least one rule.
 * Exit codes: 0 exported, 1 a rules file or handler that fails to load, a rule set that exports
 * nothing or a folder that cannot be written, 2 usage error or a bad cdk.json.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  ExportError,
  type LoadedRuleSet,
  defaultRulesFiles,
  exportMailManager,
  exportSieve,
  formatReport,
  handlerExport,
  loadHandlerRuleSets,
  loadRuleSets,
  resolveHandlerPath,
  writeAll,
} from '../../lib/cli';
import { functionsFromCdkJson } from './replay';

export const usage = `usage: workmail-rules export sieve|mail-manager [rules-file ...] [--out DIR] [--json]
  sieve             one Sieve script (RFC 5228) per rule set: <name>.sieve
  mail-manager      one Amazon SES Mail Manager rule set per rule set: <name>.mail-manager.json
  rules-file        files exporting rule sets (default: the rule set and rewrite of each
                    synchronous function of cdk.json workmail.functions; else every file of rules/)
  --out DIR         write the files to DIR (default: print them)
  --json            print the exports and their fidelity reports as JSON
Each rule is reported exact, approximate (with what differs) or not expressible (left out, with why).
`;

const TARGETS = ['sieve', 'mail-manager'] as const;
type Target = (typeof TARGETS)[number];

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`workmail-rules export: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  const [target, ...files] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (!TARGETS.includes(target as Target)) {
    process.stderr.write(
      `workmail-rules export: ${target === undefined ? 'name a target' : `unknown target "${target}"`}: sieve or mail-manager\n${usage}`,
    );
    return 2;
  }
  let functions;
  try {
    functions = files.length > 0 ? undefined : functionsFromCdkJson(process.cwd());
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`workmail-rules export: cdk.json: ${e.message}\n`);
    return 2;
  }
  try {
    const outputs = compile(target as Target, inputs(files, functions));
    const written =
      parsed.values.out === undefined
        ? []
        : writeAll(
            parsed.values.out,
            outputs.map((o) => ({ name: o.fileName, content: o.content })),
          );
    if (parsed.values.json) {
      const ruleSets = outputs.map(({ content: _c, fileName, ...o }, i) => ({ ...o, ...(written[i] ? { written: written[i] } : {}) }));
      process.stdout.write(`${JSON.stringify({ target, ruleSets }, null, 2)}\n`);
    } else {
      for (const [i, o] of outputs.entries()) {
        const title = `${o.name} (${path.relative(process.cwd(), o.file) || o.file}) → ${written[i] ?? o.fileName}: ${o.exported} of ${o.enforce} rules exported`;
        if (written[i] === undefined) process.stdout.write(`${o.content}\n`);
        (written[i] === undefined ? process.stderr : process.stdout).write(formatReport(title, o.report));
      }
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    process.stderr.write(`workmail-rules export: ${e.code}: ${e.message}\n`);
    return 1;
  }
}

/** The named rules files; else the functions' handlers (their rule sets and rewrites); else rules/. */
function inputs(files: string[], functions: ReturnType<typeof functionsFromCdkJson>): LoadedRuleSet[] {
  if (files.length > 0) return files.flatMap(loadRuleSets);
  if (functions === undefined) return defaultRulesFiles(process.cwd()).flatMap(loadRuleSets);
  const { loaded, skipped } = loadHandlerRuleSets(functions, (entry) => {
    const file = resolveHandlerPath(entry);
    return { file, handler: handlerExport(require(file) as Record<string, unknown>, file) };
  });
  for (const name of skipped) process.stderr.write(`workmail-rules export: function ${name} decides in code (no rule set): not exported\n`);
  return loaded;
}

function compile(target: Target, loaded: LoadedRuleSet[]) {
  return loaded.map(({ name, file, ruleSet, rewrite }) => {
    const source = path.relative(process.cwd(), file) || file;
    const enforce = ruleSet.rules.filter((r) => r.mode === 'enforce').length;
    const common = { name, file, direction: ruleSet.direction, precedence: ruleSet.precedence, enforce };
    const out =
      target === 'sieve'
        ? (() => {
            const e = exportSieve(ruleSet, { name, source, ...(rewrite ? { rewrite } : {}) });
            return { ...common, exported: e.exported, report: e.report, script: e.script, content: e.script, fileName: `${name}.sieve` };
          })()
        : (() => {
            const e = exportMailManager(ruleSet, { name, source, ...(rewrite ? { rewrite } : {}) });
            const content = `${JSON.stringify({ RuleSetName: name, Rules: e.rules }, null, 2)}\n`;
            return { ...common, exported: e.exported, report: e.report, rules: e.rules, content, fileName: `${name}.mail-manager.json` };
          })();
    if (out.exported === 0)
      throw new ExportError(
        'EXPORT_EMPTY',
        `the rule set ${name} in ${source} exports to nothing for ${target}: none of its ${enforce} enforce rule(s) can be expressed (${out.report.map((r) => `${r.rule}: ${r.differences[0] ?? r.status}`).join('; ') || 'it has no rules'})`,
      );
    return out;
  });
}
