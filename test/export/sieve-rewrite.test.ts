/**
 * A handler's rewrite exported to Sieve, run for real by dovecot-sieve's sieve-test (`-e` into a
 * maildir): the stored message carries the header edits exactly where the rewrite's `when` holds, the
 * same headers our own rewriter (the one handlers run) gives, the rules still test the original
 * message, and bounced mail is not edited. Body edits are reported and written as comments.
 */
import {
  appendFooter,
  bounce,
  defineRules,
  from,
  header,
  junk,
  not,
  recipient,
  removeAttachments,
  removeHeader,
  setHeader,
  subject,
  tagSubject,
} from '../../lib';
import { exportSieve } from '../../lib/export/index';
import { rewriteMessage } from '../../lib/message/rewrite/index';
import { SieveSandbox } from './sieve-run';

const rules = defineRules({
  direction: 'INBOUND',
  rules: [
    { name: 'blocked', when: from('bad.example'), then: bounce() },
    // Tests the Subject the rewrite changes: it must see the original.
    { name: 'lottery', when: subject(/^you won/i), then: junk() },
    { name: 'gateway-spam', when: header('X-Gateway', 'spam'), then: junk() },
  ],
});
const when = not(from('*.corp.example'));
const headerEdits = [tagSubject('[EXTERNAL]'), setHeader('X-Scanned', 'yes'), removeHeader('X-Internal')];
const edits = [...headerEdits, appendFooter({ text: 'From outside.' }), removeAttachments({ extension: 'exe' })];
const exported = exportSieve(rules, { name: 'inbound', host: 'dovecot-editheader', rewrite: { when, edits } });

let box: SieveSandbox;
let script: string;
beforeAll(() => {
  box = new SieveSandbox();
  script = box.script(exported.script);
});
afterAll(() => box?.close());

const eml = (fromAddr: string, headers: string[]) =>
  Buffer.from([`From: ${fromAddr}`, 'To: ann@corp.example', ...headers, 'Message-ID: <m1@example.net>', '', 'Hello.', ''].join('\r\n'));

/** The values of a header field (unfolded), in order. */
function values(message: string, name: string): string[] {
  const head = message.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return head
    .split(/\r?\n/)
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.slice(name.length + 1).trim());
}

function deliver(fromAddr: string, raw: Buffer) {
  const file = box.put(`m${Math.random().toString(36).slice(2)}.eml`, raw);
  return box.deliver(script, file, { from: fromAddr, to: 'ann@corp.example' });
}

const EDITED = ['Subject', 'X-Scanned', 'X-Internal'];

describe('the rewrite in Sieve, run by sieve-test', () => {
  test('external mail: the stored message has the tag, X-Scanned replaced, X-Internal removed, as our rewriter does', async () => {
    const raw = eml('Bob <bob@partner.example>', ['Subject: Quarterly report', 'X-Scanned: no', 'X-Scanned: again', 'X-Internal: 42']);
    const r = deliver('bob@partner.example', raw);
    expect(r.action).toBe('DEFAULT');
    const [stored] = r.stored['INBOX'] ?? [];
    expect(values(stored!, 'Subject')).toEqual(['[EXTERNAL] Quarterly report']);
    expect(values(stored!, 'X-Scanned')).toEqual(['yes']);
    expect(values(stored!, 'X-Internal')).toEqual([]);
    const ours = (await rewriteMessage(raw, headerEdits)).raw.toString('utf8');
    for (const h of EDITED) expect([h, values(stored!, h)]).toEqual([h, values(ours, h)]);
  });

  test('internal mail (the `when` does not hold): nothing is edited', () => {
    const r = deliver('carol@sales.corp.example', eml('carol@sales.corp.example', ['Subject: Lunch', 'X-Internal: 1']));
    const [stored] = r.stored['INBOX'] ?? [];
    expect(values(stored!, 'Subject')).toEqual(['Lunch']);
    expect(values(stored!, 'X-Internal')).toEqual(['1']);
    expect(values(stored!, 'X-Scanned')).toEqual([]);
  });

  test.each([
    ['no Subject: one with the tag is added', [], ['[EXTERNAL]']],
    ['already tagged (any case): left alone', ['Subject: [external] Re: offer'], ['[external] Re: offer']],
    ['two Subject fields: left alone', ['Subject: a', 'Subject: b'], ['a', 'b']],
  ])('tagSubject, %s, as our rewriter', async (_what, headers, expected) => {
    const raw = eml('dan@elsewhere.example', headers);
    const [stored] = deliver('dan@elsewhere.example', raw).stored['INBOX'] ?? [];
    expect(values(stored!, 'Subject')).toEqual(expected);
    expect(values((await rewriteMessage(raw, headerEdits)).raw.toString('utf8'), 'Subject')).toEqual(expected);
  });

  test('the rules test the original Subject; the junked copy is edited; bounced mail is not stored', () => {
    const junked = deliver('eve@elsewhere.example', eml('eve@elsewhere.example', ['Subject: You won a prize']));
    expect(junked.action).toBe('MOVE_TO_JUNK');
    expect(values(junked.stored['Junk']![0]!, 'Subject')).toEqual(['[EXTERNAL] You won a prize']);
    const bounced = deliver('x@bad.example', eml('x@bad.example', ['Subject: Hi']));
    expect(bounced.action).toBe('BOUNCE');
    expect(bounced.stored).toEqual({});
  });

  test('a tag holding `${` is kept literally, not expanded as a variable', () => {
    const tag = ['[$', '{x} ext]'].join('');
    const odd = exportSieve(rules, { name: 'odd', host: 'dovecot-editheader', rewrite: { edits: [tagSubject(tag)] } });
    const file = box.put('odd.eml', eml('f@elsewhere.example', ['Subject: Hi']));
    const [stored] =
      box.deliver(box.script(odd.script), file, { from: 'f@elsewhere.example', to: 'ann@corp.example' }).stored['INBOX'] ?? [];
    expect(values(stored!, 'Subject')).toEqual([`${tag} Hi`]);
  });

  test('with variables in use, the rules keep their literal `${` too (tests and bounce texts)', () => {
    const curly = ['$', '{x}'].join('');
    const set = defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'curly', when: subject(`cost ${curly}`), then: bounce(`no ${curly} here`) }],
    });
    const s = box.script(exportSieve(set, { name: 'curly', host: 'dovecot-editheader', rewrite: { edits: [tagSubject('[EXT]')] } }).script);
    const run = (subj: string) =>
      box.deliver(s, box.put(`c${subj.length}.eml`, eml('g@elsewhere.example', [`Subject: ${subj}`])), {
        from: 'g@elsewhere.example',
        to: 'ann@corp.example',
      });
    const hit = run(`the cost ${curly} rises`);
    expect([hit.action, hit.bounceMessage]).toEqual(['BOUNCE', `no ${curly} here`]);
    const miss = run('the cost rises');
    expect(miss.action).toBe('DEFAULT');
    expect(values(miss.stored['INBOX']![0]!, 'Subject')).toEqual(['[EXT] the cost rises']);
  });
});

describe('the rewrite in the script and the report', () => {
  test('one report entry per edit: header edits exact, footer and attachments not expressible, with why', () => {
    const entries = exported.report.filter((r) => r.rule.startsWith('rewrite '));
    expect(entries.map((r) => [r.rule, r.status])).toEqual([
      ['rewrite 1: tagSubject "[EXTERNAL]"', 'exact'],
      ['rewrite 2: setHeader X-Scanned', 'exact'],
      ['rewrite 3: removeHeader X-Internal', 'exact'],
      ['rewrite 4: appendFooter', 'not exported'],
      ['rewrite 5: removeAttachments', 'not exported'],
    ]);
    expect(entries[3]!.differences[0]).toMatch(/cannot change the body/);
    expect(exported.script).toMatch(/^# rewrite 4: appendFooter: not exported: /m);
    expect(exported.script).toMatch(/^# rewrite 5: removeAttachments: not exported: /m);
  });

  test('editheader and variables are required only when used', () => {
    const req = (s: string) => /^require \[(.*)\];$/m.exec(s)?.[1] ?? '';
    expect(req(exported.script)).toMatch(/"editheader".*"variables"/);
    const remove = exportSieve(rules, { name: 'r', host: 'dovecot-editheader', rewrite: { edits: [removeHeader('X-Internal')] } }).script;
    expect(req(remove)).toContain('"editheader"');
    expect(req(remove)).not.toContain('"variables"');
    const footerOnly = exportSieve(rules, {
      name: 'f',
      host: 'dovecot-editheader',
      rewrite: { edits: [appendFooter({ text: 'x' })] },
    }).script;
    expect(req(footerOnly)).not.toContain('editheader');
    expect(req(exportSieve(rules, { name: 'n' }).script)).not.toContain('editheader');
  });

  test('a `when` testing the recipient is approximate: WorkMail evaluates it without one', () => {
    const e = exportSieve(rules, {
      name: 'w',
      host: 'dovecot-editheader',
      rewrite: { when: recipient('ann@corp.example'), edits: [removeHeader('X-A')] },
    });
    const entry = e.report.find((r) => r.rule.startsWith('rewrite 1'));
    expect(entry?.status).toBe('approximate');
    expect(entry?.differences.join(' ')).toMatch(/recipient conditions unknown/);
  });
});
