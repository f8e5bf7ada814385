/** Runs for `ms` without yielding: a bounded stand-in for a loop that never ends, so a regression fails a test instead of hanging it. */
export function busy(ms: number): true {
  const until = Date.now() + ms;
  while (Date.now() < until);
  return true;
}
