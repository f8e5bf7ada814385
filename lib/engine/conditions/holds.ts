/** The evaluator: one path, synchronous until a condition waits for the message or a predicate; by kind descriptions. */
import type { LambdaEventData } from '../../workmail/types';
import { prepare, type Prepared } from '../patterns';
import { conditionProblems, describe } from './analyze';
import { kindOf, type Evaluation, type Goal, type Outcome } from './kind';
import { ConditionError, type Condition, type ConditionContext, type Truth } from './types';

/** The event's own addresses, prepared for matching once per invocation. */
export type EventAddresses = { mailFrom: Prepared; sender?: Prepared };

export const eventAddresses = (event: LambdaEventData): EventAddresses => ({
  mailFrom: prepare(event.envelope.mailFrom.address),
  ...(event.sender === undefined ? {} : { sender: prepare(event.sender.address) }),
});

/** One evaluation context: an event, maybe a recipient, maybe a message; notes go to `notes`. */
export class ContextEvaluation implements Evaluation {
  private recipient?: Prepared;

  constructor(
    readonly ctx: ConditionContext,
    private readonly notes: Set<string>,
    private readonly addresses = eventAddresses(ctx.event),
  ) {}

  evaluate(c: Condition, goal: Goal): Outcome | Promise<Outcome> {
    return kindOf(c)!.evaluate(c, this, goal);
  }

  address(field: 'mailFrom' | 'sender' | 'recipient'): Prepared | undefined {
    if (field !== 'recipient') return this.addresses[field];
    const r = this.ctx.recipient;
    return r === undefined ? undefined : (this.recipient ??= prepare(r));
  }

  note(text: string): void {
    this.notes.add(text);
  }
}

/** Does the condition hold? `true`, `false` or `undefined` (unknown). Throws `ConditionError` when built wrong. */
export async function holds(condition: Condition, ctx: ConditionContext): Promise<Truth> {
  const problems = conditionProblems(condition);
  if (problems.length > 0) throw new ConditionError(problems.map((p) => `${p} (in ${safeDescribe(condition)})`));
  return (await new ContextEvaluation(ctx, new Set()).evaluate(condition, 'exact')).value;
}

function safeDescribe(c: Condition): string {
  try {
    return describe(c);
  } catch {
    return 'condition';
  }
}
