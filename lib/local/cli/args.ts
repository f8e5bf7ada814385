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
  {
    name: 'check',
    type: 'boolean',
    description: 'compare with <name>.expect.json; exit 1 on any difference; no event at all is exit 2',
  },
  {
    name: 'require-expectations',
    type: 'boolean',
    description: 'with --check: an event without <name>.expect.json is exit 1 (the summary counts them either way)',
  },
  {
    name: 'update',
    type: 'boolean',
    description: 'write or refresh <name>.expect.json from the results and print what changed (refused under CI=true)',
  },
  { name: 'color', type: 'boolean', description: 'force colour on (default: on when stdout is a terminal and NO_COLOR is unset)' },
  { name: 'no-color', type: 'boolean', description: 'force colour off' },
] as const;

/** The exit codes, as --help and docs/testing.md list them; the summary line says when a warning set 2. */
export const EXIT_CODES = `exit codes: 0 ok; 1 a check difference, a handler failure, or (--require-expectations) an event
without expectation; 2 an unreadable or invalid event, expectation or handler file, a warning (rule set,
event folder), --check with no event replayed, or bad usage`;

/** Option column width: the longest option and two spaces before its description. */
const OPTION_WIDTH = Math.max(...REPLAY_OPTIONS.map((o) => `  --${o.name}${'value' in o ? ` ${o.value}` : ''}`.length)) + 2;

export const USAGE = `usage: workmail-rules replay [paths...] [options]
${'  paths'.padEnd(OPTION_WIDTH)}event files or folders (default: events/ and every folder the cdk.json functions list
${''.padEnd(OPTION_WIDTH)}under "events"); an event is *.json not ending in .expect.json
${REPLAY_OPTIONS.map((o) => `  --${o.name}${'value' in o ? ` ${o.value}` : ''}`.padEnd(OPTION_WIDTH) + o.description).join('\n')}
${EXIT_CODES}
`;

export interface ReplayCommandOptions {
  /** The paths given; empty means the defaults. */
  paths: string[];
  handler?: string;
  json: boolean;
  out?: string;
  explain: boolean;
  check: boolean;
  /** With --check: an event without an expectation fails the run. */
  requireExpectations: boolean;
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
    requireExpectations: v['require-expectations'] === true,
    update: v['update'] === true,
    help: v['help'] === true,
  };
  if (str('handler') !== undefined) options.handler = str('handler');
  if (str('out') !== undefined) options.out = str('out');
  if (v['no-color']) options.color = false;
  else if (v['color'] !== undefined) options.color = v['color'] === true;
  return options;
}
