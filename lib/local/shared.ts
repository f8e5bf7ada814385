/**
 * The local WorkMail that `replay` uses when none is passed: one started on demand and reused by
 * every later call (its servers do not keep the process alive), unless a suite set its own with
 * `useLocalWorkMail()`.
 */
import { startLocalWorkMail, type LocalWorkMail } from './workmail';

let shared: Promise<LocalWorkMail> | undefined;
let current: LocalWorkMail | undefined;

/** The emulator replay uses by default: the suite's (useLocalWorkMail), else the shared one. */
export function defaultLocalWorkMail(): Promise<LocalWorkMail> {
  if (current) return Promise.resolve(current);
  shared ??= startLocalWorkMail({ unref: true }).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

/** Stops the shared instance if one was started (call it in afterAll). */
export async function stopSharedLocalWorkMail(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await (await s).stop();
}

/** Sets (or with undefined, clears) the instance replay uses by default. */
export function setDefaultLocalWorkMail(wm: LocalWorkMail | undefined): void {
  current = wm;
}
