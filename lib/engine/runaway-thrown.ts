/**
 * What the supervisor says about a value user code threw or rejected with, whatever it is (null,
 * undefined, a Symbol, a null-prototype object, a Proxy, an object whose getters throw): its type and
 * a stable code, never its text, since an error message can quote the message it was reading.
 * Nothing here throws.
 */
export interface ThrownFacts {
  /** `TypeError`, `null`, `symbol`, `object`, …: the constructor name of an Error, else the typeof. */
  readonly type: string;
  /** The error's `code` when it is a short identifier-like string (an AWS or Node code). */
  readonly code?: string;
  /** Only when the user turned message text on in logs (`logger.subject`): the error's own message, bounded. */
  readonly message?: string;
  /** Set by the runtime when the value is an error worth a retry (throttling, 5xx, network). */
  readonly transient?: boolean;
}

const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function read<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** The facts of a thrown value; `withText` adds its message (cut to 200 characters). */
export function thrownFacts(e: unknown, withText = false): ThrownFacts {
  if (e === null) return { type: 'null' };
  if (typeof e !== 'object' && typeof e !== 'function') return { type: typeof e };
  const isError = read(() => e instanceof Error) === true;
  const name = isError ? read(() => (e as Error).name) : undefined;
  const code = read(() => (e as { code?: unknown }).code);
  const message = withText && isError ? read(() => (e as Error).message) : undefined;
  return {
    type: typeof name === 'string' && CODE.test(name) ? name : isError ? 'Error' : typeof e,
    ...(typeof code === 'string' && CODE.test(code) ? { code } : {}),
    ...(typeof message === 'string' ? { message: message.slice(0, 200) } : {}),
  };
}

/** `TypeError` or `TypeError (ERR_X)`: how a thrown value reads in a note or a log field. */
export function thrownLabel(e: unknown): string {
  const f = thrownFacts(e);
  return f.code ? `${f.type} (${f.code})` : f.type;
}
