/**
 * The dashboard on the synthesized template: one per stack, its widgets plot the metrics the
 * handlers write (names from the shared definition), and the README's rendering is this stack's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { WorkMailConfigInput } from '../../lib/cdk';
import { dashboardBodyOf, renderDashboardLayout, widgetMetrics } from '../../lib/cdk/dashboard-layout';
import { DEFAULT_METRICS_NAMESPACE, METRIC } from '../../lib/workmail/metric-names';
import { REPO_ROOT, buildStack, sampleConfig } from './stack-fixture';

const withMonitoring = (monitoring: unknown): WorkMailConfigInput => ({ ...sampleConfig(), monitoring }) as WorkMailConfigInput;

describe('the dashboard', () => {
  const { stack } = buildStack(sampleConfig());
  const t = Template.fromStack(stack);
  const dash = Object.values(t.findResources('AWS::CloudWatch::Dashboard')) as any[];
  const body = dashboardBodyOf(stack.resolve(dash[0].Properties.DashboardBody));

  test('one per stack, named after it', () => {
    expect(dash).toHaveLength(1);
    expect(dash[0].Properties.DashboardName).toBe('WorkMailRules');
  });

  test('every widget plots metrics the handlers emit, from the shared definition, or Lambda and SQS metrics', () => {
    const emitted = new Set<string>(Object.values(METRIC));
    const names = body.widgets.flatMap((w) => widgetMetrics(w));
    for (const n of names)
      expect(emitted.has(n) || /^AWS\/(Lambda|SQS) /.test(n) || /^top 10 SUM\((RuleHits|AuditHits)\)$/.test(n)).toBe(true);
    for (const m of [METRIC.invocations, METRIC.fallbacks, METRIC.decisions, METRIC.durationMs, METRIC.rewrites])
      expect(names).toContain(m);
    const text = JSON.stringify(body);
    expect(text).toContain(`SELECT SUM(${METRIC.ruleHits}) FROM SCHEMA(\\"${DEFAULT_METRICS_NAMESPACE}\\", Direction, Function, Rule)`);
    for (const w of body.widgets)
      for (const e of (w.properties?.metrics ?? []) as unknown[][])
        if (typeof e[1] === 'string' && e[0] !== 'AWS/Lambda' && e[0] !== 'AWS/SQS') expect(e[0]).toBe(DEFAULT_METRICS_NAMESPACE);
  });

  test("the duration widgets mark each function's timeout", () => {
    const inbound = body.widgets.find((w) => w.properties?.title === 'Duration vs deadline: inbound') as any;
    expect(inbound.properties.annotations.horizontal.map((a: any) => a.value)).toEqual([12_000, 10_000]);
  });

  test('docs/operations.md shows this layout', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
    expect(readme).toContain(renderDashboardLayout(body));
  });

  test('dashboard: false leaves it out', () => {
    Template.fromStack(buildStack(withMonitoring({ dashboard: false })).stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});
