/**
 * `workmail-rules checklist [--outputs FILE] [--json] [--cdk-json FILE] [-c key=value ...]`
 *
 * Prints, per function and organization, the console steps to create each email flow rule. The
 * configuration comes from cdk.json's `workmail` context (plus the same `-c` overrides as `cdk synth`);
 * the function ARNs come from a `cdk deploy --outputs-file` JSON when given, else an ARN pattern.
 * Exit codes: 0 printed, 1 configuration or outputs problem, 2 usage error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildChecklist, ChecklistError, ConfigError, configFromContext, formatChecklist, parseContextFlags, readCdkJsonContext,
  stackNameFromContext,
} from '../../lib/cli';

export const usage = `usage: workmail-rules checklist [--outputs FILE] [--json] [--cdk-json FILE] [-c key=value ...]
  --outputs FILE    the JSON written by: cdk deploy --outputs-file FILE (else ARNs are shown as patterns)
  --json            print JSON instead of text
  --cdk-json FILE   the cdk.json to read (default: ./cdk.json)
  -c key=value      a context override, as for cdk synth (e.g. -c workmail.organizations=m-...)
`;

interface Options { outputs?: string; json: boolean; cdkJson: string; context: string[] }

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, cdkJson: 'cdk.json', context: [] };
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
    throw new ChecklistError(`cannot read the outputs file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); write it with cdk deploy --outputs-file ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ChecklistError(`the outputs file ${file} is not valid JSON (${(e as Error).message})`);
  }
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
    const context = { ...readCdkJsonContext(path.resolve(options.cdkJson)), ...parseContextFlags(options.context) };
    const config = configFromContext(context);
    const stackName = stackNameFromContext(context);
    const outputs = options.outputs === undefined ? undefined : readOutputs(path.resolve(options.outputs));
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
