/** A Lambda-like context for local invocations, with WorkMail's 15 s budget. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LIMITS } from '../workmail/limits';
import { OBSERVER, type InvocationObserver } from '../runtime/observer';

export interface LocalContextOptions {
  functionName?: string;
  /** Milliseconds the invocation may take (default WorkMail's 15 000). */
  budgetMs?: number;
  region?: string;
  observer?: InvocationObserver;
}

export type LocalContext = Context & { [OBSERVER]?: InvocationObserver };

export function createLocalContext(options: LocalContextOptions = {}): LocalContext {
  const functionName = options.functionName ?? 'workmail-rules-local';
  const region = options.region ?? 'us-east-1';
  const budget = options.budgetMs ?? LIMITS.responseTimeoutMs;
  const deadline = Date.now() + budget;
  const fail = (what: string) => () => {
    throw new Error(`context.${what}() is not supported by local replay: return a value or a promise from the handler`);
  };
  const context: LocalContext = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail('done'),
    fail: fail('fail'),
    succeed: fail('succeed'),
  };
  if (options.observer) context[OBSERVER] = options.observer;
  return context;
}
