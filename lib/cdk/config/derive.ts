/**
 * The function's permissions come from its handler's description; the configuration may state them
 * too, and synth fails when it contradicts the handler (a permission the handler needs but would not
 * get, a rewrite it does not do, another kind of rule or another direction).
 */
import type { FunctionConfigInput } from './config';
import { ConfigError } from '../errors';
import type { HandlerFacts } from '../handler-check';

export interface Derived {
  readsMessage: boolean;
  rewrite: boolean;
  /** Allowed, but worth saying at synth (printed as CDK warnings). */
  notes: string[];
}

const readersText = (facts: HandlerFacts) =>
  facts.messageReaders.map((r) => (r === 'rewrite' || r === 'decide' || r === 'async function' ? `its ${r}` : `rule "${r}"`)).join(', ');

/** Checks `declared` (as written, before defaults) against `facts`; without facts the declared values stand. */
export function deriveFromHandler(key: string, file: string, declared: FunctionConfigInput, facts: HandlerFacts | undefined): Derived {
  if (!facts)
    return { readsMessage: (declared.readsMessage ?? false) || (declared.rewrite ?? false), rewrite: declared.rewrite ?? false, notes: [] };
  const handlerName = facts.kind === 'sync' ? 'syncHandler' : 'asyncHandler';
  if (declared.rule !== undefined && declared.rule !== facts.kind) {
    throw new ConfigError(`${key}.rule`, `"${declared.rule}", but ${file} exports an ${handlerName}: set rule "${facts.kind}"`);
  }
  if (facts.direction && declared.direction !== undefined && declared.direction !== facts.direction) {
    throw new ConfigError(
      `${key}.direction`,
      `"${declared.direction}", but the rules of ${file} are written for ${facts.direction}${facts.rulesSource ? ` (${facts.rulesSource})` : ''}: ` +
        `WorkMail would run them on ${declared.direction.toLowerCase()} mail, where they decide nothing; set direction "${facts.direction}"`,
    );
  }
  if (declared.readsMessage === false && facts.readsMessage) {
    throw new ConfigError(
      `${key}.readsMessage`,
      `false, but ${file} reads the message (${readersText(facts)}): without GetRawMessageContent its content conditions ` +
        'are unknown in production and decide nothing. Remove readsMessage (synth derives it from the handler) or set it to true',
    );
  }
  if (declared.rewrite === false && facts.rewrites) {
    throw new ConfigError(
      `${key}.rewrite`,
      `false, but ${file} rewrites messages: without the staging bucket and PutRawMessageContent nothing would be rewritten. ` +
        'Remove rewrite (synth derives it from the handler) or set it to true',
    );
  }
  if (declared.rewrite === true && !facts.rewrites) {
    throw new ConfigError(`${key}.rewrite`, `true, but ${file} has no rewrite option: remove rewrite, or give the handler a rewrite`);
  }
  const notes = [];
  if (declared.readsMessage === true && !facts.readsMessage) {
    notes.push(
      `${key}.readsMessage is true, but ${file} never reads the message: GetRawMessageContent is not granted (remove readsMessage)`,
    );
  }
  return { readsMessage: facts.readsMessage, rewrite: facts.rewrites, notes };
}
