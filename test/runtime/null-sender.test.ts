/**
 * A delivery report carries the null sender (`mailFrom.address: ""`). It is a valid event: the
 * rules decide it (here the sample rules' virus rule drops it) instead of the fallback delivering it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLocalContext } from '../../lib/local/context';
import { syncHandler } from '../../lib/runtime/handlers';
import type { LogSink } from '../../lib/runtime/log';
import inboundRules from '../../rules/inbound';

const FIX = path.resolve(__dirname, '..', 'fixtures', 'workmail');

test('a virus-flagged delivery report with the null sender is dropped by the rules, not delivered by the fallback', async () => {
  const event = JSON.parse(fs.readFileSync(path.join(FIX, 'delivery-report.json'), 'utf8'));
  const lines: Record<string, unknown>[] = [];
  const handler = syncHandler({
    rules: inboundRules,
    loadMessage: async () => fs.promises.readFile(path.join(FIX, 'delivery-report.eml')),
    logger: { sink: ((line: Record<string, unknown>) => lines.push(line)) as LogSink },
  });
  const response = await handler(event, createLocalContext());
  expect(response).toEqual({ actions: [{ action: { type: 'DROP' }, allRecipients: true }] });
  const decisionLine = lines.find((l) => l.eventName === 'RUN_LAMBDA_DECISION');
  expect(decisionLine?.fallbackUsed).toBe(false);
});
