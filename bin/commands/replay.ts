/**
 * `workmail-rules replay [paths...] [options]`: replays sample events against a local WorkMail (see
 * lib/local/cli/run.ts). Which function serves which events comes from the CDK configuration
 * (cdk.json's `workmail.functions`), the same list `cdk deploy` uses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, REPLAY_USAGE, configFromContext, readCdkJsonContext, runReplayCommand, type ReplayFunction } from '../../lib/cli';

export const usage = REPLAY_USAGE;

/** The functions of ./cdk.json, paths made absolute; undefined when there is no cdk.json or no workmail context. */
export function functionsFromCdkJson(cwd: string): ReplayFunction[] | undefined {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return undefined;
  const context = readCdkJsonContext(file);
  if (context['workmail'] === undefined) return undefined;
  return Object.entries(configFromContext(context).functions).map(([name, f]) => ({
    name,
    entry: path.resolve(cwd, f.entry),
    direction: f.direction,
    rule: f.rule,
    ...(f.events ? { events: f.events.map((e) => path.resolve(cwd, e)) } : {}),
  }));
}

export async function run(argv: string[]): Promise<number> {
  let functions: ReplayFunction[] | undefined;
  try {
    functions = functionsFromCdkJson(process.cwd());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`workmail-rules replay: cdk.json: ${err.message}\n`);
    return 2;
  }
  return runReplayCommand(argv, undefined, functions ? { functions } : {});
}
