/**
 * Properties over random valid events and random rule sets built from the built-in conditions:
 * evaluation never throws, every recipient gets exactly one action the direction allows, the planned
 * response validates and means exactly the decision, and the short-circuiting evaluator agrees with
 * a naive full three-valued evaluation.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { bounce, bypassSpam, deliver, drop, junk, type Action } from '../../lib/engine/actions';
import {
  all,
  any,
  attachment,
  authResult,
  body,
  custom,
  from,
  header,
  holds,
  mailFrom,
  not,
  nullSender,
  recipient,
  sender,
  sizeOver,
  spamVerdict,
  subject,
  virusVerdict,
  type Condition,
  type ConditionContext,
  type Truth,
} from '../../lib/engine/conditions';
import type { MessageContent } from '../../lib/workmail/message-content';
import { evaluate } from '../../lib/engine/evaluate';
import { expandResponse } from '../../lib/engine/expand';
import { planResponse } from '../../lib/engine/plan';
import { matchAttachment } from '../../lib/engine/conditions';
import { bestMatch } from '../../lib/engine/patterns';
import { defineRules, type Rule, type RuleSet } from '../../lib/engine/rules';
import { createMessageView } from '../../lib/message/view';
import { actionTypesFor, type FlowDirection, type LambdaEventData } from '../../lib/workmail/types';
import { validateResponse } from '../../lib/workmail/validate-response';
import { LIMITS } from '../../lib/workmail/limits';
import { createLocalContext } from '../../lib/local/context';
import { syncHandler } from '../../lib/runtime/handlers';
import type { LogSink } from '../../lib/runtime/log';

const RUNS = Number(process.env.FC_RUNS ?? 10000);
const FIX = path.resolve(__dirname, '..', 'fixtures', 'engine');

/** Real parsed fixtures, parsed once, served from memory so a run costs no parsing. */
type Snapshot = {
  size: number;
  headers: { name: string; value: string }[];
  text: string;
  attachments: { filename?: string; contentType: string; size: number }[];
};
const snapshots: Snapshot[] = [];
beforeAll(async () => {
  for (const f of ['invoice.eml', 'plain.eml', 'html-only.eml']) {
    const v = createMessageView(() => fs.promises.readFile(path.join(FIX, f)));
    snapshots.push({ size: await v.size(), headers: await v.headers(), text: await v.text(), attachments: await v.attachments() });
  }
});
function viewOf(i: number | 'missing' | 'failing'): MessageContent | undefined {
  if (i === 'missing') return undefined;
  if (i === 'failing') {
    const fail = () => Promise.reject(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    return { size: fail, headers: fail, text: fail, attachments: fail };
  }
  const s = snapshots[i]!;
  return { size: async () => s.size, headers: async () => s.headers, text: async () => s.text, attachments: async () => s.attachments };
}

// ---- arbitraries ----
const DOMAINS = ['corp.example', 'mail.corp.example', 'bad.example', 'x.bad.example', 'partner.example', 'invoices.example', 'other.test'];
const LOCALS = ['a', 'ceo', 'Bob', 'first.last', 'billing'];
const address = fc
  .tuple(fc.constantFrom(...LOCALS), fc.constantFrom(...DOMAINS), fc.boolean())
  .map(([l, d, upper]) => (upper ? `${l}@${d}`.toUpperCase() : `${l}@${d}`));
/** A sender address, or now and then the null sender of bounces and delivery reports. */
const mailFromArb = fc.oneof({ weight: 9, arbitrary: address }, { weight: 1, arbitrary: fc.constant('') });
const pattern = fc.oneof(
  address,
  fc.constantFrom(...DOMAINS),
  fc.constantFrom(...DOMAINS).map((d) => `*.${d}`),
  fc.constant('*'),
  fc.constantFrom(/^ceo@/, /bad/i, /^A@/),
);
const patterns = fc.array(pattern, { minLength: 1, maxLength: 3 });
const text = fc.oneof(fc.constantFrom('invoice', 'Rechnung', 'falcon', 'décembre', 'x'), fc.constantFrom(/week/i, /^\s*$/, /\d{4}/));

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  patterns.map((p) => from(...p)),
  patterns.map((p) => mailFrom(...p)),
  patterns.map((p) => sender(...p)),
  patterns.map((p) => recipient(...p)),
  text.map((t) => subject(t)),
  fc
    .tuple(fc.constantFrom('Subject', 'X-Campaign', 'List-Unsubscribe', 'X-Missing'), fc.option(text, { nil: undefined }))
    .map(([n, t]) => header(n, t)),
  text.map((t) => body(t)),
  fc
    .record(
      {
        extension: fc.option(fc.constantFrom('exe', 'pdf', ['js', 'EXE']), { nil: undefined }),
        contentType: fc.option(fc.constantFrom('application/pdf', 'image/*'), { nil: undefined }),
        minBytes: fc.option(fc.nat(4000), { nil: undefined }),
      },
      { requiredKeys: [] },
    )
    .map((spec) => attachment(Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)))),
  fc.nat(10_000).map((n) => sizeOver(n)),
  fc.constant(nullSender()),
  fc.constantFrom(
    spamVerdict('FAIL'),
    spamVerdict('PASS'),
    virusVerdict('FAIL'),
    authResult('dmarc', 'fail'),
    authResult('spf', 'softfail'),
  ),
  fc.constantFrom(
    custom('env-unknown', () => undefined),
    custom('subject-long', ({ event }) => event.subject.length > 20),
    custom('has-attachments', async ({ message }) => (await message!.attachments()).length > 0, { needs: 'message' }),
  ),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('c'), { maxLength: 3 }).map((cs) => all(...cs)),
    fc.array(tie('c'), { maxLength: 3 }).map((cs) => any(...cs)),
    tie('c').map((c) => not(c)),
  ),
})).c;

const inboundAction = fc.oneof(
  fc.constant(deliver()),
  fc.constant(drop()),
  fc.constant(junk()),
  fc.constant(bypassSpam()),
  fc.constantFrom('', 'Blocked.', 'Nope', 'Policy').map((m) => (m ? bounce(m) : bounce())),
);
const outboundAction = fc.oneof(
  fc.constant(deliver()),
  fc.constant(drop()),
  fc.constantFrom('', 'Blocked.', 'Nope').map((m) => (m ? bounce(m) : bounce())),
);

function ruleSetArb(direction: FlowDirection) {
  const action = direction === 'OUTBOUND' ? outboundAction : inboundAction;
  const rule = fc.record({
    when: fc.option(condition, { nil: undefined, freq: 8 }),
    then: action,
    mode: fc.constantFrom('enforce', 'enforce', 'audit') as fc.Arbitrary<'enforce' | 'audit'>,
    copyTo: fc.subarray(['legal@corp.example', 'Audit@corp.example', 'ceo@corp.example']),
  });
  return fc
    .record({
      rules: fc.array(rule, { maxLength: 8 }),
      otherwise: action,
      precedence: fc.constantFrom('first-match', 'specificity') as fc.Arbitrary<'first-match' | 'specificity'>,
    })
    .map(({ rules, otherwise, precedence }) =>
      defineRules({
        direction,
        otherwise,
        precedence,
        organizationDomains: ['corp.example'],
        rules: rules.map((r, i) => ({
          name: `r${i}`,
          then: r.then,
          mode: r.mode,
          copyTo: r.copyTo,
          ...(r.when ? { when: r.when } : {}),
        })) as Rule<FlowDirection>[],
      }),
    );
}

const eventArb = (direction: FlowDirection, large = true) =>
  fc
    .record({
      from: mailFromArb,
      sender: fc.option(address, { nil: undefined }),
      recipients:
        direction === 'OUTBOUND' && large
          ? fc.oneof(
              { weight: 40, arbitrary: fc.array(address, { minLength: 1, maxLength: 20 }) },
              { weight: 1, arbitrary: fc.array(address, { minLength: 490, maxLength: 500 }) },
            )
          : fc.array(address, { minLength: 1, maxLength: 20 }),
      subject: fc.oneof(
        fc.string({ maxLength: LIMITS.maxSubjectChars }),
        fc.constantFrom('Invoice 4411', 'Rechnung für November ✓', 'Project Falcon'),
      ),
      truncated: fc.boolean(),
      version: fc.constantFrom('2018-10-10', '2019-07-28'),
    })
    .map(
      (e): LambdaEventData => ({
        summaryVersion: e.version,
        envelope: { mailFrom: { address: e.from }, recipients: e.recipients.map((address) => ({ address })) },
        ...(e.sender ? { sender: { address: e.sender } } : {}),
        subject: e.subject,
        messageId: 'prop-1',
        invocationId: 'prop',
        flowDirection: direction,
        truncated: e.truncated,
      }),
    );

const messageArb = fc.constantFrom<number | 'missing' | 'failing'>(0, 1, 2, 'missing', 'failing');

// ---- the properties ----
describe.each(['INBOUND', 'OUTBOUND'] as const)('%s', (direction) => {
  test('evaluate never throws; one allowed action per recipient; the plan validates and means the decision', async () => {
    const allowed = actionTypesFor(direction) as readonly string[];
    await fc.assert(
      fc.asyncProperty(ruleSetArb(direction), eventArb(direction), messageArb, async (rs, event, m) => {
        const message = viewOf(m);
        const decision = await evaluate(rs, event, { ...(message ? { message } : {}), explain: true });
        expect(decision.recipients.map((r) => r.address)).toEqual(event.envelope.recipients.map((r) => r.address));
        for (const r of decision.recipients) expect(allowed).toContain(r.action.type);
        expect(decision.residual !== undefined).toBe(event.truncated);
        if (decision.residual) expect(allowed).toContain(decision.residual.type);
        // One decision per mailbox, whatever the case WorkMail lists it in.
        const byKey = new Map<string, string>();
        for (const r of decision.recipients) {
          const k = r.address.toLowerCase();
          const a = JSON.stringify(r.action);
          expect(byKey.get(k) ?? a).toBe(a);
          byKey.set(k, a);
        }
        const response = planResponse(structuredClone(decision), { direction });
        expect(validateResponse(response, direction)).toEqual([]);
        const expanded = expandResponse(
          response,
          event.envelope.recipients.map((r) => r.address),
        );
        const distinctBounces = new Set(
          decision.recipients.filter((r) => r.action.type === 'BOUNCE').map((r) => r.action.parameters?.bounceMessage),
        );
        for (const r of decision.recipients) {
          const got = expanded.get(r.address.toLowerCase());
          expect(got).not.toBe('fallback');
          expect((got as Action).type).toBe(r.action.type);
          if (distinctBounces.size <= 1) expect(got).toEqual(r.action);
        }
      }),
      { numRuns: Math.max(1, Math.floor(RUNS / 20)) },
    );
  });
});

test('through syncHandler (rules, a loader from memory): never the fallback, the response validates', async () => {
  const raws = ['invoice.eml', 'plain.eml', 'html-only.eml'].map((f) => fs.readFileSync(path.join(FIX, f)));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<FlowDirection>('INBOUND', 'OUTBOUND').chain((d) => fc.tuple(ruleSetArb(d), eventArb(d))),
      fc.nat(3),
      async ([rs, event], m) => {
        const lines: Record<string, unknown>[] = [];
        const handler = syncHandler({
          rules: rs,
          loadMessage: async () => {
            if (m === 3) throw Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' });
            return raws[m]!;
          },
          logger: { sink: ((line: Record<string, unknown>) => lines.push(line)) as LogSink },
        });
        const response = await handler(structuredClone(event), createLocalContext());
        expect(validateResponse(response, event.flowDirection)).toEqual([]);
        expect(lines.find((l) => l.eventName === 'RUN_LAMBDA_DECISION')?.fallbackUsed).toBe(false);
      },
    ),
    { numRuns: Math.max(1, Math.floor(RUNS / 50)) },
  );
});

/** A naive reference: evaluate every node fully, Kleene logic, no short-circuit, no cache. */
async function naive(c: Condition, ctx: ConditionContext): Promise<Truth> {
  const and = (a: Truth, b: Truth): Truth => (a === false || b === false ? false : a === undefined || b === undefined ? undefined : true);
  const or = (a: Truth, b: Truth): Truth => (a === true || b === true ? true : a === undefined || b === undefined ? undefined : false);
  const content = async (f: (m: MessageContent) => Promise<boolean>): Promise<Truth> => {
    if (!ctx.message) return undefined;
    try {
      return await f(ctx.message);
    } catch {
      return undefined;
    }
  };
  const text = (m: { kind: string; text?: string; regexp?: RegExp }, s: string) =>
    m.kind === 'substring' ? s.toLowerCase().includes(m.text!) : m.kind === 'exact' ? s.trim().toLowerCase() === m.text : m.regexp!.test(s);
  switch (c.kind) {
    case 'nullSender':
      return ctx.event.envelope.mailFrom.address === '';
    case 'from': {
      const s = ctx.event.sender?.address;
      return (
        (s !== undefined && bestMatch(c.patterns, s) !== undefined) ||
        bestMatch(c.patterns, ctx.event.envelope.mailFrom.address) !== undefined
      );
    }
    case 'mailFrom':
      return bestMatch(c.patterns, ctx.event.envelope.mailFrom.address) !== undefined;
    case 'sender':
      return ctx.event.sender !== undefined && bestMatch(c.patterns, ctx.event.sender.address) !== undefined;
    case 'recipient':
      return ctx.recipient === undefined ? undefined : bestMatch(c.patterns, ctx.recipient) !== undefined;
    case 'subject':
      return text(c.match as never, ctx.event.subject);
    case 'header':
      return content(async (m) =>
        (await m.headers()).some((h) => h.name.toLowerCase() === c.name.toLowerCase() && (!c.match || text(c.match as never, h.value))),
      );
    case 'body':
      return content(async (m) => text(c.match as never, await m.text()));
    case 'attachment':
      return content(async (m) => (await m.attachments()).some((a) => matchAttachment(c.spec, a)));
    case 'sizeOver':
      return content(async (m) => (await m.size()) > c.bytes);
    case 'all': {
      let v: Truth = true;
      for (const x of c.conditions) v = and(v, await naive(x, ctx));
      return v;
    }
    case 'any': {
      let v: Truth = false;
      for (const x of c.conditions) v = or(v, await naive(x, ctx));
      return v;
    }
    case 'not': {
      const v = await naive(c.condition, ctx);
      return v === undefined ? undefined : !v;
    }
    case 'custom': {
      if (c.needs === 'message' && !ctx.message) return undefined;
      try {
        const v = await c.fn(ctx);
        return v === true || v === false ? v : undefined;
      } catch {
        return undefined;
      }
    }
    default:
      throw new Error(`the naive reference has no case for ${c.kind}`);
  }
}

test('holds() agrees with a naive full three-valued evaluation', async () => {
  await fc.assert(
    fc.asyncProperty(condition, eventArb('INBOUND'), fc.option(address, { nil: undefined }), messageArb, async (c, event, r, m) => {
      const message = viewOf(m);
      const ctx: ConditionContext = { event, ...(r ? { recipient: r } : {}), ...(message ? { message } : {}) };
      expect(await holds(c, ctx)).toBe(await naive(c, ctx));
    }),
    { numRuns: Math.max(1, Math.floor(RUNS / 5)) },
  );
});

/** A view that counts calls per method, so two evaluations can be compared by what they read. */
function counted(view: MessageContent | undefined): { view?: MessageContent; reads: Set<string> } {
  const reads = new Set<string>();
  if (view === undefined) return { reads };
  const wrap = <K extends keyof MessageContent>(k: K) => (() => (reads.add(k), view[k]())) as MessageContent[K];
  return { view: { size: wrap('size'), headers: wrap('headers'), text: wrap('text'), attachments: wrap('attachments') }, reads };
}

/**
 * The naive rule walk: per distinct mailbox (as first listed), every rule in order, each condition
 * evaluated fully; first-match stops at the first enforce rule that holds.
 */
async function naiveWalk(rs: RuleSet, event: LambdaEventData, message: MessageContent | undefined) {
  const out = new Map<string, { decided?: string; truths: Truth[] }>();
  // A truncated event is also decided for the recipients WorkMail did not list: no recipient ('*').
  const listed = event.envelope.recipients.map((r): string | undefined => r.address);
  for (const a of event.truncated ? [...listed, undefined] : listed) {
    const key = a?.toLowerCase() ?? '*';
    if (out.has(key)) continue;
    const ctx: ConditionContext = { event, ...(a !== undefined ? { recipient: a } : {}), ...(message ? { message } : {}) };
    const truths: Truth[] = [];
    let decided: string | undefined;
    for (const rule of rs.rules) {
      if (decided !== undefined && rs.precedence === 'first-match') break;
      const t = rule.when === undefined ? true : await naive(rule.when, ctx);
      truths.push(t);
      if (t === true && rule.mode === 'enforce' && decided === undefined) decided = rule.name;
    }
    out.set(key, { ...(rs.precedence === 'first-match' ? { decided } : {}), truths });
  }
  return out;
}

test('the evaluator agrees with the naive walk: decisions, traces and what it reads of the message', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom<FlowDirection>('INBOUND', 'OUTBOUND').chain((d) => fc.tuple(ruleSetArb(d), eventArb(d, false))),
      messageArb,
      fc.boolean(),
      async ([rs, event], m, explain) => {
        const fast = counted(viewOf(m));
        const slow = counted(viewOf(m));
        const d = await evaluate(rs, event, { ...(fast.view ? { message: fast.view } : {}), explain });
        const reference = await naiveWalk(rs, event, slow.view);
        const decided = d.recipients.map((r) => ({ key: r.address.toLowerCase(), rule: r.rule }));
        if (event.truncated) decided.push({ key: '*', rule: d.residualRule });
        for (const { key, rule } of decided) {
          const ref = reference.get(key)!;
          if (rs.precedence === 'first-match') expect(rule).toBe(ref.decided);
          if (!explain) continue;
          // Each traced outcome is what the naive walk found: match exactly when it holds, no-match only
          // when it does not; unknown may stand for "not shown to hold"; skipped only where allowed.
          d.trace![key]!.forEach((entry, i) => {
            const truth = ref.truths[i];
            if (entry.outcome === 'match') expect(truth).toBe(true);
            else if (entry.outcome === 'no-match') expect(truth).toBe(false);
            else if (entry.outcome === 'unknown') expect(truth).not.toBe(true);
            else if (rs.precedence === 'first-match') expect(i).toBeGreaterThanOrEqual(ref.truths.length);
            else expect(rs.rules[i]!.needsMessage).toBe(true);
          });
        }
        // The evaluator reads nothing of the message that the naive walk would not read.
        for (const k of fast.reads) expect(slow.reads).toContain(k);
      },
    ),
    { numRuns: RUNS },
  );
});
