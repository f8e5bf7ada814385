/**
 * `workmail-rules serve [--smtp PORT] [--http PORT] [--mailroot DIR] [--domain D]... [--watch]
 * [--log-addresses]`: starts the sandbox on 127.0.0.1, prints where it listens and how to log in,
 * writes one JSON line per message (and per --watch reload) to stdout, and stops on SIGINT/SIGTERM.
 * Exit 2 on bad usage or configuration.
 */
import { parseArgs } from 'node:util';
import type { ReplayFunction } from '../cli/targets';
import { SandboxError } from './errors';
import { startSandbox, type Sandbox } from './index';

export const SERVE_USAGE = `usage: workmail-rules serve [options]

Local mail sandbox (workmail-rules docs/sandbox.md): SMTP in, your handlers decide, Maildirs on disk,
a web page to look at it. Listens on 127.0.0.1 only.

options:
  --smtp PORT        SMTP port (default 2525; 0 picks a free one)
  --http PORT        web page and JSON API port (default 8025; 0 picks a free one)
  --mailroot DIR     where the Maildirs go (default .sandbox-mail)
  --domain DOMAIN    an organization domain beyond the rule sets' organizationDomains (repeatable)
  --watch            reload the handlers when their files or rules/ change (saves by rename too);
                     each reload prints a SANDBOX_RELOAD line naming the changed file
  --log-addresses    put recipient addresses in the log lines (default: their domains only)
  -h, --help         print this help
`;

export interface ServeIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new SandboxError('SANDBOX_USAGE', `${flag} ${value}: a port is a number from 0 to 65535`);
  return n;
}

/** Starts the sandbox from command-line arguments; resolves with it (the caller decides when to stop). */
export async function startServe(argv: string[], io: ServeIO, functions?: ReplayFunction[]): Promise<Sandbox | 'help'> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        smtp: { type: 'string' },
        http: { type: 'string' },
        mailroot: { type: 'string' },
        domain: { type: 'string', multiple: true },
        watch: { type: 'boolean' },
        'log-addresses': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new SandboxError('SANDBOX_USAGE', (err as Error).message);
  }
  if (values.help) return 'help';
  const sandbox = await startSandbox({
    root: io.cwd,
    ...(functions ? { functions } : {}),
    smtpPort: port(values.smtp, '--smtp', 2525),
    httpPort: port(values.http, '--http', 8025),
    ...(values.mailroot ? { mailroot: values.mailroot } : {}),
    domains: values.domain ?? [],
    watch: values.watch === true,
    logAddresses: values['log-addresses'] === true,
    log: (line) => io.stdout.write(`${JSON.stringify(line)}\n`),
  });
  io.stderr.write(
    [
      `workmail-rules sandbox: SMTP on ${sandbox.host}:${sandbox.smtpPort}, web page on http://${sandbox.host}:${sandbox.httpPort}/`,
      `  organization domains: ${sandbox.domains.join(', ')} (mail to them is INBOUND; anything else is refused with 550 unless you log in)`,
      `  OUTBOUND: SMTP AUTH as any address of those domains with the password "${sandbox.password}"`,
      `  mailboxes: ${sandbox.mailroot}${values.watch ? '\n  watching the handlers and rules/ for changes' : ''}`,
      ...sandbox.loadErrors.map((e) => `  warning: ${e} (its mail gets the flow rule's fallback)`),
      '',
    ].join('\n'),
  );
  return sandbox;
}

/** The command: runs until SIGINT or SIGTERM. */
export async function runServeCommand(argv: string[], io: ServeIO, functions?: ReplayFunction[]): Promise<number> {
  let sandbox: Sandbox | 'help';
  try {
    sandbox = await startServe(argv, io, functions);
  } catch (err) {
    if (!(err instanceof SandboxError)) throw err;
    io.stderr.write(`workmail-rules serve: ${err.message}\n${err.code === 'SANDBOX_USAGE' ? SERVE_USAGE : ''}`);
    return 2;
  }
  if (sandbox === 'help') {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  const running = sandbox;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.stop();
  return 0;
}
