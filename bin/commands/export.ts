/**
 * `workmail-rules export <target> [rules-file ...] [--host H] [--out DIR] [--json] [--strict]`
 *
 * Compiles rule sets for one of the export targets (lib/export/targets.ts: the list this command
 * offers, documents and runs), with a fidelity report per rule. Default input: the rule set and
 * rewrite of each synchronous function of the CDK configuration (cdk.json `workmail.functions`);
 * without one, the files of rules/. Nothing is written unless every rule set loads and exports.
 * Exit codes: 0 exported; 1 a rules file or handler that fails to load, a rule set that exports
 * nothing, an output the target would refuse, a folder that cannot be written, a DROP or BOUNCE rule
 * left out, or (--strict) any rule not exact; 2 usage error or a bad cdk.json.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  ExportError,
  type ExportTarget,
  type LoadedRuleSet,
  TARGETS,
  countByStatus,
  defaultRulesFiles,
  formatReport,
  handlerExport,
  loadHandlerRuleSets,
  loadRuleSets,
  resolveHandlerPath,
  targetById,
  writeAll,
} from '../../lib/cli';
import { functionsFromCdkJson } from './replay';

const targetLines = TARGETS.map((t) => `  ${t.id.padEnd(18)}${t.summary}`).join('\n');
const optionLines = TARGETS.flatMap((t) =>
  t.option
    ? [
        `  --${t.option.name} NAME${' '.repeat(Math.max(1, 11 - t.option.name.length))}${t.id}: ${t.option.help}; default ${t.option.default}`,
      ]
    : [],
).join('\n');

export const usage = `usage: workmail-rules export ${TARGETS.map((t) => t.id).join('|')} [rules-file ...] [options]
${targetLines}
  rules-file        files exporting rule sets (default: the rule set and rewrite of each
                    synchronous function of cdk.json workmail.functions; else every file of rules/)
${optionLines}
  --out DIR         write the files to DIR (default: print them)
  --json            print the exports and their fidelity reports as JSON
  --strict          exit 1 unless every rule is exact
  --capabilities    print the target's capability table and limits, then exit
Each rule is reported exact, approximate (with what differs) or not exported (with why). Without
--strict the command exits 1 only when a DROP or BOUNCE rule is not exported.
`;

type Args = { out?: string; json: boolean; strict: boolean; help: boolean; capabilities: boolean; host?: string };

function parse(argv: string[]): { values: Args; positionals: string[] } | string {
  try {
    const p = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        host: { type: 'string' },
        json: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        capabilities: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    return { values: p.values as Args, positionals: p.positionals };
  } catch (e) {
    return (e as Error).message;
  }
}

/** The target and its option value, or a usage error. */
function pickTarget(id: string | undefined, args: Args): { target: ExportTarget; option?: string } | string {
  const target = targetById(id);
  if (!target) return `${id === undefined ? 'name a target' : `unknown target "${id}"`}: ${TARGETS.map((t) => t.id).join(', ')}`;
  if (args.host === undefined) return { target, ...(target.option ? { option: target.option.default } : {}) };
  if (target.option?.name !== 'host') return `--host is for sieve only`;
  if (!target.option.values.includes(args.host)) return `unknown --host "${args.host}": ${target.option.values.join(', ')}`;
  return { target, option: args.host };
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`workmail-rules export: ${parsed}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [id, ...files] = parsed.positionals;
  const picked = pickTarget(id, parsed.values);
  if (typeof picked === 'string') {
    process.stderr.write(`workmail-rules export: ${picked}\n${usage}`);
    return 2;
  }
  if (parsed.values.capabilities) {
    process.stdout.write(capabilityTable(picked.target, picked.option));
    return 0;
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
    return emit(picked.target, picked.option, compile(picked.target, picked.option, inputs(files, functions)), parsed.values);
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    process.stderr.write(`workmail-rules export: ${e.code}: ${e.message}\n`);
    return 1;
  }
}

function capabilityTable(target: ExportTarget, option?: string): string {
  const rows = target.capabilities(option).map((c) => `  ${c.feature.padEnd(52)} ${c.fidelity}${c.note ? ` (${c.note})` : ''}`);
  return `${target.id}${option ? ` --${target.option!.name} ${option}` : ''}\n${rows.join('\n')}\nlimits:\n${target
    .limits(option)
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

type Compiled = ReturnType<typeof compile>[number];

/** Writes or prints the outputs with their reports; the exit code by --strict and the left-out rules. */
function emit(target: ExportTarget, option: string | undefined, outputs: Compiled[], args: Args): number {
  const files = outputs.flatMap((o) => o.files);
  const written = args.out === undefined ? [] : writeAll(args.out, files);
  const notExact = outputs.flatMap((o) => o.report.filter((r) => r.status !== 'exact').map((r) => `${o.name}: ${r.rule}`));
  const leftOut = outputs.flatMap((o) => o.leftOut.map((r) => `${o.name}: ${r}`));
  if (args.json) {
    let i = 0;
    const ruleSets = outputs.map(({ files: f, leftOut: _l, ...o }) => ({
      ...o,
      files: f.map((x) => ({ name: x.name, ...(written[i] ? { written: written[i++] } : {}) })),
    }));
    process.stdout.write(
      `${JSON.stringify({ target: target.id, ...(option ? { [target.option!.name]: option } : {}), ruleSets }, null, 2)}\n`,
    );
  } else {
    let i = 0;
    for (const o of outputs) {
      const where = o.files.map((f) => written[i++] ?? f.name).join(', ');
      const c = countByStatus(o.report);
      const title = `${o.name} (${path.relative(process.cwd(), o.file) || o.file}) → ${where}: ${o.exported} of ${o.enforce} rules exported; ${c.exact} exact, ${c.approximate} approximate, ${c['not exported']} not exported`;
      if (written.length === 0) for (const f of o.files) process.stdout.write(`${f.content}\n`);
      (written.length === 0 ? process.stderr : process.stdout).write(formatReport(title, o.report));
    }
  }
  if (leftOut.length > 0) {
    process.stderr.write(
      `workmail-rules export: EXPORT_LEFT_OUT: DROP or BOUNCE rules not exported (mail they stop would be delivered): ${leftOut.join('; ')}\n`,
    );
    return 1;
  }
  if (args.strict && notExact.length > 0) {
    process.stderr.write(`workmail-rules export: --strict: ${notExact.length} rule(s) not exact: ${notExact.join('; ')}\n`);
    return 1;
  }
  return 0;
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

function compile(target: ExportTarget, option: string | undefined, loaded: LoadedRuleSet[]) {
  return loaded.map((input) => {
    const source = path.relative(process.cwd(), input.file) || input.file;
    const enforce = input.ruleSet.rules.filter((r) => r.mode === 'enforce');
    const out = target.compile({ ...input, source }, option);
    const status = new Map(out.report.map((r) => [r.rule, r.status]));
    const stops = (type: string) => type === 'DROP' || type === 'BOUNCE';
    const leftOut = [
      ...enforce.filter((r) => stops(r.then.type) && status.get(r.name) === 'not exported').map((r) => r.name),
      ...(stops(input.ruleSet.otherwise.type) && status.get('(otherwise)') === 'not exported' ? ['(otherwise)'] : []),
    ];
    if (out.exported === 0)
      throw new ExportError(
        'EXPORT_EMPTY',
        `the rule set ${input.name} in ${source} exports to nothing for ${target.id}: none of its ${enforce.length} enforce rule(s) can be exported (${out.report.map((r) => `${r.rule}: ${r.differences[0] ?? r.status}`).join('; ')})`,
      );
    const { files, report, exported, data } = out;
    return {
      name: input.name,
      file: input.file,
      direction: input.ruleSet.direction,
      precedence: input.ruleSet.precedence,
      enforce: enforce.length,
      exported,
      report,
      ...data,
      files,
      leftOut,
    };
  });
}
