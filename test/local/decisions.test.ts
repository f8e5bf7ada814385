import { decisionFor, decisionRows, decisionsFromDecision, decisionsFromResponse, type ReplayDecision } from '../../lib/local/decisions';

describe('replay decisions', () => {
  test('from a Decision: recipients, residual as *, copies as added DEFAULT (with their rule when given)', () => {
    const d = decisionsFromDecision({
      recipients: [
        { address: 'a@corp.example', action: { type: 'BOUNCE', parameters: { bounceMessage: 'no' } }, rule: 'r1' },
        { address: 'b@corp.example', action: { type: 'DEFAULT' } },
      ],
      residual: { type: 'DROP' },
      residualRule: 'r2',
      copies: ['legal@corp.example', { address: 'audit@corp.example', rule: 'r3' }] as unknown as string[],
    });
    expect(d).toEqual([
      { recipient: 'a@corp.example', action: 'BOUNCE', rule: 'r1', bounceMessage: 'no' },
      { recipient: 'b@corp.example', action: 'DEFAULT' },
      { recipient: '*', action: 'DROP', rule: 'r2' },
      { recipient: 'legal@corp.example', action: 'DEFAULT', copy: true },
      { recipient: 'audit@corp.example', action: 'DEFAULT', rule: 'r3', copy: true },
    ]);
  });

  test('from any response: listed recipients and allRecipients as *; junk is ignored', () => {
    expect(
      decisionsFromResponse({
        actions: [
          { action: { type: 'DROP' }, recipients: ['x@corp.example'] },
          { action: { type: 'BOUNCE', parameters: { bounceMessage: 'bye' } }, allRecipients: true },
          { nonsense: true },
        ],
      }),
    ).toEqual([
      { recipient: 'x@corp.example', action: 'DROP' },
      { recipient: '*', action: 'BOUNCE', bounceMessage: 'bye' },
    ]);
    expect(decisionsFromResponse(undefined)).toEqual([]);
  });

  test('decisionFor compares case-insensitively and falls back to *', () => {
    const ds: ReplayDecision[] = [
      { recipient: 'CEO@Corp.Example', action: 'MOVE_TO_JUNK' },
      { recipient: '*', action: 'DEFAULT' },
    ];
    expect(decisionFor(ds, 'ceo@corp.example')?.action).toBe('MOVE_TO_JUNK');
    expect(decisionFor(ds, 'other@corp.example')?.recipient).toBe('*');
    expect(decisionFor([], 'other@corp.example')).toBeUndefined();
  });

  test('long lists group big same-outcome groups into one row and keep the rest', () => {
    const ds: ReplayDecision[] = Array.from({ length: 40 }, (_, i) => ({ recipient: `u${i}@corp.example`, action: 'DEFAULT' as const }));
    ds.splice(7, 0, { recipient: 'bad@blocked.example', action: 'BOUNCE', rule: 'block' });
    const rows = decisionRows(ds);
    expect(rows.map((r) => `${r.recipient}|${r.action}|${r.rule}`)).toEqual([
      'u0@corp.example and 39 more|DEFAULT|-',
      'bad@blocked.example|BOUNCE|block',
    ]);
    expect(decisionRows(ds.slice(0, 5))).toHaveLength(5);
  });
});
