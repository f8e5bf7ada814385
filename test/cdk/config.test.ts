import { Stack } from 'aws-cdk-lib';
import {
  ConfigError,
  RewriteBucket,
  WorkMailRuleFunction,
  WorkMailRulesStack,
  configFromContext,
  parseConfig,
  stackNameFromContext,
} from '../../lib/cdk';
import { mergeOverrides, parseContextFlags } from '../../lib/cdk/config/context';
import { ORG_A, ORG_B, REPO_ROOT, SYNC_HANDLER, appWithoutBundling, sampleConfig } from './stack-fixture';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  test('applies the defaults', () => {
    const config = parseConfig(sampleConfig());
    expect(config.logRetentionDays).toBe(30);
    expect(config.functions['inbound']).toEqual({
      entry: SYNC_HANDLER,
      rule: 'sync',
      direction: 'INBOUND',
      readsMessage: true,
      rewrite: true,
      memoryMb: 1024,
      timeoutSeconds: 12,
    });
    expect(config.functions['outbound']).toMatchObject({ readsMessage: true, rewrite: false, memoryMb: 256, timeoutSeconds: 12 });
    expect(config.functions['audit-log']).toMatchObject({ readsMessage: false, rewrite: false, memoryMb: 256, timeoutSeconds: 60 });
  });

  test('rewrite implies readsMessage', () => {
    const input = sampleConfig();
    delete input.functions['inbound']!.readsMessage;
    expect(parseConfig(input).functions['inbound']!.readsMessage).toBe(true);
  });

  const cases: [string, (c: any) => void, string, RegExp][] = [
    [
      'region',
      (c) => {
        c.region = 'eu-central-1';
      },
      'workmail.region',
      /"us-east-1", "us-west-2", "eu-west-1"/,
    ],
    [
      'missing region',
      (c) => {
        delete c.region;
      },
      'workmail.region',
      /got nothing; allowed values/,
    ],
    [
      'organization id',
      (c) => {
        c.organizations = [ORG_A, 'm-XYZ'];
      },
      'workmail.organizations[1]',
      /\^m-\[0-9a-f\]\{32\}\$/,
    ],
    [
      'uppercase organization id',
      (c) => {
        c.organizations = [ORG_A.toUpperCase().replace('M-', 'm-')];
      },
      'workmail.organizations[0]',
      /m-/,
    ],
    [
      'duplicate organization',
      (c) => {
        c.organizations = [ORG_A, ORG_A];
      },
      'workmail.organizations[1]',
      /listed twice/,
    ],
    [
      'no organizations',
      (c) => {
        c.organizations = [];
      },
      'workmail.organizations',
      /non-empty list/,
    ],
    [
      'no functions',
      (c) => {
        c.functions = {};
      },
      'workmail.functions',
      /one or more/,
    ],
    [
      'rule',
      (c) => {
        c.functions.inbound.rule = 'synchronous';
      },
      'workmail.functions.inbound.rule',
      /"sync", "async"/,
    ],
    [
      'direction',
      (c) => {
        c.functions.outbound.direction = 'outbound';
      },
      'workmail.functions.outbound.direction',
      /"INBOUND", "OUTBOUND"/,
    ],
    [
      'entry',
      (c) => {
        c.functions.outbound.entry = 'handlers/outbound.py';
      },
      'workmail.functions.outbound.entry',
      /ending in \.ts/,
    ],
    [
      'boolean',
      (c) => {
        c.functions.outbound.readsMessage = 'yes';
      },
      'workmail.functions.outbound.readsMessage',
      /true, false/,
    ],
    [
      'sync timeout 15',
      (c) => {
        c.functions.inbound.timeoutSeconds = 15;
      },
      'workmail.functions.inbound.timeoutSeconds',
      /from 1 to 14.*15 s/,
    ],
    [
      'async timeout',
      (c) => {
        c.functions['audit-log'].timeoutSeconds = 901;
      },
      'workmail.functions.audit-log.timeoutSeconds',
      /from 1 to 900/,
    ],
    [
      'memory',
      (c) => {
        c.functions.inbound.memoryMb = 64;
      },
      'workmail.functions.inbound.memoryMb',
      /from 128 to 10240/,
    ],
    [
      'fractional memory',
      (c) => {
        c.functions.inbound.memoryMb = 256.5;
      },
      'workmail.functions.inbound.memoryMb',
      /an integer/,
    ],
    [
      'async rewrite',
      (c) => {
        c.functions['audit-log'].rewrite = true;
      },
      'workmail.functions.audit-log.rewrite',
      /needs rule "sync"/,
    ],
    [
      'unknown function key',
      (c) => {
        c.functions.inbound.timeout = 10;
      },
      'workmail.functions.inbound.timeout',
      /allowed keys: entry, rule, direction/,
    ],
    [
      'unknown top key',
      (c) => {
        c.organisation = ORG_A;
      },
      'workmail.organisation',
      /allowed keys: region, organizations, functions, logRetentionDays/,
    ],
    [
      'function name',
      (c) => {
        c.functions['in bound'] = c.functions.inbound;
      },
      'workmail.functions.in bound',
      /must match/,
    ],
    [
      'name clash',
      (c) => {
        c.functions['auditLog'] = c.functions['audit-log'];
      },
      'workmail.functions.auditLog',
      /same resource name "AuditLog"/,
    ],
    [
      'log retention',
      (c) => {
        c.logRetentionDays = 31;
      },
      'workmail.logRetentionDays',
      /1, 3, 5, 7, 14, 30/,
    ],
  ];
  test.each(cases)('rejects a wrong %s, naming the key and the allowed values', (_, mutate, key, message) => {
    const input = structuredClone(sampleConfig()) as any;
    mutate(input);
    const error = configError(() => parseConfig(input));
    expect(error.code).toBe('CDK_CONFIG');
    expect(error.key).toBe(key);
    expect(error.message.startsWith(`${key}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  test('rejects a configuration that is not an object', () => {
    expect(configError(() => parseConfig('us-east-1')).key).toBe('workmail');
  });
});

describe('context and -c overrides', () => {
  const base = { workmail: sampleConfig([ORG_A]) };

  test('cdk.json context alone', () => {
    expect(configFromContext(base).organizations).toEqual([ORG_A]);
  });

  test('-c workmail=<JSON> replaces the whole configuration', () => {
    const replaced = { ...sampleConfig([ORG_B]), region: 'us-west-2' };
    const config = configFromContext({ workmail: JSON.stringify(replaced) });
    expect(config.region).toBe('us-west-2');
    expect(config.organizations).toEqual([ORG_B]);
    expect(configError(() => configFromContext({ workmail: '{not json' })).message).toMatch(/^workmail: is not valid JSON/);
  });

  test('dotted overrides: region, organizations (comma list or JSON), retention, function fields', () => {
    const config = configFromContext({
      ...base,
      'workmail.region': 'eu-west-1',
      'workmail.organizations': `${ORG_A}, ${ORG_B}`,
      'workmail.logRetentionDays': '90',
      'workmail.functions.outbound.timeoutSeconds': '10',
      'workmail.functions.outbound.readsMessage': 'false',
      'workmail.functions.audit-log.memoryMb': '512',
    });
    expect(config.region).toBe('eu-west-1');
    expect(config.organizations).toEqual([ORG_A, ORG_B]);
    expect(config.logRetentionDays).toBe(90);
    expect(config.functions['outbound']).toMatchObject({ timeoutSeconds: 10, readsMessage: false });
    expect(config.functions['audit-log']!.memoryMb).toBe(512);
    expect(configFromContext({ ...base, 'workmail.organizations': JSON.stringify([ORG_B]) }).organizations).toEqual([ORG_B]);
    // the cdk.json object is not changed by an override
    expect(base.workmail.region).toBe('us-east-1');
  });

  test('events: a folder or glob, a list, or a comma list from -c; anything else is rejected', () => {
    const input = sampleConfig();
    input.functions['inbound']!.events = 'events/inbound/**/*.json';
    input.functions['outbound']!.events = ['events/outbound', 'more/outbound'];
    const config = parseConfig(input);
    expect(config.functions['inbound']!.events).toEqual(['events/inbound/**/*.json']);
    expect(config.functions['outbound']!.events).toEqual(['events/outbound', 'more/outbound']);
    expect(config.functions['audit-log']!.events).toBeUndefined();
    expect(configFromContext({ ...base, 'workmail.functions.outbound.events': 'a, b/*.json' }).functions['outbound']!.events).toEqual([
      'a',
      'b/*.json',
    ]);
    input.functions['outbound']!.events = [];
    expect(configError(() => parseConfig(input)).key).toBe('workmail.functions.outbound.events');
  });

  test('an override still goes through validation', () => {
    const e = configError(() => configFromContext({ ...base, 'workmail.functions.inbound.timeoutSeconds': '15' }));
    expect(e.key).toBe('workmail.functions.inbound.timeoutSeconds');
    expect(configError(() => configFromContext({ ...base, 'workmail.functions.inbound.rewrite': 'yes' })).message).toMatch(/true, false/);
  });

  test('unsupported override keys are rejected, not ignored', () => {
    const e = configError(() => mergeOverrides({ ...base, 'workmail.orgs': ORG_A }));
    expect(e.key).toBe('workmail.orgs');
    expect(e.message).toMatch(/workmail\.functions\.<name>\.<entry\|rule/);
    expect(configError(() => mergeOverrides({ ...base, 'workmail.functions.inbound.timeout': '3' })).key).toBe(
      'workmail.functions.inbound.timeout',
    );
  });

  test('a missing workmail context names the key and where to set it', () => {
    expect(configError(() => configFromContext({})).message).toMatch(/^workmail: is missing; add a "workmail" object to cdk.json/);
  });

  test('parseContextFlags splits at the first "=" like the cdk CLI', () => {
    expect(parseContextFlags(['workmail={"a":"b=c"}', 'x=1'])).toEqual({ workmail: '{"a":"b=c"}', x: '1' });
    expect(configError(() => parseContextFlags(['novalue'])).key).toBe('novalue');
  });

  test('a missing handler file is a ConfigError naming the entry key', () => {
    const config = sampleConfig();
    config.functions['outbound']!.entry = 'handlers/does-not-exist.ts';
    const e = configError(() => new WorkMailRulesStack(appWithoutBundling(), 'S', { config, projectRoot: REPO_ROOT }));
    expect(e.key).toBe('workmail.functions.outbound.entry');
    expect(e.message).toContain(`no file at ${REPO_ROOT}/handlers/does-not-exist.ts`);
  });

  test('a deployed function name over 64 characters is a ConfigError, not a silent truncation', () => {
    const config = sampleConfig();
    const long = 'a'.repeat(40);
    config.functions[long] = config.functions['outbound']!;
    const stack = () => new WorkMailRulesStack(appWithoutBundling(), 'S'.repeat(30), { config, projectRoot: REPO_ROOT });
    const e = configError(stack);
    expect(e.key).toBe(`workmail.functions.${long}`);
    expect(e.message).toMatch(/has 71 characters; Lambda allows 64/);
  });

  test('stack name from context', () => {
    expect(stackNameFromContext({})).toBe('WorkMailRules');
    expect(stackNameFromContext({ 'workmail:stackName': 'MailRules' })).toBe('MailRules');
    expect(configError(() => stackNameFromContext({ 'workmail:stackName': 'bad name' })).key).toBe('workmail:stackName');
  });
});

describe('WorkMailRuleFunction used directly', () => {
  const base = {
    entry: SYNC_HANDLER,
    rule: 'sync' as const,
    direction: 'INBOUND' as const,
    region: 'us-east-1',
    organizations: [ORG_A],
    projectRoot: REPO_ROOT,
  };

  test('validates like the configuration and names the construct path', () => {
    const stack = new Stack(appWithoutBundling(), 'S');
    const e = configError(() => new WorkMailRuleFunction(stack, 'Fn', { ...base, timeoutSeconds: 15 }));
    expect(e.key).toBe('S/Fn.timeoutSeconds');
    expect(configError(() => new WorkMailRuleFunction(stack, 'Fn2', { ...base, rewrite: true })).key).toBe('S/Fn2.rewriteBucket');
    expect(configError(() => new WorkMailRuleFunction(stack, 'Fn3', { ...base, region: 'eu-central-1' })).key).toBe('S/Fn3.region');
    expect(configError(() => new WorkMailRuleFunction(stack, 'Fn4', { ...base, organizations: ['m-1'] })).key).toBe(
      'S/Fn4.organizations[0]',
    );
    const bucket = new RewriteBucket(stack, 'Staging', { region: 'us-east-1', organizations: [ORG_A] });
    const e5 = configError(
      () => new WorkMailRuleFunction(stack, 'Fn5', { ...base, rewrite: true, rewriteBucket: bucket, organizations: [ORG_A, ORG_B] }),
    );
    expect(e5.key).toBe('S/Fn5.organizations');
    expect(e5.message).toContain(`${ORG_B} not in the RewriteBucket's organizations`);
  });
});
