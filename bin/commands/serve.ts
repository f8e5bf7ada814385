/**
 * `workmail-rules serve`: the local mail sandbox (lib/local/sandbox). Its functions come from the
 * CDK configuration (cdk.json `workmail.functions`), the same list `replay` and `cdk deploy` use.
 */
import { ConfigError, SERVE_USAGE, runServeCommand } from '../../lib/cli';
import { functionsFromCdkJson } from './replay';

export const usage = SERVE_USAGE;

export async function run(argv: string[]): Promise<number> {
  let functions;
  try {
    functions = functionsFromCdkJson(process.cwd());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`workmail-rules serve: cdk.json: ${err.message}\n`);
    return 2;
  }
  return runServeCommand(argv, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }, functions);
}
