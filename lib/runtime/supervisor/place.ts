/**
 * Where a handler definition's code runs, decided once when it is defined. In the supervisor's
 * worker, the definition registers its operations and runs them when called. In the handler's
 * thread: a definition without user code (holdsUserCode), or one the worker could not load again
 * (defined inside a function after its module loaded, or in a test file: `why` says which). Every
 * other definition runs its code in the worker of its module, started here in Lambda, else at the first call.
 */
import { inSupervisorWorker } from './protocol';
import { currentSite } from './site';
import { supervisorFor, type Supervisor } from './supervisor';
import { registerDefinition, type Operations } from './worker-side';

export type Placement =
  | { readonly where: 'thread'; readonly why: string }
  | { readonly where: 'worker'; readonly key: string; readonly file: string; readonly supervisor: Supervisor }
  | { readonly where: 'inside-worker' };

/** Call synchronously from the definition (syncHandler, asyncHandler, availabilityHandler): the stack names its module. */
export function placeDefinition(userCode: boolean, operations: () => Operations): Placement {
  if (!userCode) return { where: 'thread', why: 'no user code' };
  const site = currentSite();
  if ('unloadable' in site) {
    warnUnsupervised(site.unloadable);
    return { where: 'thread', why: `not supervised: ${site.unloadable}` };
  }
  if (inSupervisorWorker()) {
    registerDefinition(site.key, operations());
    return { where: 'inside-worker' };
  }
  const supervisor = supervisorFor(site.file);
  // In Lambda the worker loads during the init phase; elsewhere (tests, replay, export, synth) a
  // module that is only imported, never invoked, starts no thread: the first call starts it.
  if (process.env['AWS_LAMBDA_FUNCTION_NAME']) supervisor.warm();
  return { where: 'worker', key: site.key, file: site.file, supervisor };
}

let warned = false;

/** Said once per process: such a definition's code can hold its answer past the deadline. */
function warnUnsupervised(why: string): void {
  if (warned || inSupervisorWorker()) return;
  warned = true;
  process.emitWarning(
    `a handler's rule code runs in the handler's thread, where a loop or a runaway RegExp can hold the answer past the deadline, because ${why} (workmail-rules docs/handlers.md, "Always in time")`,
    { code: 'WORKMAIL_RULES_UNSUPERVISED' },
  );
}
