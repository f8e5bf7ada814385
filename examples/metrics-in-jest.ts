/** The metrics an invocation would emit, read in a test (docs/operations.md, "Metrics"). */
// #region metrics
import { metricsOf, replay, ruleHitsOf } from '../lib/local';
import '../lib/local/jest-setup';

test('newsletters to the CEO go to junk', async () => {
  const result = await replay('handlers/inbound.ts', 'events/inbound/ceo-newsletter.json');
  expect(result).toHaveRuleHit('ceo-bulk-to-junk'); // matcher from workmail-rules/jest
  expect(result).toEmitMetric('Rewrites', { Outcome: 'rewritten' }, 1);
  expect(ruleHitsOf(result)).toEqual({ 'ceo-bulk-to-junk': 1 });
  metricsOf(result); // [{ namespace, name, unit, value, dimensions }], also from EMF lines captured from stdout
});
// #endregion metrics
