/** Bounded logs: every string from the event or the message is capped, and a line stays under 16 KB. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deliver } from '../../lib/engine/actions';
import { defineRules } from '../../lib/engine/rules';
import { createLocalContext } from '../../lib/local/context';
import { boundLine, cutString, LOG_BOUNDS } from '../../lib/runtime/log';
import { syncHandler } from '../../lib/runtime/handlers';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';

const EVENT = JSON.parse(readFileSync(path.join(EVENTS_PEER_DIR, 'workmail-update-email.json'), 'utf8'));
const size = (line: unknown) => Buffer.byteLength(JSON.stringify(line));

describe('log lines are bounded', () => {
  test('a 1 MB summaryVersion gives a line under 16 KB with the ids kept', async () => {
    const lines: Record<string, unknown>[] = [];
    const handler = syncHandler({
      rules: defineRules({ direction: 'INBOUND', rules: [], otherwise: deliver() }),
      logger: { subject: true, sink: (l) => lines.push(l) },
    });
    const event = { ...structuredClone(EVENT), summaryVersion: 'v'.repeat(1_000_000) };
    await handler(event, createLocalContext());
    const line = lines.find((l) => l.eventName === 'RUN_LAMBDA_DECISION')!;
    expect(size(line)).toBeLessThan(16 * 1024);
    expect(line.messageId).toBe(EVENT.messageId);
    expect(String(line.summaryVersion)).toMatch(/^v{512}…\(1000000 chars\)$/);
  });

  test('deep, wide and long values are capped; an oversized line drops its largest fields and says so', () => {
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'x'.repeat(2_000)]));
    const line = boundLine({ eventName: 'E', messageId: 'm', list: Array.from({ length: 1_000 }, () => 'y'.repeat(600)), wide });
    expect(size(line)).toBeLessThan(LOG_BOUNDS.maxLine);
    expect(line.eventName).toBe('E');
    expect(line.messageId).toBe('m');
    expect((line as Record<string, unknown>).logTruncated).toEqual(expect.arrayContaining(['list']));
  });

  test('strings are cut at a code point, never leaving a lone surrogate', () => {
    const s = `${'a'.repeat(9)}😀tail`;
    expect(cutString(s, 10)).toBe('a'.repeat(9));
    expect(cutString(s, 11)).toBe(`${'a'.repeat(9)}😀`);
  });
});
