/** Arguments of `workmail-rules replay`; each option carries the one-line description the help lists. */
import { parseArgs } from 'node:util';
import { WorkMailRulesError } from '../../workmail/errors';

/** The options of `replay`, in the order the help lists them. */
export const REPLAY_OPTIONS = [
  {
    name: 'handler',
    value: 'FILE',
    type: 'string',
    description: 'the handler module for every event (default: the cdk.json functions that serve each event)',
  },
  { name: 'json', type: 'boolean', description: 'one JSON object per event per line' },
  { name: 'out', value: 'DIR', type: 'string', description: 'write rewritten messages to DIR/<event name>.eml' },
  { name: 'explain', type: 'boolean', description: "print each recipient's rule trace" },
  { name: 'check', type: 'boolean', description: 'compare with <name>.expect.json; exit 1 on any difference' },
  {
    name: 'update',
    type: 'boolean',
    description: 'write or refresh <name>.expect.json from the results and print what changed (refused under CI=true)',
  },
  { name: 'color', type: 'boolean', description: 'force colour on (default: on when stdout is a terminal and NO_COLOR is unset)' },
  { name: 'no-color', type: 'boolean', description: 'force colour off' },
] as const;

export const USAGE = `usage: workmail-rules replay [paths...] [options]
  paths             event files or folders (default: events/ and every folder the cdk.json functions list
                    under "events"); an event is *.json not ending in .expect.json
${REPLAY_OPTIONS.map((o) => `  --${o.name}${'value' in o ? ` ${o.value}` : ''}`.padEnd(20) + o.description).join('\n')}
exit codes: 0 ok, 1 a check difference or a handler failure, 2 an unreadable or invalid event,
expectation or handler file, or bad usage
`;

export interface ReplayCommandOptions {
  /** The paths given; empty means the defaults. */
  paths: string[];
  handler?: string;
  json: boolean;
  out?: string;
  explain: boolean;
  check: boolean;
  update: boolean;
  color?: boolean;
  help: boolean;
}

export class UsageError extends WorkMailRulesError {
  readonly code = 'USAGE' as const;
  override readonly name = 'UsageError';
}

export function parseReplayArgs(argv: string[]): ReplayCommandOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(REPLAY_OPTIONS.map((o) => [o.name, { type: o.type }])),
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const options: ReplayCommandOptions = {
    paths: parsed.positionals,
    json: v['json'] === true,
    explain: v['explain'] === true,
    check: v['check'] === true,
    update: v['update'] === true,
    help: v['help'] === true,
  };
  if (str('handler') !== undefined) options.handler = str('handler');
  if (str('out') !== undefined) options.out = str('out');
  if (v['no-color']) options.color = false;
  else if (v['color'] !== undefined) options.color = v['color'] === true;
  return options;
}
