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
  /** Reload the handlers when files under their folders or rules/ change (atomic saves by rename included). */
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
  /** Loads the handlers again (what --watch does on a change, naming the changed file in the SANDBOX_RELOAD line). */
  reload(file?: string): void;
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
  const loadErrors = errorsOf(functions.load());
  const domains = organizationDomains(functions, options.domains ?? []);
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
  const { track, idle } = tracker();
  const smtp = await createSmtpServer({
    isLocal,
    password: SANDBOX_PASSWORD,
    log,
    onMessage: (msg) => track(processMessage(ctx, msg).then((record) => void track(runAsync(ctx, record)))),
  });
  const web = createHttpServer(store);
  const closeAll = async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await idle();
    await closeHttp(web).catch(() => {});
    restoreEnv();
    await workmail.stop();
  };
  const [smtpPort, httpPort] = await listenBoth(smtp, web, options, host).catch(async (err: unknown) => {
    await closeAll();
    throw err;
  });
  const { reload, unwatch } = watchProject(options, { root, mailroot, functions, log });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= (unwatch(), closeAll()));
  return { smtpPort, httpPort, host, mailroot, password: SANDBOX_PASSWORD, domains, store, loadErrors, reload, idle, stop };
}

const errorsOf = (loaded: ReturnType<SandboxFunctions['load']>) => loaded.flatMap((l) => (l.ok ? [] : [`${l.fn.name}: ${l.error}`]));

/** The rule sets' organizationDomains and the ones passed (lower case, sorted); none at all is a configuration error. */
function organizationDomains(functions: SandboxFunctions, extra: readonly string[]): string[] {
  const domains = [...new Set([...functions.organizationDomains(), ...extra.map((d) => d.toLowerCase())])].sort();
  if (domains.length === 0) {
    throw new SandboxError(
      'SANDBOX_CONFIG',
      'no organization domains: the rule sets give no organizationDomains and none was passed; add organizationDomains to defineRules, or pass --domain corp.example (workmail-rules docs/sandbox.md)',
    );
  }
  return domains;
}

/** The work under way (messages and their asynchronous functions); `idle` waits for all of it. */
function tracker() {
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    p.finally(() => pending.delete(p)).catch(() => {});
    return p;
  };
  const idle = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };
  return { track, idle };
}

/**
 * `reload(file)` loads the functions again and logs one SANDBOX_RELOAD line naming the changed file
 * (relative to the project); with `watch`, the handlers' folders and rules/ call it on each change.
 */
function watchProject(
  options: SandboxOptions,
  p: { root: string; mailroot: string; functions: SandboxFunctions; log: (line: Record<string, unknown>) => void },
): { reload: (file?: string) => void; unwatch: () => void } {
  const reload = (file?: string) => {
    const errors = errorsOf(p.functions.reload());
    const changed = file === undefined ? {} : { file: path.relative(p.root, file) || file };
    p.log({ eventName: 'SANDBOX_RELOAD', loads: p.functions.loads, ...changed, ...(errors.length ? { errors } : {}) });
  };
  if (!options.watch) return { reload, unwatch: () => {} };
  const entries = (options.functions ?? defaultFunctions(p.root)).map((f) => path.dirname(path.resolve(p.root, f.entry)));
  const folders = [...new Set([...entries, path.join(p.root, 'rules')])];
  return { reload, unwatch: watchFolders(folders, reload, { ignore: [p.mailroot] }) };
}

async function listenBoth(smtp: Listener, web: Listener, options: SandboxOptions, host: string): Promise<[number, number]> {
  const smtpPort = await listenOn(smtp, options.smtpPort ?? 2525, host, 'SMTP');
  const httpPort = await listenOn(web, options.httpPort ?? 8025, host, 'HTTP');
  return [smtpPort, httpPort];
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
