/** Arguments of `workmail-rules replay`. */
import { parseArgs } from 'node:util';

export const USAGE = `usage: workmail-rules replay [paths...] [options]
  paths             event files or folders (default: events/); an event is *.json not ending in .expect.json
  --handler FILE    the handler module for every event (default: by flowDirection, from package.json
                    "workmail-rules".handlers, else handlers/inbound.ts / handlers/outbound.ts)
  --json            one JSON object per event per line
  --out DIR         write rewritten messages to DIR/<event name>.eml
  --explain         print each recipient's rule trace
  --check           compare with <name>.expect.json; exit 1 on any difference
  --color / --no-color   force colour on or off (default: on when stdout is a TTY and NO_COLOR is unset)
exit codes: 0 ok, 1 a check difference or a handler failure, 2 an unreadable or invalid event file or bad usage
`;

export interface ReplayCommandOptions {
  paths: string[];
  handler?: string;
  json: boolean;
  out?: string;
  explain: boolean;
  check: boolean;
  color?: boolean;
  help: boolean;
}

export class UsageError extends Error {
  readonly code = 'USAGE';
}

export function parseReplayArgs(argv: string[]): ReplayCommandOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        handler: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        explain: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  return {
    paths: parsed.positionals.length ? parsed.positionals : ['events'],
    ...(v.handler !== undefined ? { handler: v.handler } : {}),
    json: v.json === true,
    ...(v.out !== undefined ? { out: v.out } : {}),
    explain: v.explain === true,
    check: v.check === true,
    ...(v['no-color'] ? { color: false } : v.color !== undefined ? { color: v.color } : {}),
    help: v.help === true,
  };
}
