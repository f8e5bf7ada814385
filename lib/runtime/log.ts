/**
 * Structured logging: one JSON object per line. No subject or body text is ever passed here unless
 * the user turned it on. When an invocation observer is attached to the context (local replay), the
 * lines go to it instead of stdout.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(fields: LogFields): void;
  warn(fields: LogFields): void;
  error(fields: LogFields): void;
}

export type LogSink = (line: LogFields & { level: LogLevel }) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(JSON.stringify(line) + '\n');
};

/** Bounds of a log line: CloudWatch Logs caps an event at 256 KB; ours stay under 16 KB whatever the input. */
export const LOG_BOUNDS = { maxString: 512, maxItems: 50, maxDepth: 6, maxLine: 16_000 } as const;

/** `s` cut to `n` UTF-16 units at a code point boundary (never a lone surrogate). */
export function cutString(s: string, n: number): string {
  if (s.length <= n) return s;
  const end = s.charCodeAt(n - 1) >= 0xd800 && s.charCodeAt(n - 1) <= 0xdbff ? n - 1 : n;
  return s.slice(0, end);
}

function cap(v: unknown, depth: number): unknown {
  const { maxString, maxItems, maxDepth } = LOG_BOUNDS;
  if (typeof v === 'string') return v.length > maxString ? `${cutString(v, maxString)}…(${v.length} chars)` : v;
  if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? String(v) : v;
  if (depth >= maxDepth) return '[…]';
  if (Array.isArray(v)) {
    const out = v.slice(0, maxItems).map((x) => cap(x, depth + 1));
    if (v.length > maxItems) out.push(`…${v.length - maxItems} more`);
    return out;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(v);
  for (const [k, x] of entries.slice(0, maxItems)) out[cutString(k, 100)] = cap(x, depth + 1);
  if (entries.length > maxItems) out['…'] = `${entries.length - maxItems} more fields`;
  return out;
}

/**
 * A log line with every string, list and object capped; if it is still over maxLine, its largest
 * fields are dropped (named in `logTruncated`) until it fits.
 */
const KEEP = new Set(['level', 'eventName', 'messageId', 'invocationId', 'flowDirection']);

export function boundLine<T extends LogFields>(fields: T): T {
  const line = cap(fields, 0) as Record<string, unknown>;
  let size = JSON.stringify(line).length;
  if (size <= LOG_BOUNDS.maxLine) return line as T;
  const dropped: string[] = [];
  const sizes = Object.keys(line)
    .map((k) => [k, JSON.stringify(line[k] ?? null).length] as const)
    .sort((a, b) => b[1] - a[1]);
  for (const [k, n] of sizes) {
    if (size <= LOG_BOUNDS.maxLine - 200) break;
    if (KEEP.has(k)) continue;
    delete line[k];
    dropped.push(k);
    size -= n;
  }
  line.logTruncated = dropped;
  return line as T;
}

export function createLogger(sink: LogSink = stdoutSink, base: LogFields = {}): Logger {
  const at = (level: LogLevel) => (fields: LogFields) => sink(boundLine({ level, ...base, ...fields }));
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** Error details safe for logs: name, code, message, status; never the message content. */
export function errorFields(err: unknown): LogFields {
  if (!(err instanceof Error)) return { error: String(err) };
  const e = err as Error & { code?: unknown; $metadata?: { httpStatusCode?: number }; issues?: unknown };
  return {
    errorName: e.name,
    ...(e.code !== undefined ? { errorCode: e.code } : {}),
    errorMessage: e.message,
    ...(e.$metadata?.httpStatusCode ? { httpStatus: e.$metadata.httpStatusCode } : {}),
    ...(e.issues !== undefined ? { issues: e.issues } : {}),
  };
}
