/**
 * DNS rebinding: a web page on another site can point its own name at 127.0.0.1 and then read the
 * sandbox as "same origin". The browser still sends that name in `Host`, so the sandbox answers only
 * requests whose `Host` is `localhost`, `127.0.0.1` or `[::1]`, bare or with the sandbox's own port
 * (case-insensitive); anything else, and no `Host` at all, gets 421 before any message is read.
 */

const NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** True when `host` (the request's Host header) names this machine, bare or with `port`. */
export function isLocalHost(host: string | undefined, port: number | undefined): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return NAMES.some((n) => h === n || (port !== undefined && h === `${n}:${port}`));
}

/** The plain-text body of the refusal: which hosts are accepted, and why. */
export function refusal(port: number | undefined): string {
  const p = port === undefined ? '' : ` (bare or with :${port})`;
  return `421 Misdirected Request: the workmail-rules sandbox answers only requests for Host localhost, 127.0.0.1 or [::1]${p}; open http://127.0.0.1${port === undefined ? '' : `:${port}`}/ (a guard against DNS rebinding; workmail-rules docs/sandbox.md)\n`;
}
