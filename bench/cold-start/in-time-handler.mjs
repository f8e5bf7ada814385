// A handler that decides nothing but answers in time the way ours does (README "Always in time"):
// a deadline timer with an AbortSignal, and one call run through node:vm with a timeout (the guard
// of RegExps and predicates). Loaded by the runner like a bundle: its cold start is the floor of
// Node's own pieces that any handler keeping WorkMail's deadline pays for on its first call.
import { Script } from 'node:vm';

const answer = () => ({ actions: [{ action: { type: 'DEFAULT' }, allRecipients: true }] });

export const handler = async () => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 14_000);
  globalThis.__benchInTime = answer;
  try {
    return new Script('globalThis.__benchInTime()').runInThisContext({ timeout: 14_000 });
  } finally {
    clearTimeout(timer);
    delete globalThis.__benchInTime;
  }
};
