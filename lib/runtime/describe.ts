/**
 * What a handler tells the deployment about itself, readable without invoking it: `handler.description`.
 * The CDK stack derives the function's permissions and environment from it, and replay checks events
 * against its direction. Computed once, when `syncHandler`/`asyncHandler` is called.
 */
import type { Context } from 'aws-lambda';
import type { Condition } from '../engine/conditions/types';
import type { RuleSet } from '../engine/rules';
import type { Edit } from '../message/rewrite/edits';
import type { FlowDirection } from '../workmail/types';
import type { AsyncHandlerOptions } from './async-handler';
import type { Capabilities } from './capabilities';
import type { SyncHandlerOptions } from './sync-handler';
import { WorkMailRulesError } from '../workmail/errors';

export interface HandlerDescription {
  /** `sync`: WorkMail waits for the answer; `async`: it only observes. */
  readonly kind: 'sync' | 'async';
  /** The rule set's direction, else `options.direction`; undefined when the handler serves both. */
  readonly direction?: FlowDirection;
  /** True when the handler may call GetRawMessageContent (a content rule, the rewrite, or code of yours with `loadMessage`). */
  readonly readsMessage: boolean;
  /** Why it reads the message: the names of the rules with content conditions, `rewrite`, `decide` or `async function`. */
  readonly messageReaders: readonly string[];
  /** True when the handler rewrites messages (S3 PutObject + PutRawMessageContent). */
  readonly rewrites: boolean;
  /** The rule set's warnings (allowed but probably unintended). */
  readonly warnings: readonly string[];
  /** Where the rule set was defined (`file:line`), when known. */
  readonly rulesSource?: string;
  /** The rule set's organizationDomains, when it gives them (the local mail sandbox routes by them). */
  readonly organizationDomains?: readonly string[];
  /** The rule set the handler decides with, when it is given one (`workmail-rules export` compiles it); not enumerable. */
  readonly rules?: RuleSet;
  /** The rewrite, as data: its `when` and its edits in order (`workmail-rules export` compiles them with the rules). */
  readonly rewrite?: RewriteDescription;
}

/** A handler's rewrite: edits are plain data fixed when the handler is defined (never computed per message). */
export interface RewriteDescription {
  readonly when?: Condition;
  readonly edits: readonly Edit[];
}

/** A handler with its description attached. */
export type Described<F> = F & { readonly description: HandlerDescription };

/**
 * What `syncHandler` (`Handler<SyncResponse>`) and `asyncHandler` (`Handler<void>`) return: the
 * Lambda handler with its description. A named interface, so a project's own declaration files can
 * name `export const handler = syncHandler(...)`.
 */
export interface Handler<R> {
  (event: unknown, context: Context): Promise<R>;
  readonly description: HandlerDescription;
}

/** A handler definition that cannot work as written (`code: 'HANDLER_DEFINITION'`). */
export class HandlerDefinitionError extends WorkMailRulesError {
  readonly code = 'HANDLER_DEFINITION' as const;
  override readonly name = 'HandlerDefinitionError';
}

/** Describes a synchronous handler; throws HandlerDefinitionError when its options contradict each other. */
export function describeSync(options: SyncHandlerOptions, caps: Capabilities): HandlerDescription {
  const rules = options.rules;
  if (rules && options.direction && options.direction !== rules.direction) {
    throw new HandlerDefinitionError(
      `syncHandler: direction ${options.direction} differs from the rule set's direction ${rules.direction}${rules.source ? ` (rules defined at ${rules.source})` : ''}: ` +
        'leave out `direction`, or give rules written for that direction',
    );
  }
  const readers = [
    ...(options.decide ? ['decide'] : (rules?.rules ?? []).filter((r) => r.needsMessage).map((r) => r.name)),
    ...(options.rewrite ? ['rewrite'] : []),
  ];
  const viaMessageFlow = caps.loadMessage !== undefined && options.loadMessage === undefined;
  const direction = rules?.direction ?? options.direction;
  const description: HandlerDescription = {
    kind: 'sync' as const,
    ...(direction ? { direction } : {}),
    readsMessage: viaMessageFlow && readers.length > 0,
    messageReaders: Object.freeze(viaMessageFlow ? readers : []),
    rewrites: options.rewrite !== undefined,
    warnings: Object.freeze([...(rules?.warnings ?? [])]),
    ...(rules?.organizationDomains.length ? { organizationDomains: rules.organizationDomains } : {}),
    ...(options.rewrite ? { rewrite: describeRewrite(options.rewrite) } : {}),
  };
  // A reference, not data: left out of JSON (the CDK app reads descriptions as JSON from a child process).
  if (rules) Object.defineProperty(description, 'rules', { value: rules, enumerable: false });
  // Read off the stack only when asked for (synth, messages): not on every cold start.
  if (rules) Object.defineProperty(description, 'rulesSource', { get: () => rules.source, enumerable: true });
  return Object.freeze(description);
}

function describeRewrite(rewrite: NonNullable<SyncHandlerOptions['rewrite']>): RewriteDescription {
  return Object.freeze({
    ...(rewrite.when ? { when: rewrite.when } : {}),
    edits: Object.freeze([...(rewrite.edits ?? [])]),
  });
}

/** Describes an asynchronous handler: it reads the message whenever the entry point can (your function decides). */
export function describeAsync(options: AsyncHandlerOptions, caps: Capabilities): HandlerDescription {
  const viaMessageFlow = caps.loadMessage !== undefined && options.loadMessage === undefined;
  return Object.freeze({
    kind: 'async' as const,
    ...(options.direction ? { direction: options.direction } : {}),
    readsMessage: viaMessageFlow,
    messageReaders: Object.freeze(viaMessageFlow ? ['async function'] : []),
    rewrites: false,
    warnings: Object.freeze([]),
  });
}

/** Attaches the description as a read-only `description` property. */
export function withDescription<F extends object>(handler: F, description: HandlerDescription): Described<F> {
  return Object.defineProperty(handler, 'description', { value: description, enumerable: true }) as Described<F>;
}
