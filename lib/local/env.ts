/**
 * Points process.env at a local WorkMail for the duration of a run and resets the cached SDK
 * clients when that changes anything. AWS_PROFILE and AWS_SESSION_TOKEN are hidden meanwhile: with
 * them set the SDK would skip or taint the static test credentials. Overlapping runs against the
 * same env share one lease; the previous values come back when the last one ends.
 */
import { resetClients } from '../runtime/clients';

const HIDDEN = ['AWS_PROFILE', 'AWS_SESSION_TOKEN'] as const;

let lease: { key: string; count: number; restore: () => void } | undefined;

/** Applies `env`; returns a function that restores the previous values (once per call). */
export function applyEnv(env: Record<string, string>): () => void {
  const key = JSON.stringify(env);
  if (lease && lease.key === key) {
    lease.count++;
  } else {
    lease = { key, count: 1, restore: swapEnv(env) };
  }
  const mine = lease;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    mine.count--;
    if (mine.count === 0) {
      mine.restore();
      if (lease === mine) lease = undefined;
    }
  };
}

function swapEnv(env: Record<string, string>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    if (process.env[k] !== v) saved.set(k, process.env[k]);
  }
  for (const k of HIDDEN) {
    if (process.env[k] !== undefined) saved.set(k, process.env[k]);
  }
  if (saved.size === 0) return () => {};
  for (const k of saved.keys()) {
    if (k in env) process.env[k] = env[k];
    else delete process.env[k];
  }
  resetClients();
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetClients();
  };
}
