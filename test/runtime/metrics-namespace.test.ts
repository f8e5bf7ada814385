/** The EMF namespace is checked where the handler is defined, with CloudWatch's rules. */
import { asyncHandler, syncHandler } from '../../lib';
import { availabilityHandler } from '../../lib/availability';
import { MetricsNamespaceError, metricsSettings, namespaceProblem } from '../../lib/runtime/metrics';

const lookup = () => ({ error: 'MailboxNotFound' as const });
const define = {
  sync: (namespace: string) => syncHandler({ decide: () => ({ actions: [] }), metrics: { namespace } } as never),
  async: (namespace: string) => asyncHandler(() => undefined, { metrics: { namespace } } as never),
  availability: (namespace: string) => availabilityHandler(lookup, { metrics: { namespace } }),
};

function definitionError(fn: () => unknown): MetricsNamespaceError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MetricsNamespaceError);
    expect((err as MetricsNamespaceError).code).toBe('METRICS_NAMESPACE');
    return err as MetricsNamespaceError;
  }
  throw new Error('expected a MetricsNamespaceError');
}

describe('metrics namespace', () => {
  const bad: [string, string, RegExp][] = [
    ['a newline', 'Work\nMail', /control character U\+000A/],
    ['300 characters', 'N'.repeat(300), /has 300 characters \(at most 255\)/],
    ['the reserved AWS/ prefix', 'AWS/Lambda', /starts with "AWS\/"/],
    ['nothing', '', /is empty/],
    ['a space', 'Work Mail', /contains " "/],
    ['a non-ASCII letter', 'Wörk', /contains "ö"/],
  ];

  test.each(bad)('%s is refused at definition by every handler, naming the rule', (_what, namespace, rule) => {
    for (const fn of Object.values(define)) {
      const err = definitionError(() => fn(namespace));
      expect(err.message).toMatch(rule);
      expect(err.message).toContain('metrics.namespace');
      expect(err.message).toContain('https://docs.aws.amazon.com/AmazonCloudWatch/');
    }
  });

  test('valid namespaces are accepted, up to 255 characters', () => {
    for (const ns of ['WorkMailRules', 'My/App-1.0:x#y_z', 'N'.repeat(255), 'aws/lowercase-is-not-reserved']) {
      expect(namespaceProblem(ns)).toBeUndefined();
      expect(metricsSettings({ namespace: ns }, {}).namespace).toBe(ns);
      expect(typeof define.availability(ns)).toBe('function');
    }
  });

  test('the environment variable is checked the same way, and names itself', () => {
    const err = definitionError(() => metricsSettings({ namespace: 'Fine' }, { WORKMAIL_RULES_METRICS_NAMESPACE: 'AWS/WorkMail' }));
    expect(err.message).toContain('WORKMAIL_RULES_METRICS_NAMESPACE');
    expect(metricsSettings(undefined, {}).namespace).toBe('WorkMailRules');
  });
});
