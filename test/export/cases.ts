/**
 * The cases both interpreter tests walk: every sample event of events/ that has its raw message,
 * every recipient, against every rule set of its direction (the project's rules/ and the construct
 * fixture), with what `decide` says about the whole rule set and about each rule alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decide, defineRules, drop } from '../../lib';
import type { CompiledRule, RuleSet } from '../../lib/engine/rules';
import { parseEvent } from '../../lib/workmail/parse-event';
import type { LambdaEventData } from '../../lib/workmail/types';
import inbound from '../../rules/inbound';
import outbound from '../../rules/outbound';
import constructs from './fixtures/constructs';

export const EVENTS = path.resolve(__dirname, '..', '..', 'events');

export const RULE_SETS: { name: string; ruleSet: RuleSet }[] = [
  { name: 'inbound', ruleSet: inbound },
  { name: 'outbound', ruleSet: outbound },
  { name: 'constructs', ruleSet: constructs },
];

export interface SampleEvent {
  name: string;
  event: LambdaEventData;
  eml: string;
  raw: Buffer;
}

export function sampleEvents(): SampleEvent[] {
  return ['inbound', 'outbound'].flatMap((dir) =>
    fs
      .readdirSync(path.join(EVENTS, dir))
      .filter(
        (f) => f.endsWith('.json') && !f.endsWith('.expect.json') && fs.existsSync(path.join(EVENTS, dir, f.replace(/\.json$/, '.eml'))),
      )
      .sort()
      .map((f) => {
        const eml = path.join(EVENTS, dir, f.replace(/\.json$/, '.eml'));
        const event = parseEvent(JSON.parse(fs.readFileSync(path.join(EVENTS, dir, f), 'utf8')));
        return { name: `${dir}/${f.slice(0, -5)}`, event, eml, raw: fs.readFileSync(eml) };
      }),
  );
}

/** A rule set holding one rule alone, dropping when it holds: its condition's truth. */
export function probeOf(ruleSet: RuleSet, rule: CompiledRule): RuleSet {
  return defineRules({
    direction: ruleSet.direction,
    rules: [{ name: rule.name, ...(rule.when ? { when: rule.when } : {}), then: drop() }],
  });
}

export interface DecidedRecipient {
  address: string;
  action: string;
  bounceMessage?: string;
  rule?: string;
  /** Per enforce rule: does it hold, alone? */
  holds: Map<string, boolean>;
}

/**
 * The recipients an interpreter test runs: all of them, except in very large events (the 500-recipient
 * one), where the first ten and one per further domain: the rules see a recipient only through its
 * address patterns, so more of the same domain test nothing new, and each run starts a process.
 */
export function recipientsToRun(addresses: string[]): Set<string> {
  if (addresses.length <= 20) return new Set(addresses);
  const out = new Set(addresses.slice(0, 10));
  const domains = new Set<string>();
  for (const a of addresses) {
    const d = a.slice(a.lastIndexOf('@') + 1).toLowerCase();
    if (!domains.has(d)) out.add(a);
    domains.add(d);
  }
  return out;
}

export async function decideAll(ruleSet: RuleSet, sample: SampleEvent): Promise<DecidedRecipient[]> {
  const loadMessage = async () => sample.raw;
  const decision = await decide(ruleSet, sample.event, { loadMessage });
  const out: DecidedRecipient[] = [];
  const run = recipientsToRun(decision.recipients.map((r) => r.address));
  for (const r of decision.recipients.filter((x) => run.has(x.address))) {
    const holds = new Map<string, boolean>();
    for (const rule of ruleSet.rules.filter((x) => x.mode === 'enforce')) {
      const one = { ...sample.event, envelope: { ...sample.event.envelope, recipients: [{ address: r.address }] } };
      const d = await decide(probeOf(ruleSet, rule), one, { loadMessage });
      holds.set(rule.name, d.recipients[0]!.action.type === 'DROP');
    }
    out.push({
      address: r.address,
      action: r.action.type,
      ...(r.action.parameters?.bounceMessage ? { bounceMessage: r.action.parameters.bounceMessage } : {}),
      ...(r.rule ? { rule: r.rule } : {}),
      holds,
    });
  }
  return out;
}
