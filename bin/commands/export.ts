/**
 * `workmail-rules export sieve|mail-manager [rules-file ...] [--out DIR] [--json]`
 *
 * Compiles rule sets (default: the files of rules/, the packs the handlers use) to a Sieve script
 * each, or to an Amazon SES Mail Manager rule set each, with a fidelity report per rule. Nothing is
 * written unless every rule set loads and exports at least one rule.
 * Exit codes: 0 exported, 1 a rules file that fails to load, a rule set that exports nothing or a
 * folder that cannot be written, 2 usage error.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ExportError, defaultRulesFiles, exportMailManager, exportSieve, formatReport, loadRuleSets, writeAll } from '../../lib/cli';

export const usage = `usage: workmail-rules export sieve|mail-manager [rules-file ...] [--out DIR] [--json]
  sieve             one Sieve script (RFC 5228) per rule set: <name>.sieve
  mail-manager      one Amazon SES Mail Manager rule set per rule set: <name>.mail-manager.json
  rules-file        files exporting rule sets (default: every file of rules/)
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
  try {
    const outputs = compile(target as Target, files.length > 0 ? files : defaultRulesFiles(process.cwd()));
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

function compile(target: Target, files: string[]) {
  const loaded = files.flatMap(loadRuleSets);
  return loaded.map(({ name, file, ruleSet }) => {
    const source = path.relative(process.cwd(), file) || file;
    const enforce = ruleSet.rules.filter((r) => r.mode === 'enforce').length;
    const common = { name, file, direction: ruleSet.direction, precedence: ruleSet.precedence, enforce };
    const out =
      target === 'sieve'
        ? (() => {
            const e = exportSieve(ruleSet, { name, source });
            return { ...common, exported: e.exported, report: e.report, script: e.script, content: e.script, fileName: `${name}.sieve` };
          })()
        : (() => {
            const e = exportMailManager(ruleSet, { name, source });
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
