/**
 * The exported Sieve scripts, run by the real interpreter (dovecot-sieve's sieve-test) for every
 * sample event with its raw message and every recipient: each rule alone holds in Sieve exactly when
 * it holds for decide() (for every rule the report calls exact), and the whole script's action
 * equals decide()'s for every recipient whose deciding rule is exact and where no approximate rule
 * behaved differently. Approximate rules are listed with the differences seen.
 */
import { exportSieve } from '../../lib/export/index';
import { toPosix } from '../../lib/export/regex';
import { quote } from '../../lib/export/sieve/text';
import { decideAll, probeOf, RULE_SETS, sampleEvents } from './cases';
import { SieveSandbox } from './sieve-run';

const samples = sampleEvents();
let box: SieveSandbox;
beforeAll(() => {
  box = new SieveSandbox();
});
afterAll(() => box?.close());

describe.each(RULE_SETS)('Sieve export of $name, checked by sieve-test', ({ name, ruleSet }) => {
  const exported = exportSieve(ruleSet, { name });
  const status = new Map(exported.report.map((r) => [r.rule, r.status]));
  const enforce = ruleSet.rules.filter((r) => r.mode === 'enforce');
  const events = samples.filter((s) => s.event.flowDirection === ruleSet.direction);

  test('every enforce rule is exported, and the script requires only what it uses', () => {
    expect(exported.exported).toBeGreaterThan(0);
    const required =
      /^require \[(.*)\];$/m
        .exec(exported.script)?.[1]
        ?.split(', ')
        .map((s) => JSON.parse(s) as string) ?? [];
    const uses: Record<string, RegExp> = {
      envelope: /\benvelope :/,
      reject: /^\s*reject /m,
      fileinto: /^\s*fileinto /m,
      copy: /redirect :copy/,
      body: /\bbody :text/,
      mime: /:mime :anychild/,
      regex: /:regex/,
      mailbox: /fileinto :create /,
    };
    const code = exported.script.replace(/^\s*#.*$/gm, '');
    for (const ext of required) expect([ext, uses[ext]?.test(code)]).toEqual([ext, true]);
    for (const [ext, re] of Object.entries(uses)) if (re.test(code)) expect(required).toContain(ext);
  });

  test('the interpreter agrees with decide() for every exact rule and every recipient', async () => {
    const script = box.script(exported.script);
    const probes = new Map(enforce.map((r) => [r.name, box.script(exportSieve(probeOf(ruleSet, r), { name: r.name }).script)]));
    const mismatches: string[] = [];
    const seen: string[] = [];
    const decidedBy = new Set<string>();
    let compared = 0;
    for (const sample of events) {
      const message = box.put(`${sample.name.replace('/', '-')}.eml`, sample.raw);
      const from = sample.event.envelope.mailFrom.address;
      for (const r of await decideAll(ruleSet, sample)) {
        const where = `${sample.name} → ${r.address}`;
        let bites = false;
        for (const rule of enforce) {
          if (status.get(rule.name) === 'not exported') continue;
          const inSieve = box.run(probes.get(rule.name)!, message, { from, to: r.address }).action === 'DROP';
          if (inSieve === r.holds.get(rule.name)) continue;
          if (status.get(rule.name) === 'exact')
            mismatches.push(`${where}: rule ${rule.name} holds in Sieve: ${inSieve}, in decide(): ${!inSieve}`);
          else {
            bites = true;
            seen.push(`${rule.name} (${status.get(rule.name)}) on ${where}: holds in Sieve ${inSieve}, in decide() ${!inSieve}`);
          }
        }
        const deciding = r.rule === undefined ? 'exact' : status.get(r.rule);
        if (bites || deciding !== 'exact') continue;
        const got = box.run(script, message, { from, to: r.address });
        compared++;
        if (r.rule) decidedBy.add(r.rule);
        const want = { action: r.action, ...(r.action === 'BOUNCE' ? { bounceMessage: r.bounceMessage ?? got.bounceMessage } : {}) };
        const have = { action: got.action, ...(got.action === 'BOUNCE' ? { bounceMessage: got.bounceMessage } : {}) };
        if (JSON.stringify(want) !== JSON.stringify(have))
          mismatches.push(`${where}: Sieve ${JSON.stringify(have)}, decide() ${JSON.stringify(want)} (rule ${r.rule ?? 'otherwise'})`);
      }
    }
    if (seen.length > 0) console.info(`${name}: approximate rules that behaved differently:\n  ${seen.join('\n  ')}`);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(0);
    // Every exact enforce rule decided some compared recipient: the events exercise each construct.
    const exactRules = enforce.filter((r) => status.get(r.name) === 'exact').map((r) => r.name);
    expect(exactRules.filter((r) => !decidedBy.has(r))).toEqual([]);
  }, 180_000);
});

describe('RegExps translated to :regex match in sieve-test as in JavaScript', () => {
  const cases: [RegExp, string[]][] = [
    [/\b(invoice|rechnung|facture)\b/i, ['Invoice 12', 'your FACTURE', 'invoices due', 'reinvoice', 'Rechnung-Nr 4']],
    [/\border\s+#?\d+\b/i, ['Order #778', 'order 12a', 'reorder 5', 'ORDER  9 shipped', 'order #']],
    [/^re:\s*[A-Z]{2,3}-\d+$/, ['re: AB-12', 're: ab-12', 'Re: AB-12', 're:ABC-1', 're: ABCD-1']],
    [/(?:^|[;\s])dmarc\s*=\s*fail(?![\w-])/i, ['x; dmarc=fail', 'dmarc = FAIL header.from', 'dmarc=failed', 'dmarc=fail-x', 'xdmarc=fail']],
  ];
  test.each(cases)('%s', (re, subjects) => {
    const posix = toPosix(re);
    if (!posix.ok) throw new Error(posix.reason);
    const cmp = posix.value.ignoreCase ? '' : ':comparator "i;octet" ';
    const script = box.script(
      `require "regex";\nif header :regex ${cmp}"subject" ${quote(posix.value.source)} { discard; stop; }\nkeep;\n`,
    );
    const got = subjects.map((s, i) => {
      const message = box.put(`regex-${i}.eml`, `From: <a@b.example>\r\nSubject: ${s}\r\n\r\nbody\r\n`);
      return box.run(script, message, { from: 'a@b.example', to: 'c@d.example' }).action === 'DROP';
    });
    expect(got).toEqual(subjects.map((s) => re.test(s)));
  });
});
