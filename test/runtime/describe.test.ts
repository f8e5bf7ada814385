import {
  asyncHandler,
  body,
  defineRules,
  deliver,
  drop,
  from,
  header,
  HandlerDefinitionError,
  subject,
  syncHandler,
  setHeader,
  tagSubject,
} from '../../lib';
import { asyncHandler as envelopeAsync, syncHandler as envelopeSync } from '../../lib/envelope';

const inbound = defineRules({
  direction: 'INBOUND',
  rules: [
    { name: 'gateway', when: header('X-Gateway-Verdict', 'spam'), then: drop() },
    { name: 'partner', when: from('partner.example'), then: deliver() },
    { name: 'dlp', when: body('secret'), then: drop() },
  ],
});
const outbound = defineRules({ direction: 'OUTBOUND', rules: [{ name: 'subject-only', when: subject('x'), then: drop() }] });

describe('handler descriptions', () => {
  test('a sync handler names the rules that read the message, its direction and the rule set source', () => {
    const d = syncHandler({ rules: inbound }).description;
    expect(d).toMatchObject({
      kind: 'sync',
      direction: 'INBOUND',
      readsMessage: true,
      messageReaders: ['gateway', 'dlp'],
      rewrites: false,
      warnings: [],
    });
    expect(d.rulesSource).toMatch(/describe\.test\.ts:\d+$/);
  });

  test('an envelope-only rule set reads nothing; a rewrite reads and rewrites', () => {
    expect(syncHandler({ rules: outbound }).description).toMatchObject({
      direction: 'OUTBOUND',
      readsMessage: false,
      messageReaders: [],
      rewrites: false,
    });
    expect(syncHandler({ rules: outbound, rewrite: { edits: [tagSubject('[X]')] } }).description).toMatchObject({
      readsMessage: true,
      messageReaders: ['rewrite'],
      rewrites: true,
    });
  });
  test('the rule set and the rewrite (its when and edits, frozen copies) are published for the export', () => {
    const edits = [tagSubject('[X]'), setHeader('X-Checked', 'yes')];
    const d = syncHandler({ rules: outbound, rewrite: { when: from('*.corp.example'), edits } }).description;
    expect(d.rules).toBe(outbound);
    expect(Object.keys(d)).not.toContain('rules');
    expect(d.rewrite).toEqual({ when: from('*.corp.example'), edits: [tagSubject('[X]'), setHeader('X-Checked', 'yes')] });
    edits.push(setHeader('X-Later', '1'));
    expect(d.rewrite?.edits).toHaveLength(2);
    expect(Object.isFrozen(d.rewrite?.edits)).toBe(true);
    const plain = syncHandler({ decide: () => ({ recipients: [] }) }).description;
    expect(plain.rules).toBeUndefined();
    expect(plain.rewrite).toBeUndefined();
  });

  test('the envelope entry cannot read the message; a loader of your own is not a Message Flow read', () => {
    expect(envelopeSync({ rules: outbound }).description).toMatchObject({ readsMessage: false, messageReaders: [] });
    expect(syncHandler({ rules: inbound, loadMessage: async () => Buffer.from('') }).description.readsMessage).toBe(false);
    expect(envelopeAsync(() => undefined).description).toMatchObject({ kind: 'async', readsMessage: false });
    expect(asyncHandler(() => undefined, { direction: 'OUTBOUND' }).description).toMatchObject({
      kind: 'async',
      direction: 'OUTBOUND',
      readsMessage: true,
    });
  });

  test('a decide function may read the message', () => {
    expect(syncHandler({ decide: () => ({ recipients: [] }) }).description).toMatchObject({
      readsMessage: true,
      messageReaders: ['decide'],
    });
  });

  test('rule-set warnings are carried', () => {
    const rules = defineRules({
      direction: 'INBOUND',
      rules: [
        { name: 'catch-all', then: deliver() },
        { name: 'never', when: from('x.example'), then: drop() },
      ],
    });
    expect(syncHandler({ rules }).description.warnings).toEqual([expect.stringContaining('rule "catch-all" has no condition')]);
  });

  test('a direction that differs from the rule set is refused', () => {
    expect(() => syncHandler({ rules: outbound, direction: 'INBOUND' })).toThrow(HandlerDefinitionError);
    expect(() => syncHandler({ rules: outbound, direction: 'INBOUND' })).toThrow(
      /direction INBOUND differs from the rule set's direction OUTBOUND/,
    );
    expect(syncHandler({ rules: outbound, direction: 'OUTBOUND' }).description.direction).toBe('OUTBOUND');
  });

  test('the description is read-only and the handler still works as a function', () => {
    const h = syncHandler({ rules: outbound });
    expect(typeof h).toBe('function');
    expect(() => {
      (h as unknown as { description: unknown }).description = {};
    }).toThrow(TypeError);
  });
});
