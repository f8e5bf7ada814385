/**
 * Each condition with one fixture where it holds and one where it does not (cdk-nag style), then
 * the three-valued combinators, custom conditions and the attachment matcher.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  all,
  any,
  attachment,
  authResult,
  body,
  ConditionError,
  custom,
  from,
  header,
  holds,
  mailFrom,
  matchAttachment,
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
} from '../../lib/engine/conditions';
import { headerCount } from '../fixtures/engine/header-count';
import type { MessageContent } from '../../lib/workmail/message-content';
import { createMessageView } from '../../lib/message/view';
import type { LambdaEventData } from '../../lib/workmail/types';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'engine');
const view = (name: string): MessageContent => createMessageView(() => fs.promises.readFile(path.join(FIX, name)));

const base: LambdaEventData = {
  summaryVersion: '2018-10-10',
  envelope: { mailFrom: { address: 'billing@invoices.example' }, recipients: [{ address: 'alice@corp.example' }] },
  subject: 'Rechnung für November ✓',
  messageId: 'fixture-1',
  invocationId: '0123456789abcdef0123456789abcdef',
  flowDirection: 'INBOUND',
  truncated: false,
};
const event = (patch: Partial<LambdaEventData> = {}): LambdaEventData => ({ ...structuredClone(base), ...patch });
const bounceReport = event({ envelope: { mailFrom: { address: '' }, recipients: [{ address: 'alice@corp.example' }] } });
const onBehalf = event({
  sender: { address: 'assistant@partner.example' },
  envelope: { mailFrom: { address: 'boss@bad.example' }, recipients: [{ address: 'alice@corp.example' }] },
});

type Case = [label: string, condition: Condition, ctx: () => ConditionContext];
const env =
  (e = base, r: string | undefined = 'alice@corp.example') =>
  () => ({ event: e, ...(r ? { recipient: r } : {}) });
const msg =
  (name: string, e = base) =>
  () => ({ event: e, recipient: 'alice@corp.example', message: view(name) });

const holding: Case[] = [
  ['from: mailFrom matches', from('invoices.example'), env()],
  ['from: sender matched first', from('partner.example'), env(onBehalf)],
  ['from: falls back to mailFrom when sender does not match', from('*.bad.example'), env(onBehalf)],
  ['mailFrom', mailFrom('billing@invoices.example'), env()],
  ['sender', sender('assistant@partner.example'), env(onBehalf)],
  ['recipient', recipient('*.corp.example'), env()],
  ['subject: case-insensitive substring', subject('RECHNUNG'), env()],
  ['subject: RegExp', subject(/für\s+nov/i), env()],
  ['header: exists', header('list-unsubscribe'), msg('invoice.eml')],
  ['header: decoded value matches', header('From', 'Françoise'), msg('invoice.eml')],
  ['header: any of repeated fields', header('X-Campaign', /^autumn$/), msg('invoice.eml')],
  ['body: text/plain, decoded', body('décembre'), msg('invoice.eml')],
  ['body: text from HTML', body(/project\s+falcon/i), msg('html-only.eml')],
  ['attachment: extension, any case', attachment({ extension: ['exe', 'js'] }), msg('invoice.eml')],
  [
    'attachment: all fields of one attachment',
    attachment({ name: 'facture.pdf', contentType: 'application/*', minBytes: 3000 }),
    msg('invoice.eml'),
  ],
  ['attachment: any attachment', attachment(), msg('invoice.eml')],
  ['sizeOver', sizeOver(5000), msg('invoice.eml')],
  ['spamVerdict', spamVerdict('FAIL'), msg('invoice.eml')],
  ['virusVerdict', virusVerdict('PASS'), msg('invoice.eml')],
  ['authResult dmarc', authResult('dmarc', 'fail'), msg('invoice.eml')],
  ['authResult spf on a folded line', authResult('spf', 'softfail'), msg('invoice.eml')],
  ['all', all(from('invoices.example'), recipient('alice@corp.example')), env()],
  ['any', any(from('nobody.example'), subject('november')), env()],
  ['not', not(from('corp.example')), env()],
  ['custom (envelope)', custom('long-subject', ({ event: e }) => e.subject.length > 10, { needs: 'envelope' }), env()],
  ['nullSender: empty MAIL FROM', nullSender(), env(bounceReport)],
  ['headerCount (a kind defined in the test tree)', headerCount('X-Campaign', 2), msg('invoice.eml')],
  [
    'custom (message)',
    custom('has-pdf', async ({ message }) => (await message!.attachments()).some((a) => a.contentType === 'application/pdf'), {
      needs: 'message',
    }),
    msg('invoice.eml'),
  ],
];

const failing: Case[] = [
  ['from: neither field matches', from('partner.example'), env()],
  [
    'from: subdomain is not the exact domain',
    from('bad.example'),
    env(event({ envelope: { mailFrom: { address: 'x@mail.bad.example' }, recipients: [] } })),
  ],
  ['mailFrom: the sender does not count', mailFrom('partner.example'), env(onBehalf)],
  ['sender: absent', sender('*'), env()],
  ['recipient', recipient('ceo@corp.example'), env()],
  ['subject', subject('invoice'), env()],
  ['header: missing', header('X-Missing'), msg('invoice.eml')],
  ['header: value does not match', header('X-Campaign', 'winter'), msg('invoice.eml')],
  ['header: body lines are not headers', header('X-Not-A-Header'), msg('invoice.eml')],
  ['body', body('invoice'), msg('invoice.eml')],
  ['body: HTML tags are not text', body('<b>'), msg('html-only.eml')],
  ['attachment: extension', attachment({ extension: 'vbs' }), msg('invoice.eml')],
  ['attachment: fields must hold for the same attachment', attachment({ name: 'facture.pdf', extension: 'exe' }), msg('invoice.eml')],
  ['attachment: none at all', attachment(), msg('plain.eml')],
  ['attachment: minBytes', attachment({ contentType: 'application/pdf', minBytes: 3001 }), msg('invoice.eml')],
  ['sizeOver', sizeOver(1_000_000), msg('invoice.eml')],
  ['spamVerdict', spamVerdict('PASS'), msg('invoice.eml')],
  ['virusVerdict', virusVerdict('FAIL'), msg('invoice.eml')],
  ['authResult dkim', authResult('dkim', 'fail'), msg('invoice.eml')],
  ['authResult: fail is not softfail', authResult('spf', 'fail'), msg('invoice.eml')],
  ['all', all(from('invoices.example'), recipient('bob@corp.example')), env()],
  ['any', any(from('nobody.example'), subject('december')), env()],
  ['not', not(from('invoices.example')), env()],
  ['custom (envelope)', custom('short-subject', ({ event: e }) => e.subject.length < 5, { needs: 'envelope' }), env()],
  ['nullSender: a sender address', nullSender(), env()],
  ['from("*"): the null sender matches no pattern', from('*'), env(bounceReport)],
  ['mailFrom(/^$/): not even a RegExp matching the empty text', mailFrom(/^$/), env(bounceReport)],
  ['headerCount (a kind defined in the test tree)', headerCount('X-Campaign', 3), msg('invoice.eml')],
  [
    'custom (message)',
    custom('has-zip', async ({ message }) => (await message!.attachments()).some((a) => a.contentType === 'application/zip'), {
      needs: 'message',
    }),
    msg('invoice.eml'),
  ],
];

/** Where each kind is unknown; a kind that is never unknown says so by a decided row without recipient or message. */
const unknownRows: [label: string, condition: Condition, ctx: () => ConditionContext, want: boolean | undefined][] = [
  ['recipient: no recipient', recipient('*'), () => ({ event: base }), undefined],
  ['header: no message', header('Subject'), env(), undefined],
  ['headerCount: no message', headerCount('Received', 1), env(), undefined],
  ['nullSender: never unknown (envelope only)', nullSender(), () => ({ event: bounceReport }), true],
];

describe('conditions', () => {
  test.each(holding)('%s: holds', async (_l, c, ctx) => expect(await holds(c, ctx())).toBe(true));
  test.each(failing)('%s: does not hold', async (_l, c, ctx) => expect(await holds(c, ctx())).toBe(false));
  test.each(unknownRows)('%s', async (_l, c, ctx, want) => expect(await holds(c, ctx())).toBe(want));
});

describe('unknown', () => {
  test('a recipient condition without a recipient is unknown', async () => {
    expect(await holds(recipient('*'), { event: base })).toBeUndefined();
  });
  test('content conditions without a message are unknown', async () => {
    for (const c of [
      header('Subject'),
      body('x'),
      attachment(),
      sizeOver(1),
      spamVerdict('FAIL'),
      custom('m', () => true, { needs: 'message' }),
    ]) {
      expect(await holds(c, { event: base, recipient: 'a@corp.example' })).toBeUndefined();
    }
  });
  test('a message that cannot be read makes content conditions unknown', async () => {
    const gone = createMessageView(() => Promise.reject(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' })));
    expect(await holds(header('Subject'), { event: base, message: gone })).toBeUndefined();
    expect(await holds(not(body('x')), { event: base, message: gone })).toBeUndefined();
  });
  test('a custom predicate that throws or returns a non-boolean is unknown', async () => {
    expect(
      await holds(
        custom('boom', () => {
          throw new Error('bug');
        }),
        { event: base },
      ),
    ).toBeUndefined();
    expect(
      await holds(
        custom('odd', () => 'yes' as unknown as boolean),
        { event: base },
      ),
    ).toBeUndefined();
    expect(
      await holds(
        custom('cannot-tell', () => undefined),
        { event: base },
      ),
    ).toBeUndefined();
  });
});

describe('Kleene logic', () => {
  const T = from('*');
  const F = from('nobody.example');
  const U = recipient('*'); // unknown without a recipient
  const ctx = { event: base };
  test.each([
    ['all(T,U)', all(T, U), undefined],
    ['all(F,U)', all(F, U), false],
    ['all(U,U)', all(U, U), undefined],
    ['all()', all(), true],
    ['any(T,U)', any(T, U), true],
    ['any(F,U)', any(F, U), undefined],
    ['any()', any(), false],
    ['not(U)', not(U), undefined],
    ['not(all(F,U))', not(all(F, U)), true],
    ['not(any(T,U))', not(any(T, U)), false],
    ['not(not(T))', not(not(T)), true],
  ] as const)('%s', async (_l, c, want) => expect(await holds(c, ctx)).toBe(want));

  test('not(all(unknown, content-false)) loads the message to tell false from unknown', async () => {
    let loads = 0;
    const message = createMessageView(async () => {
      loads++;
      return fs.promises.readFile(path.join(FIX, 'plain.eml'));
    });
    expect(await holds(not(all(U, header('X-Missing'))), { event: base, message })).toBe(true);
    expect(loads).toBe(1);
  });

  test('all(envelope-false, content) never loads the message', async () => {
    let loads = 0;
    const message = createMessageView(async () => {
      loads++;
      return Buffer.from('Subject: x\r\n\r\n');
    });
    expect(await holds(all(body('x'), header('Subject'), F), { event: base, message })).toBe(false);
    expect(await holds(any(body('x'), T), { event: base, message })).toBe(true);
    expect(loads).toBe(0);
  });
});

describe('invalid conditions', () => {
  test.each([
    ['from("a b")', from('a b'), /spaces/],
    ['recipient()', recipient(), /at least one pattern/],
    ['subject("")', subject(''), /non-empty/],
    ['header("Bad Name")', header('Bad Name'), /not a header field name/],
    ['sizeOver(-1)', sizeOver(-1), /≥ 0/],
    ['attachment({ extension: [] })', attachment({ extension: [] }), /extension/],
    ['attachment({ contentType: "pdf" })', attachment({ contentType: 'pdf' }), /type\/subtype/],
    ['all(not(from("x@y@z")))', all(not(from('x@y@z'))), /one "@"/],
    ['custom without a function', custom('x', 42 as never), /expects a function/],
  ] as const)('%s throws ConditionError from holds()', async (_l, c, why) => {
    const err = await holds(c, { event: base }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionError);
    expect((err as ConditionError).code).toBe('INVALID_CONDITION');
    expect((err as Error).message).toMatch(why);
  });
});

describe('matchAttachment', () => {
  const pdf = { filename: 'Report.PDF', contentType: 'application/pdf', size: 2048 };
  test('each field, alone and together', () => {
    expect(matchAttachment({ extension: '.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: 'report.pdf' }, pdf)).toBe(true);
    expect(matchAttachment({ name: /^report/i, contentType: /pdf$/ }, pdf)).toBe(true);
    expect(matchAttachment({ contentType: 'application/pdf; name=x' }, pdf)).toBe(false);
    expect(matchAttachment({ contentType: 'APPLICATION/PDF' }, { ...pdf, contentType: 'application/pdf; name="x"' })).toBe(true);
    expect(matchAttachment({ minBytes: 2049 }, pdf)).toBe(false);
    expect(matchAttachment({ extension: 'pdf' }, { contentType: 'application/pdf', size: 1 })).toBe(false);
    expect(matchAttachment({ extension: 'pdf' }, { filename: '.pdf', contentType: 'application/pdf', size: 1 })).toBe(false);
    expect(matchAttachment({}, pdf)).toBe(true);
  });
});
