/** Rule names as dimension values, and the EMF structure check itself. */
import type { Context } from 'aws-lambda';
import { defineRules, from, junk, syncHandler } from '../../lib';
import { metricsOf } from '../../lib/local/metrics-of';
import { dimensionValue, emfDocuments } from '../../lib/runtime/metrics';
import { MAX_DIMENSION_VALUE, METRIC } from '../../lib/workmail/metric-names';
import { documentedEvent } from '../fixtures/workmail/malformed';
import { emfProblems } from './emf-structure';

const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'req', functionName: 'f' } as unknown as Context;

describe('rule names as dimension values', () => {
  test('valid names pass unchanged', () => {
    expect(dimensionValue('block-bad-domain')).toBe('block-bad-domain');
    expect(dimensionValue('Rule 7: partners (EU)')).toBe('Rule 7: partners (EU)');
  });

  test('accents dropped, other characters replaced, a hash tag keeps mapped names distinct', () => {
    const a = dimensionValue('Prüfung 📧');
    expect(a).toMatch(/^Prufung _+~[0-9a-f]{8}$/);
    expect(dimensionValue('Prüfung 📨')).not.toBe(a);
    expect(dimensionValue('日本')).toMatch(/^unnamed~[0-9a-f]{8}$/);
    expect(dimensionValue('   ')).toBe('unnamed');
    expect(dimensionValue('tab\there')).toMatch(/^tab_here~/);
  });

  test('long names are cut to 255 characters, distinct ones stay distinct', () => {
    const long = 'r'.repeat(400);
    const v = dimensionValue(long);
    expect(v.length).toBeLessThanOrEqual(MAX_DIMENSION_VALUE);
    expect(dimensionValue(long + 'x')).not.toBe(v);
  });

  test('a mapped rule name still gives a valid document', async () => {
    const lines: string[] = [];
    const odd = defineRules({ direction: 'INBOUND', rules: [{ name: `Spam 🚫 ${'x'.repeat(300)}`, when: from('*'), then: junk() }] });
    await syncHandler({ rules: odd, logger: { sink: () => undefined }, metrics: { sink: (l) => lines.push(l) } })(
      structuredClone(documentedEvent),
      context,
    );
    const docs = lines.map((l) => JSON.parse(l));
    for (const d of docs) expect(emfProblems(d)).toEqual([]);
    const hit = metricsOf(docs).find((v) => v.name === METRIC.ruleHits)!;
    expect(hit.dimensions.Rule!.length).toBeLessThanOrEqual(MAX_DIMENSION_VALUE);
  });
});

describe('emfDocuments', () => {
  test('the structure check rejects a broken document, so the checks above can fail', () => {
    const [doc] = emfDocuments('NS', { Function: 'f' }, [{ name: 'Invocations', value: 1 }], 1_700_000_000_000);
    expect(emfProblems(doc)).toEqual([]);
    expect(emfProblems({ ...doc, Function: 7 })).toEqual(['_aws.CloudWatchMetrics[0].Dimensions[0]: member Function is not a string']);
    expect(emfProblems({ ...doc, Invocations: 'one' })).toEqual([
      '_aws.CloudWatchMetrics[0].Metrics Invocations: the member is not a number',
    ]);
    expect(emfProblems({ ...doc, _aws: { ...doc!._aws, Timestamp: '2024' } })).toEqual(['_aws.Timestamp is not an epoch time in ms']);
  });
});
