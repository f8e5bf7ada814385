/**
 * `workmail-rules replay [paths...] [--handler FILE] [--json] [--out DIR] [--explain] [--check]`:
 * replays sample events against a local WorkMail (see lib/local/cli/run.ts).
 */
import { runReplayCommand } from '../../lib/local/cli/run';

export function run(argv: string[]): Promise<number> {
  return runReplayCommand(argv);
}
