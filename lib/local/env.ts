/**
 * Points process.env at a local WorkMail for the duration of a run and resets the cached SDK
 * clients when that changes anything. AWS_PROFILE and AWS_SESSION_TOKEN are hidden meanwhile: with
 * them set the SDK would skip or taint the static test credentials.
 */
import { resetClients } from '../runtime/clients';

const HIDDEN = ['AWS_PROFILE', 'AWS_SESSION_TOKEN'] as const;

/** Applies `env`; returns a function that restores the previous values. */
export function applyEnv(env: Record<string, string>): () => void {
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
