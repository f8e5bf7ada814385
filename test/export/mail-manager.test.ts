/**
 * The Mail Manager export, evaluated by a small interpreter of the documented Mail Manager semantics
 * (./mail-manager-interpreter.ts) for every sample event with its raw message and every recipient:
 * each rule alone matches exactly when it holds for decide() (every rule reported exact), and the
 * whole rule set gives decide()'s action wherever the deciding rule is exact and no approximate rule
 * behaved differently.
 */
import { exportMailManager } from '../../lib/export/index';
import { createMessageView } from '../../lib/message/view';
import { decideAll, probeOf, RULE_SETS, sampleEvents, type SampleEvent } from './cases';
import { runMailManager, type MailFacts } from './mail-manager-interpreter';

const samples = sampleEvents();

async function factsOf(sample: SampleEvent, recipient: string): Promise<MailFacts> {
  const view = createMessageView(async () => sample.raw);
  return { mailFrom: sample.event.envelope.mailFrom.address, recipient, headers: [...(await view.headers())], size: await view.size() };
}

describe.each(RULE_SETS)('Mail Manager export of $name, run by the interpreter', ({ name, ruleSet }) => {
  const exported = exportMailManager(ruleSet, { name });
  const status = new Map(exported.report.map((r) => [r.rule, r.status]));
  const enforce = ruleSet.rules.filter((r) => r.mode === 'enforce');

  test('content conditions are not expressible, and every non-exact rule says why', () => {
    // Content conditions, and RegExps (the first reason given is the first part that fails).
    const content: Record<string, [string, RegExp][]> = {
      inbound: [['exe-attachments', /cannot read attachments/]],
      outbound: [['dlp-keywords', /is a RegExp; Mail Manager has no regular expressions/]],
      constructs: [
        ['newsletter-body', /cannot read the message body/],
        ['large-pdf', /cannot read attachments/],
        ['order-subject', /is a RegExp/],
      ],
    };
    for (const [rule, why] of content[name]!) {
      expect(status.get(rule)).toBe('not exported');
      expect(exported.report.find((r) => r.rule === rule)!.differences.join(' ')).toMatch(why);
    }
    for (const r of exported.report) if (r.status !== 'exact') expect(r.differences.length).toBeGreaterThan(0);
  });

  test('the interpreter agrees with decide() for every exact rule and every recipient', async () => {
    const probes = new Map(enforce.map((r) => [r.name, exportMailManager(probeOf(ruleSet, r), { name: r.name }).rules]));
    const mismatches: string[] = [];
    const decidedBy = new Set<string>();
    let compared = 0;
    for (const sample of samples.filter((s) => s.event.flowDirection === ruleSet.direction)) {
      for (const r of await decideAll(ruleSet, sample)) {
        const facts = await factsOf(sample, r.address);
        const where = `${sample.name} → ${r.address}`;
        let bites = false;
        for (const rule of enforce) {
          if (status.get(rule.name) === 'not exported') continue;
          const inMm = runMailManager(probes.get(rule.name)!, facts).action === 'DROP';
          if (inMm === r.holds.get(rule.name)) continue;
          if (status.get(rule.name) === 'exact')
            mismatches.push(`${where}: rule ${rule.name} matches in Mail Manager: ${inMm}, holds in decide(): ${!inMm}`);
          else bites = true;
        }
        // A rule left out (content) that decided in WorkMail cannot be compared; nor can an approximate one.
        const deciding = r.rule === undefined ? (status.get('(otherwise)') ?? 'exact') : status.get(r.rule);
        const leftOutHolds = enforce.some((x) => status.get(x.name) === 'not exported' && r.holds.get(x.name));
        if (bites || deciding !== 'exact' || leftOutHolds) continue;
        const got = runMailManager(exported.rules, facts);
        compared++;
        if (r.rule) decidedBy.add(r.rule);
        const want = { action: r.action, ...(r.action === 'BOUNCE' ? { bounceMessage: r.bounceMessage ?? got.bounceMessage } : {}) };
        const have = { action: got.action, ...(got.action === 'BOUNCE' ? { bounceMessage: got.bounceMessage } : {}) };
        if (JSON.stringify(want) !== JSON.stringify(have))
          mismatches.push(
            `${where}: Mail Manager ${JSON.stringify(have)}, decide() ${JSON.stringify(want)} (rule ${r.rule ?? 'otherwise'})`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(0);
    const exactRules = enforce.filter((r) => status.get(r.name) === 'exact').map((r) => r.name);
    expect(exactRules.filter((r) => !decidedBy.has(r))).toEqual([]);
  }, 120_000);
});
