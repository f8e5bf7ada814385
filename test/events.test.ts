/**
 * Every sample event in events/ gives exactly its `.expect.json`: the rules decide each recipient
 * (content read from the sibling `.eml`, when there is one), and the copies the rules add appear in
 * `actions` as DEFAULT (with no rule: a copy is not a recipient decision).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Decision } from '../lib/engine/decision';
import { expandResponse } from '../lib/engine/expand';
import { replay, useLocalWorkMail } from '../lib/local';
import { decisionFor } from '../lib/local/decisions';
import type { RuleSet } from '../lib/engine/rules';
import { decide } from '../lib/runtime/decide';
import { parseEvent } from '../lib/workmail/parse-event';
import { LIMITS } from '../lib/workmail/limits';
import inboundRules from '../rules/inbound';
import outboundRules from '../rules/outbound';
import { documentedEvent } from './fixtures/workmail/malformed';

const EVENTS = path.resolve(__dirname, '..', 'events');

interface Expectation {
  actions: Record<string, string>;
  rules: Record<string, string | null>;
}

function listEvents(): { dir: string; name: string; file: string }[] {
  return ['inbound', 'outbound'].flatMap((dir) =>
    fs
      .readdirSync(path.join(EVENTS, dir))
      .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
      .sort()
      .map((f) => ({ dir, name: f.slice(0, -'.json'.length), file: path.join(EVENTS, dir, f) })),
  );
}

const lower = (o: Record<string, string | null | undefined>) =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k.trim().toLowerCase(), v]),
  );

/** What the decision means per address: recipients' actions and rules, plus added copies. */
function outcome(decision: Decision, rules: RuleSet): Expectation {
  const actions: Record<string, string> = {};
  const byRule: Record<string, string> = {};
  const deciding = new Set<string>();
  for (const r of decision.recipients) {
    actions[r.address.toLowerCase()] = r.action.type;
    if (r.rule) {
      byRule[r.address.toLowerCase()] = r.rule;
      deciding.add(r.rule);
    }
  }
  if (decision.residualRule) deciding.add(decision.residualRule);
  // `*`: the recipients a truncated event did not list.
  if (decision.residual) {
    actions['*'] = decision.residual.type;
    if (decision.residualRule) byRule['*'] = decision.residualRule;
  }
  // A copy is delivered with DEFAULT; it has no deciding rule of its own (`rules` leaves it out),
  // but it must come from a rule that decided for some recipient.
  for (const copy of decision.copies ?? []) {
    const key = copy.toLowerCase();
    actions[key] = 'DEFAULT';
    expect(rules.rules.some((r) => deciding.has(r.name) && r.copyTo.some((c) => c.toLowerCase() === key))).toBe(true);
  }
  return { actions, rules: byRule };
}

const events = listEvents();
const rulesFor = (direction: string): RuleSet => (direction === 'OUTBOUND' ? outboundRules : inboundRules);

describe('events/', () => {
  test('there are at least 20 events, each with an expectation, covering both directions', () => {
    expect(events.length).toBeGreaterThanOrEqual(20);
    for (const e of events) expect(fs.existsSync(e.file.replace(/\.json$/, '.expect.json'))).toBe(true);
    expect(events.some((e) => e.dir === 'inbound')).toBe(true);
    expect(events.some((e) => e.dir === 'outbound')).toBe(true);
  });

  test.each(events.map((e) => [`${e.dir}/${e.name}`, e] as const))('%s gives exactly its .expect.json', async (_label, e) => {
    const event = parseEvent(JSON.parse(fs.readFileSync(e.file, 'utf8')));
    expect(event.flowDirection).toBe(e.dir.toUpperCase());
    expect(event.messageId).toMatch(LIMITS.messageIdPattern);
    const expected = JSON.parse(fs.readFileSync(e.file.replace(/\.json$/, '.expect.json'), 'utf8')) as Expectation;
    const eml = e.file.replace(/\.json$/, '.eml');
    let loads = 0;
    const loadMessage = async () => {
      loads++;
      return fs.promises.readFile(eml);
    };
    const ruleSet = rulesFor(event.flowDirection);
    const decision = await decide(ruleSet, event, { loadMessage });
    const got = outcome(decision, ruleSet);
    if (!event.truncated) {
      delete got.actions['*'];
      delete got.rules['*'];
    }
    expect(got.actions).toEqual(lower(expected.actions));
    expect(got.rules).toEqual(lower(expected.rules ?? {}));
    expect(loads).toBeLessThanOrEqual(1);
    // Every listed recipient is decided exactly once, in order.
    expect(decision.recipients.map((r) => r.address)).toEqual(event.envelope.recipients.map((r) => r.address));
  });

  test('the events cover every example rule (enforce rules decide somewhere, audit rules hold somewhere)', async () => {
    const decided = new Set<string>();
    const audited = new Set<string>();
    for (const e of events) {
      const event = parseEvent(JSON.parse(fs.readFileSync(e.file, 'utf8')));
      const eml = e.file.replace(/\.json$/, '.eml');
      const decision = await decide(rulesFor(event.flowDirection), event, { loadMessage: () => fs.promises.readFile(eml) });
      for (const r of decision.recipients) {
        if (r.rule) decided.add(`${event.flowDirection}:${r.rule}`);
        for (const a of r.audits ?? []) audited.add(`${event.flowDirection}:${a.rule}`);
      }
    }
    for (const [direction, rs] of [
      ['INBOUND', inboundRules],
      ['OUTBOUND', outboundRules],
    ] as const) {
      for (const rule of rs.rules) {
        const key = `${direction}:${rule.name}`;
        expect({ key, covered: rule.mode === 'audit' ? audited.has(key) : decided.has(key) }).toEqual({ key, covered: true });
      }
    }
  });

  test('the edge cases the issue names are present', () => {
    const all = events.map((e) => ({ ...e, event: JSON.parse(fs.readFileSync(e.file, 'utf8')) as Record<string, any> }));
    const versions = new Set(all.map((e) => e.event.summaryVersion));
    expect(versions).toEqual(new Set(['2018-10-10', '2019-07-28']));
    expect(all.some((e) => e.event.truncated === true)).toBe(true);
    expect(all.some((e) => e.event.sender !== undefined)).toBe(true);
    expect(
      all.some((e) => e.event.flowDirection === 'OUTBOUND' && e.event.envelope.recipients.length === LIMITS.maxOutboundRecipients),
    ).toBe(true);
    expect(all.some((e) => e.event.envelope.recipients.length >= 3)).toBe(true);
    const longest = all.map((e) => e.event.subject as string).sort((a, b) => [...b].length - [...a].length)[0]!;
    expect([...longest].length).toBe(LIMITS.maxSubjectChars);
    expect(/[^\x00-\x7f]/.test(longest)).toBe(true);
    // The reference's documented example (§1.1), unchanged.
    const { $schema, ...documented } = all.find((e) => e.name === 'documented-example')!.event;
    expect($schema).toBe('../../schemas/event.schema.json');
    expect(documented).toEqual(documentedEvent);
  });
});

describe('events/ through their handlers (replayed against the local WorkMail)', () => {
  useLocalWorkMail();
  const handlerFor = (dir: string) => path.resolve(__dirname, '..', 'handlers', `${dir}.ts`);

  test.each(events.map((e) => [`${e.dir}/${e.name}`, e] as const))('%s', async (_label, e) => {
    const expected = JSON.parse(fs.readFileSync(e.file.replace(/\.json$/, '.expect.json'), 'utf8')) as Expectation;
    const result = await replay(handlerFor(e.dir), e.file);
    expect(result.fallbackReason).toBeUndefined();
    expect(result.responseProblems).toEqual([]);
    const event = JSON.parse(fs.readFileSync(e.file, 'utf8')) as { envelope: { recipients: { address: string }[] } };
    // What WorkMail does with the response, per expected address...
    const applied = expandResponse(
      result.response,
      event.envelope.recipients.map((r) => r.address),
    );
    const listed = Object.keys(expected.actions).filter((a) => a !== '*');
    if (expected.actions['*']) expect(decisionFor(result.decisions, '*')?.action).toBe(expected.actions['*']);
    const got = Object.fromEntries(
      listed.map((a) => {
        const x = applied.get(a.toLowerCase());
        return [a.toLowerCase(), x === undefined || x === 'fallback' ? String(x) : x.type];
      }),
    );
    const { '*': _residual, ...listedActions } = expected.actions;
    expect(got).toEqual(lower(listedActions));
    // ...and the rule the handler reported for each.
    const { '*': _residualRule, ...listedRules } = expected.rules ?? {};
    const rules = Object.fromEntries(listed.map((a) => [a.toLowerCase(), decisionFor(result.decisions, a)?.rule ?? null]));
    expect(rules).toEqual({ ...Object.fromEntries(listed.map((a) => [a.toLowerCase(), null])), ...lower(listedRules) });
  });
});
