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

export function createLogger(sink: LogSink = stdoutSink, base: LogFields = {}): Logger {
  const at = (level: LogLevel) => (fields: LogFields) => sink({ level, ...base, ...fields });
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
