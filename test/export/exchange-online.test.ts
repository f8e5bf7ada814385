/**
 * The Exchange Online export, run by the evaluator written from Microsoft's documentation
 * (./exchange-evaluator.ts) over the generated PowerShell: for every sample event with its raw
 * message and every recipient, and for generated rule sets over generated messages, each rule alone
 * holds exactly when it holds for decide() (every rule reported exact), and the whole script gives
 * decide()'s action wherever the deciding rule is exact and no approximate rule behaved differently.
 */
import fc from 'fast-check';
import {
  all,
  any,
  attachment,
  bounce,
  bypassSpam,
  defineRules,
  deliver,
  drop,
  header,
  junk,
  mailFrom,
  not,
  recipient,
  subject,
} from '../../lib';
import type { RuleSet } from '../../lib/engine/rules';
import { exportExchange } from '../../lib/export/exchange-online/compile';
import { createMessageView } from '../../lib/message/view';
import { parseEvent } from '../../lib/workmail/parse-event';
import { decideAll, probeOf, RULE_SETS, sampleEvents, type SampleEvent } from './cases';
import { evaluate, type ExchangeFacts, parseScript } from './exchange-evaluator';

async function factsOf(sample: SampleEvent, recipient: string): Promise<ExchangeFacts> {
  const view = createMessageView(async () => sample.raw);
  const headers = [...(await view.headers())];
  return {
    mailFrom: sample.event.envelope.mailFrom.address,
    recipient,
    headers,
    subject: headers.find((h) => h.name.toLowerCase() === 'subject')?.value ?? '',
    body: await view.text(),
    attachments: (await view.attachments()).flatMap((a) => (a.filename ? [a.filename.trim()] : [])),
    size: await view.size(),
  };
}

/** Rule alone and the whole set: mismatches for exact rules, and how many recipients were compared. */
async function differential(ruleSet: RuleSet, samples: SampleEvent[]) {
  const exported = exportExchange(ruleSet, { name: 'x' });
  const status = new Map(exported.report.map((r) => [r.rule, r.status]));
  const enforce = ruleSet.rules.filter((r) => r.mode === 'enforce');
  const whole = parseScript(exported.script);
  const probes = new Map(enforce.map((r) => [r.name, parseScript(exportExchange(probeOf(ruleSet, r), { name: 'p' }).script)]));
  const mismatches: string[] = [];
  let compared = 0;
  for (const sample of samples.filter((s) => s.event.flowDirection === ruleSet.direction)) {
    for (const r of await decideAll(ruleSet, sample)) {
      const facts = await factsOf(sample, r.address);
      const where = `${sample.name} → ${r.address}`;
      let bites = false;
      for (const rule of enforce) {
        if (status.get(rule.name) === 'not exported') continue;
        const inEx = evaluate(probes.get(rule.name)!, facts).action === 'DROP';
        if (inEx === r.holds.get(rule.name)) continue;
        if (status.get(rule.name) === 'exact')
          mismatches.push(`${where}: rule ${rule.name} holds in Exchange: ${inEx}, in decide(): ${!inEx}`);
        else bites = true;
      }
      const deciding = r.rule === undefined ? 'exact' : status.get(r.rule);
      if (bites || deciding !== 'exact') continue;
      const got = evaluate(whole, facts);
      compared++;
      const want = { action: r.action, bounceMessage: r.action === 'BOUNCE' ? (r.bounceMessage ?? got.bounceMessage) : undefined };
      const have = { action: got.action, bounceMessage: got.action === 'BOUNCE' ? got.bounceMessage : undefined };
      if (JSON.stringify(want) !== JSON.stringify(have))
        mismatches.push(`${where}: Exchange ${JSON.stringify(have)}, decide() ${JSON.stringify(want)} (rule ${r.rule ?? 'otherwise'})`);
    }
  }
  return { mismatches, compared, status };
}

const samples = sampleEvents();

describe.each(RULE_SETS)('Exchange Online export of $name, run by the evaluator', ({ ruleSet }) => {
  test('the evaluator agrees with decide() for every exact rule and every recipient', async () => {
    const { mismatches, compared } = await differential(ruleSet, samples);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  }, 120_000);
});

// Generated rule sets over generated messages: the constructs the report calls exact.
const DOMAINS = ['corp.example', 'bad.example', 'sub.bad.example', 'partner.example'];
const USERS = ['ann', 'bob', "o'hara", 'ceo'];
const SUBJECTS = ['Invoice 12', 'hello', 'URGENT: pay', "it's a deal", 'Re: [x] $5 (50%)'];
const address = fc.tuple(fc.constantFrom(...USERS), fc.constantFrom(...DOMAINS)).map(([u, d]) => `${u}@${d}`);
const pattern = fc.oneof(
  address,
  fc.constantFrom(...DOMAINS),
  fc.constantFrom(...DOMAINS).map((d) => `*.${d}`),
);
const atom = fc.oneof(
  pattern.map((p) => recipient(p)),
  pattern.map((p) => mailFrom(p)),
  fc.constantFrom('invoice', 'urgent', "it's", '$5 (', '[x]').map((t) => subject(t)),
  fc.constantFrom(/^re:/i, /\binvoice\b/i, /pay$/i).map((r) => subject(r)),
  fc.constantFrom('pdf', 'exe').map((e) => attachment({ extension: e })),
  fc.constantFrom('high', 'low').map((v) => header('X-Priority-Label', v)),
);
const cond = fc.oneof(
  atom,
  fc.tuple(atom, atom).map(([a, b]) => any(a, b)),
  atom.map((a) => all(a, not(mailFrom('corp.example')))),
);
const action = fc.constantFrom(drop(), bounce("Refused: it's policy"), junk(), deliver(), bypassSpam());
const ruleSets = fc
  .tuple(
    fc.array(fc.tuple(cond, action), { minLength: 1, maxLength: 5 }),
    fc.constantFrom('first-match', 'specificity') as fc.Arbitrary<'first-match' | 'specificity'>,
  )
  .map(([rules, precedence]) =>
    defineRules({ direction: 'INBOUND', precedence, rules: rules.map(([when, then], i) => ({ name: `r${i}`, when, then })) }),
  );
const message = fc.record({
  from: address,
  to: fc.uniqueArray(address, { minLength: 1, maxLength: 3 }),
  subject: fc.constantFrom(...SUBJECTS),
  attachment: fc.constantFrom(undefined, 'report.pdf', 'run.EXE', 'notes.txt'),
  label: fc.constantFrom(undefined, 'high', 'low'),
});

type Generated = { from: string; to: string[]; subject: string; attachment: string | undefined; label: string | undefined };

function sampleOf(m: Generated, i: number): SampleEvent {
  const lines = [
    `From: <${m.from}>`,
    `To: ${m.to.join(', ')}`,
    `Subject: ${m.subject}`,
    ...(m.label ? [`X-Priority-Label: ${m.label}`] : []),
    'MIME-Version: 1.0',
  ];
  const body = m.attachment
    ? [
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'hi',
        '--b',
        `Content-Type: application/octet-stream; name="${m.attachment}"`,
        `Content-Disposition: attachment; filename="${m.attachment}"`,
        'Content-Transfer-Encoding: base64',
        '',
        'aGk=',
        '--b--',
        '',
      ]
    : ['Content-Type: text/plain', '', 'hi', ''];
  const raw = Buffer.from([...lines, ...body].join('\r\n'));
  const event = parseEvent({
    summaryVersion: '2018-10-10',
    envelope: { mailFrom: { address: m.from }, recipients: m.to.map((address: string) => ({ address })) },
    subject: m.subject,
    messageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    invocationId: `${String(i).padStart(32, '0')}`,
    flowDirection: 'INBOUND',
    truncated: false,
  });
  return { name: `generated-${i}`, event, eml: '', raw };
}

test('generated rule sets over generated messages: zero disagreements for exact rules', async () => {
  let compared = 0;
  let exactRules = 0;
  await fc.assert(
    fc.asyncProperty(ruleSets, fc.array(message, { minLength: 4, maxLength: 8 }), async (rs, msgs) => {
      const r = await differential(rs, msgs.map(sampleOf));
      compared += r.compared;
      exactRules += [...r.status.values()].filter((s) => s === 'exact').length;
      expect(r.mismatches).toEqual([]);
    }),
    { numRuns: Number(process.env['FC_RUNS'] ?? 60), seed: 32 },
  );
  console.info(`Exchange Online differential: ${compared} recipients compared, ${exactRules} exact rules`);
  expect(compared).toBeGreaterThan(100);
}, 300_000);

test('quoting: a value with quotes reads back as written; the Unicode quotes and line breaks are refused naming the rule', () => {
  const rs = defineRules({
    direction: 'INBOUND',
    rules: [
      { name: "o'hara", when: subject("'; Remove-TransportRule * #"), then: bounce("It's refused'; Get-Mailbox") },
      { name: 'curly', when: subject('it\u2019s'), then: drop() },
      { name: 'crlf', when: recipient('ann@corp.example'), then: bounce('line\r\nRemove-Mailbox x') },
    ],
  });
  const e = exportExchange(rs, { name: 'q' });
  const [rule] = parseScript(e.script);
  expect(rule!.get('Name')).toBe("q: o'hara");
  expect(rule!.get('RejectMessageReasonText')).toBe("It's refused'; Get-Mailbox");
  expect(rule!.get('SubjectMatchesPatterns')).toEqual(["';\\ remove\\-transportrule\\ \\*\\ \\#"]);
  expect(e.script.split('\n').filter((l) => l.startsWith('New-TransportRule'))).toHaveLength(1);
  const report = new Map(e.report.map((r) => [r.rule, r]));
  expect(report.get('curly')).toMatchObject({ status: 'not exported', differences: [expect.stringMatching(/U\+2019/)] });
  expect(report.get('crlf')).toMatchObject({ status: 'not exported', differences: [expect.stringMatching(/control character U\+000D/)] });
});

test('limits: a bounce text over 1 024 characters and a rule set over 300 transport rules are refused', () => {
  const long = exportExchange(
    defineRules({ direction: 'INBOUND', rules: [{ name: 'long', when: subject('x'), then: bounce('a'.repeat(1025)) }] }),
    { name: 'l' },
  );
  expect(long.report[0]).toMatchObject({ status: 'not exported', differences: [expect.stringMatching(/at most 1024/)] });
  const many = defineRules({
    direction: 'INBOUND',
    rules: Array.from({ length: 301 }, (_, i) => ({ name: `r${i}`, when: subject(`s${i}`), then: drop() })),
  });
  const e = exportExchange(many, { name: 'm' });
  expect(e.rules).toHaveLength(300);
  expect(e.report.find((r) => r.rule === 'r300')).toMatchObject({
    status: 'not exported',
    differences: [expect.stringMatching(/more than 300/)],
  });
});
