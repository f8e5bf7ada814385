/**
 * `startSandbox()`: the local mail sandbox behind `workmail-rules serve` (docs/sandbox.md): SMTP
 * in, the project's handlers decide through the local WorkMail, Maildirs on disk,
 * a web page and JSON API, all on 127.0.0.1.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { ActionType } from '../../workmail/types';
import { defaultFunctions, type ReplayFunction } from '../cli/targets';
import { applyEnv } from '../env';
import { close as closeHttp } from '../http-util';
import { startLocalWorkMail } from '../workmail';
import { SandboxError } from './errors';
import { SandboxFunctions } from './handlers';
import { createHttpServer } from './http';
import { processMessage, runAsync, type PipelineContext } from './pipeline';
import { createSmtpServer } from './smtp';
import { MessageStore } from './store';
import { watchFolders } from './watch';

/** The fixed password for SMTP AUTH (any address of the organization domains): a local sandbox, not a secret. */
export const SANDBOX_PASSWORD = 'sandbox';

export interface SandboxOptions {
  /** The project folder (default: the current directory). */
  root?: string;
  /** The functions (cdk.json `workmail.functions`, paths absolute); default handlers/inbound.ts and handlers/outbound.ts. */
  functions?: ReplayFunction[];
  /** Organization domains beyond those the rule sets name (`organizationDomains`). */
  domains?: string[];
  /** Ports (0: any free one; defaults 2525 and 8025). */
  smtpPort?: number;
  httpPort?: number;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Where the Maildirs go (default `<root>/.sandbox-mail`). */
  mailroot?: string;
  /** The invocation budget (default WorkMail's 15 000 ms). */
  budgetMs?: number;
  /** The flow rule's fallback action, applied when the handler throws or times out (default DEFAULT). */
  ruleFallback?: ActionType;
  /** Messages kept in memory for the page (default 1000). */
  keep?: number;
  /** Receives one JSON object per message (default: none). */
  log?: (line: Record<string, unknown>) => void;
  /** Put recipient addresses in the log lines (default: only their domains). */
  logAddresses?: boolean;
  /** Reload the handlers when files under their folders or rules/ change. */
  watch?: boolean;
}

export interface Sandbox {
  smtpPort: number;
  httpPort: number;
  host: string;
  mailroot: string;
  password: string;
  domains: string[];
  store: MessageStore;
  /** Problems loading the functions (their mail gets the flow rule's fallback). */
  loadErrors: string[];
  /** Loads the handlers again (what --watch does on a change). */
  reload(): void;
  /** Resolves when every message received so far, and its asynchronous functions, is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const root = path.resolve(options.root ?? process.cwd());
  const host = options.host ?? '127.0.0.1';
  const mailroot = path.resolve(root, options.mailroot ?? '.sandbox-mail');
  const functions = new SandboxFunctions(options.functions ?? defaultFunctions(root), root);
  const log = options.log ?? (() => {});
  const errorsOf = (loaded: ReturnType<SandboxFunctions['load']>) => loaded.flatMap((l) => (l.ok ? [] : [`${l.fn.name}: ${l.error}`]));
  const loadErrors = errorsOf(functions.load());
  const domains = [...new Set([...functions.organizationDomains(), ...(options.domains ?? []).map((d) => d.toLowerCase())])].sort();
  if (domains.length === 0) {
    throw new SandboxError(
      'SANDBOX_CONFIG',
      'no organization domains: the rule sets give no organizationDomains and none was passed; add organizationDomains to defineRules, or pass --domain corp.example (workmail-rules docs/sandbox.md)',
    );
  }
  fs.mkdirSync(mailroot, { recursive: true });
  const isLocal = (address: string) => {
    const d = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    return address.includes('@') && domains.includes(d);
  };

  const workmail = await startLocalWorkMail();
  const restoreEnv = applyEnv(workmail.env);
  const store = new MessageStore(options.keep ?? 1000);
  const ctx: PipelineContext = {
    mailroot,
    functions,
    workmail,
    store,
    budgetMs: options.budgetMs ?? 15_000,
    ruleFallback: options.ruleFallback ?? 'DEFAULT',
    isLocal,
    log,
    logAddresses: options.logAddresses === true,
  };
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  };
  const smtp = await createSmtpServer({
    isLocal,
    password: SANDBOX_PASSWORD,
    log,
    onMessage: (msg) =>
      track(
        processMessage(ctx, msg).then((record) => {
          track(runAsync(ctx, record));
        }),
      ),
  });
  const web = createHttpServer(store);
  let smtpPort: number;
  let httpPort: number;
  try {
    smtpPort = await listenOn(smtp, options.smtpPort ?? 2525, host, 'SMTP');
    httpPort = await listenOn(web, options.httpPort ?? 8025, host, 'HTTP');
  } catch (err) {
    await new Promise<void>((r) => smtp.close(() => r()));
    await closeHttp(web).catch(() => {});
    restoreEnv();
    await workmail.stop();
    throw err;
  }
  const reload = () => {
    const errors = errorsOf(functions.reload());
    log({ eventName: 'SANDBOX_RELOAD', loads: functions.loads, ...(errors.length ? { errors } : {}) });
  };
  const folders = [
    ...new Set([...(options.functions ?? defaultFunctions(root)).map((f) => path.dirname(f.entry)), path.join(root, 'rules')]),
  ];
  const unwatch = options.watch ? watchFolders(folders, reload) : undefined;

  let stopped: Promise<void> | undefined;
  const idle = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };
  return {
    smtpPort,
    httpPort,
    host,
    mailroot,
    password: SANDBOX_PASSWORD,
    domains,
    store,
    loadErrors,
    reload,
    idle,
    stop() {
      stopped ??= (async () => {
        unwatch?.();
        await new Promise<void>((r) => smtp.close(() => r()));
        await idle();
        await closeHttp(web);
        restoreEnv();
        await workmail.stop();
      })();
      return stopped;
    },
  };
}

interface Listener {
  once(event: 'error', fn: (err: NodeJS.ErrnoException) => void): unknown;
  listen(port: number, host: string, cb: () => void): { address(): AddressInfo | string | null };
}

function listenOn(server: Listener, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new SandboxError(
          'SANDBOX_LISTEN',
          `cannot listen for ${what} on ${host}:${port}: ${err.code ?? err.message}; choose another port (--${what.toLowerCase()} PORT, 0 for any free one)`,
        ),
      ),
    );
    const net = server.listen(port, host, () => resolve((net.address() as AddressInfo).port));
  });
}
