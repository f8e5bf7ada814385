/**
 * `workmail-rules replay [paths...] [options]`: replays sample events against a local WorkMail.
 */
import { REPLAY_USAGE, runReplayCommand } from '../../lib/cli';

export const usage = REPLAY_USAGE;

export function run(argv: string[]): Promise<number> {
  return runReplayCommand(argv);
}
