/**
 * Whether a handler's definition holds code of the user's: a function (a custom predicate, an edit
 * callback, a decide function), a RegExp (whose match can run for minutes), a getter or a Proxy,
 * anywhere in its data. Without any, a rule set is the evaluator's own work, linear in the envelope,
 * and may run in the handler's thread (workmail-rules docs/handlers.md, "Always in time"): built-in kinds keep their settings
 * as plain data, so this walk sees every piece of user code a definition can carry.
 */
import { types } from 'node:util';

export function holdsUserCode(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'function' || v instanceof RegExp || types.isProxy(v)) return true;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const ruleSet = (v as { kind?: unknown }).kind === 'RuleSet';
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      // A rule set's own accessor (its lazy `source`) is the framework's; any other getter is user code.
      if (!('value' in d)) {
        if (!ruleSet) return true;
      } else stack.push(d.value);
    }
  }
  return false;
}
