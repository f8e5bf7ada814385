/**
 * `runBefore(at, fn)`: run `fn` synchronously under a `node:vm` timeout, so V8 stops it at `at`.
 * The handlers no longer use it: the rule set's code runs in the supervisor's worker, which is
 * terminated at the deadline wherever it is (lib/runtime/supervisor). It stays for the rewrite
 * benchmark's row that measures what such a guard costs.
 */
import { createContext, Script } from 'node:vm';
import { DeadlineError } from './deadline';

/**
 * The guarded function's slot on a global object. Where this module's global is the main context's
 * (Lambda, node), the script runs in this context: a new vm context costs milliseconds on a cold
 * start, and the timeout works the same in either. Inside a vm sandbox (jest) it gets a context.
 */
const SLOT = Symbol.for('workmail-rules.guarded-run');
type Slot = { [SLOT]?: () => unknown };
let script: Script | undefined;
let sandbox: ReturnType<typeof createContext> | null | undefined;
let depth = 0;

const TIMEOUT = 'ERR_SCRIPT_EXECUTION_TIMEOUT';

/** Run `fn` synchronously; if it is still running at `at` (performance.now() time), it is stopped and DeadlineError thrown. */
export function runBefore<T>(at: number, fn: () => T): T {
  if (depth > 0) return fn(); // already inside a guarded call: its timeout covers this one
  const ms = Math.floor(at - performance.now());
  if (ms <= 0) throw new DeadlineError(0);
  script ??= new Script("globalThis[Symbol.for('workmail-rules.guarded-run')]()");
  sandbox ??= new Script('globalThis').runInThisContext() === globalThis ? null : createContext({});
  const box = (sandbox ?? globalThis) as Slot;
  box[SLOT] = fn;
  depth++;
  try {
    return (sandbox ? script.runInContext(sandbox, { timeout: ms }) : script.runInThisContext({ timeout: ms })) as T;
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === TIMEOUT) throw new DeadlineError(ms);
    throw err;
  } finally {
    depth--;
    delete box[SLOT];
  }
}
