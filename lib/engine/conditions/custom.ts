/**
 * The escape hatch: a named user predicate. `needs: 'message'` marks it as a content condition (the
 * message is loaded before it runs, and without one it is unknown); `'envelope'` means it reads only
 * the event and the recipient (it is not given the message). It may return `undefined` for "cannot tell". A predicate that throws
 * or returns something else than a boolean/undefined is unknown, with a note in the decision.
 */
import type { CustomCondition, CustomPredicate } from './types';

export function custom(name: string, fn: CustomPredicate, options: { needs: 'envelope' | 'message' } = { needs: 'envelope' }): CustomCondition {
  return { kind: 'custom', name, fn, needs: options.needs };
}
