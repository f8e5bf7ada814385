/**
 * `workmail-rules checklist [--outputs FILE] [--cdk-out DIR] [--json] [--cdk-json FILE] [-c key=value ...]`
 *
 * Prints, per function and organization, the console steps to create each email flow rule. The
 * configuration comes from cdk.json's `workmail` context (plus the same `-c` overrides as `cdk synth`);
 * for a stack built in code, from the flow-rule outputs of a synthesized cloud assembly (`--cdk-out`,
 * or ./cdk.out) or of a deploy's outputs file. The function ARNs come from a `cdk deploy
 * --outputs-file` JSON when given, else an ARN pattern.
 * Exit codes: 0 printed, 1 configuration or outputs problem, 2 usage error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildChecklist,
  ChecklistError,
  CONTEXT_KEY,
  ConfigError,
  checklistSourceFromCloudAssembly,
  checklistSourceFromOutputs,
  configFromContext,
  formatChecklist,
  parseContextFlags,
  readCdkJsonContext,
  stackNameFromContext,
  type WorkMailConfig,
} from '../../lib/cli';

export const usage = `usage: workmail-rules checklist [--outputs FILE] [--cdk-out DIR] [--json] [--cdk-json FILE] [-c key=value ...]
  --outputs FILE    the JSON written by: cdk deploy --outputs-file FILE (else ARNs are shown as patterns)
  --cdk-out DIR     a synthesized cloud assembly (cdk synth): for a stack built in code, without cdk.json
  --json            print JSON instead of text
  --cdk-json FILE   the cdk.json to read (default: ./cdk.json)
  -c key=value      a context override, as for cdk synth (e.g. -c workmail.organizations=m-...)
`;

interface Options {
  outputs?: string;
  cdkOut?: string;
  json: boolean;
  cdkJson?: string;
  context: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, context: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--outputs' || arg === '--outputs-file') options.outputs = value();
    else if (arg === '--cdk-json') options.cdkJson = value();
    else if (arg === '--cdk-out') options.cdkOut = value();
    else if (arg === '-c' || arg === '--context') options.context.push(value());
    else if (arg.startsWith('--outputs=')) options.outputs = arg.slice('--outputs='.length);
    else if (arg.startsWith('--context=')) options.context.push(arg.slice('--context='.length));
    else throw new UsageError(arg === '--help' || arg === '-h' ? '' : `unknown option ${arg}`);
  }
  return options;
}

function readOutputs(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ChecklistError(
      `cannot read the outputs file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); write it with cdk deploy --outputs-file ${file}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ChecklistError(`the outputs file ${file} is not valid JSON (${(e as Error).message})`);
  }
}

/** The configuration: cdk.json's workmail context, else a cloud assembly, else the outputs file. */
function source(options: Options, outputs: unknown): { config: WorkMailConfig; stackName: string } {
  const cdkJson = path.resolve(options.cdkJson ?? 'cdk.json');
  if (options.cdkOut !== undefined) return checklistSourceFromCloudAssembly(path.resolve(options.cdkOut));
  const fileContext = options.cdkJson !== undefined || fs.existsSync(cdkJson) ? readCdkJsonContext(cdkJson) : {};
  const context = { ...fileContext, ...parseContextFlags(options.context) };
  const configured = Object.keys(context).some((k) => k === CONTEXT_KEY || k.startsWith(`${CONTEXT_KEY}.`));
  if (!configured && outputs !== undefined) return checklistSourceFromOutputs(path.resolve(options.outputs!), outputs);
  if (!configured && fs.existsSync(path.resolve('cdk.out', 'manifest.json')))
    return checklistSourceFromCloudAssembly(path.resolve('cdk.out'));
  if (!configured) {
    throw new ChecklistError(
      `no configuration: ${fs.existsSync(cdkJson) ? `${cdkJson} has no "workmail" context` : `no ${cdkJson}`}; ` +
        'for a stack built in code pass --cdk-out DIR (after cdk synth) or --outputs FILE (after cdk deploy --outputs-file FILE)',
    );
  }
  return { config: configFromContext(context), stackName: stackNameFromContext(context) };
}

export async function run(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) process.stderr.write(`workmail-rules checklist: ${e.message}\n`);
    (e.message ? process.stderr : process.stdout).write(usage);
    return e.message ? 2 : 0;
  }
  try {
    const outputs = options.outputs === undefined ? undefined : readOutputs(path.resolve(options.outputs));
    const { config, stackName } = source(options, outputs);
    const checklist = buildChecklist(config, stackName, outputs);
    process.stdout.write(options.json ? `${JSON.stringify(checklist, null, 2)}\n` : formatChecklist(checklist));
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof ChecklistError) {
      process.stderr.write(`workmail-rules checklist: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
