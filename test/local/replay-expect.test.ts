/**
 * Strict expectations: the schema rejects unknown keys and action names, every recipient of an event
 * that is not truncated must be listed, bounce messages and rewrites can be asserted; `--update`
 * writes them (and refuses under CI=true); broken inputs give one message naming the file, exit 2.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runReplayCommand } from '../../lib/local/cli/run';
import { schemaProblems } from '../../lib/local/cli/schemas';
import { fakeIO } from './replay-io';

const root = path.resolve(__dirname, '..', '..');
const local = path.join(root, 'test', 'fixtures', 'local');
const tiny = path.join(local, 'handlers', 'tiny.ts');
const inboundHandler = path.join(root, 'handlers', 'inbound.ts');

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-expect-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the mixed event (5 recipients: DEFAULT, BOUNCE, DROP, MOVE_TO_JUNK, BYPASS_SPAM_CHECK) with the given expectation. */
function mixedWith(expectation: unknown): string {
  const dir = tmp();
  fs.copyFileSync(path.join(local, 'events', 'mixed.json'), path.join(dir, 'mixed.json'));
  fs.writeFileSync(path.join(dir, 'mixed.expect.json'), typeof expectation === 'string' ? expectation : JSON.stringify(expectation));
  return dir;
}

const ALL = {
  'bob@corp.example': 'DEFAULT',
  'bounce-me@corp.example': 'BOUNCE',
  'drop-me@corp.example': 'DROP',
  'junk-me@corp.example': 'MOVE_TO_JUNK',
  'vip@corp.example': 'BYPASS_SPAM_CHECK',
};

async function run(args: string[], env: Record<string, string> = {}, cwd = root) {
  const t = fakeIO(false, cwd, env);
  const code = await runReplayCommand(args, t.io);
  return { code, out: t.out(), err: t.err() };
}

describe('the expectation schema', () => {
  test('valid: actions only; with rules, bounce messages and a rewrite', () => {
    expect(schemaProblems('expect', { actions: ALL })).toEqual([]);
    expect(
      schemaProblems('expect', {
        $schema: '../../schemas/expect.schema.json',
        actions: { '*': 'DROP', 'a@b.example': 'BOUNCE' },
        rules: { 'a@b.example': 'r', '*': null },
        bounceMessages: { 'a@b.example': 'No.' },
        rewritten: true,
        rewrite: { subject: '[X] Hi', footerContains: 'outside' },
      }),
    ).toEqual([]);
  });

  test('invalid: unknown keys, unknown actions, non-addresses, a rewrite without rewritten: true, no actions', () => {
    expect(schemaProblems('expect', { actions: ALL, rule: {} })).toEqual(['(root): unknown key "rule"']);
    expect(schemaProblems('expect', { actions: { 'a@b.example': 'JUNK' } })).toEqual([
      'actions.a@b.example: must be one of DEFAULT, BOUNCE, DROP, MOVE_TO_JUNK, BYPASS_SPAM_CHECK',
    ]);
    expect(schemaProblems('expect', { actions: { alice: 'DROP' } })).toEqual(['actions: key "alice" is not a recipient address or "*"']);
    expect(schemaProblems('expect', { actions: ALL, rewrite: { subject: 'x' } })).toEqual([
      "(root): must have required property 'rewritten'",
    ]);
    expect(schemaProblems('expect', { actions: ALL, rewritten: false, rewrite: { subject: 'x' } })).toEqual(['rewritten: must be true']);
    expect(schemaProblems('expect', { actions: ALL, rewrite: {}, rewritten: true })).toEqual([
      'rewrite: must NOT have fewer than 1 properties',
    ]);
    expect(schemaProblems('expect', { rules: {} })).toEqual(["(root): must have required property 'actions'"]);
  });
});

describe('replay --check with strict expectations', () => {
  test('an unknown key or action name is an error naming the file (exit 2)', async () => {
    const r = await run([mixedWith({ actions: ALL, rule: { 'vip@corp.example': 'vip' } }), '--handler', tiny, '--check']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /mixed\.expect\.json does not match the expectation schema \(workmail-rules docs\/testing\.md, "Expectations"\):\n {2}\(root\): unknown key "rule"/,
    );
    const junk = await run([mixedWith({ actions: { ...ALL, 'junk-me@corp.example': 'JUNK' } }), '--handler', tiny, '--check']);
    expect(junk.code).toBe(2);
    expect(junk.err).toContain('actions.junk-me@corp.example: must be one of');
  });

  test('a recipient missing from the expectation of a non-truncated event is a difference', async () => {
    const { 'vip@corp.example': _vip, ...four } = ALL;
    const r = await run([mixedWith({ actions: four }), '--handler', tiny, '--check']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'check: vip@corp.example: no expected action (every recipient of an event that is not truncated must be listed)',
    );
  });

  test('bounce messages and rewritten are asserted', async () => {
    const ok = await run([
      mixedWith({ actions: ALL, bounceMessages: { 'bounce-me@corp.example': 'Not accepted here.' }, rewritten: false }),
      '--handler',
      tiny,
      '--check',
    ]);
    expect(ok.out).toContain('check: ok');
    expect(ok.code).toBe(0);
    const bad = await run([
      mixedWith({ actions: ALL, bounceMessages: { 'bounce-me@corp.example': 'Go away.', 'bob@corp.example': 'x' }, rewritten: true }),
      '--handler',
      tiny,
      '--check',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('check: bounce-me@corp.example: expected bounce message "Go away.", got "Not accepted here."');
    expect(bad.out).toContain('check: bob@corp.example: expected a bounce with "x", got DEFAULT');
    expect(bad.out).toContain('check: expected the message to be rewritten, but it was not');
  });

  test('a rewrite: the tagged subject and a footer substring', async () => {
    const dir = tmp();
    for (const ext of ['json', 'eml'])
      fs.copyFileSync(path.join(root, 'events', 'inbound', `ceo-legal-copy.${ext}`), path.join(dir, `ceo.${ext}`));
    const actions = { 'CEO@Corp.Example': 'DEFAULT', 'bob@corp.example': 'DEFAULT', 'legal@corp.example': 'DEFAULT' };
    fs.writeFileSync(
      path.join(dir, 'ceo.expect.json'),
      JSON.stringify({
        actions,
        rewritten: true,
        rewrite: { subject: '[EXTERNAL] Contract draft', footerContains: 'came from outside corp.example' },
      }),
    );
    const ok = await run([dir, '--handler', inboundHandler, '--check']);
    expect(ok.out).toContain('check: ok');
    fs.writeFileSync(
      path.join(dir, 'ceo.expect.json'),
      JSON.stringify({ actions, rewritten: true, rewrite: { subject: 'Contract draft', footerContains: 'Confidential' } }),
    );
    const bad = await run([dir, '--handler', inboundHandler, '--check']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('check: rewritten subject: expected "Contract draft", got "[EXTERNAL] Contract draft"');
    expect(bad.out).toContain('check: rewritten body: does not contain "Confidential"');
  });
});

describe('replay --update', () => {
  test('writes a new expectation, then refreshes it printing what changed; --check passes afterwards', async () => {
    const dir = mixedWith({
      $schema: 'my/own/schema.json',
      actions: { ...ALL, 'drop-me@corp.example': 'BOUNCE' },
      rules: { 'vip@corp.example': 'old-rule' },
    });
    fs.copyFileSync(path.join(local, 'events', 'mixed.json'), path.join(dir, 'fresh.json'));
    const r = await run([dir, '--handler', tiny, '--update']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`update: wrote ${path.relative(root, path.join(dir, 'fresh.expect.json'))}`);
    expect(r.out).toContain('mixed.expect.json: actions.drop-me@corp.example: "BOUNCE" → "DROP"');
    expect(r.out).toContain('mixed.expect.json: rules.vip@corp.example: "old-rule" → "vip"');
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'fresh.expect.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({
      $schema: path.relative(dir, path.join(root, 'schemas', 'expect.schema.json')),
      actions: ALL,
      rules: {
        'bounce-me@corp.example': 'bounce-list',
        'drop-me@corp.example': 'drop-list',
        'junk-me@corp.example': 'junk-list',
        'vip@corp.example': 'vip',
      },
      bounceMessages: { 'bounce-me@corp.example': 'Not accepted here.' },
      rewritten: false,
    });
    expect(schemaProblems('expect', written)).toEqual([]);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'mixed.expect.json'), 'utf8')) as { $schema: string }).$schema).toBe(
      'my/own/schema.json',
    );
    const again = await run([dir, '--handler', tiny, '--update', '--check']);
    expect(again.out.match(/check: ok/g)).toHaveLength(2);
    expect(again.out.match(/unchanged/g)).toHaveLength(2);
  });

  test('is refused under CI=true (exit 2, nothing written)', async () => {
    const dir = tmp();
    fs.copyFileSync(path.join(local, 'events', 'mixed.json'), path.join(dir, 'mixed.json'));
    const r = await run([dir, '--handler', tiny, '--update'], { CI: 'true' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--update is refused under CI=true');
    expect(fs.existsSync(path.join(dir, 'mixed.expect.json'))).toBe(false);
  });
});

describe('bad input: one clear message naming the file, exit 2, the other events still run', () => {
  test('an expectation file that is not valid JSON', async () => {
    const dir = mixedWith('{ "actions": ');
    fs.copyFileSync(path.join(local, 'events', 'mixed.json'), path.join(dir, 'other.json'));
    const r = await run([dir, '--handler', tiny, '--check']);
    expect(r.code).toBe(2);
    expect(r.err.match(/mixed\.expect\.json is not valid JSON/g)).toHaveLength(1);
    expect(r.out).toContain('other.json');
  });

  test('a missing handler file, a module that throws on import, a rules file with a syntax error', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'rules.ts'), "export default { direction: 'INBOUND', rules: [ };\n");
    fs.writeFileSync(path.join(dir, 'syntax.ts'), "import rules from './rules';\nexport const handler = async () => rules;\n");
    const cases = [
      [path.join(dir, 'missing.ts'), /missing\.ts: the handler cannot be loaded: handler module .*missing\.ts not found/],
      [
        path.join(root, 'test', 'fixtures', 'cdk', 'handlers', 'throws-on-import.ts'),
        /throws-on-import\.ts: the handler cannot be loaded: SOME_SETTING_THAT_IS_NEVER_SET is not set/,
      ],
      [path.join(dir, 'syntax.ts'), /syntax\.ts: the handler cannot be loaded: [\s\S]*rules\.ts/],
    ] as const;
    for (const [handler, message] of cases) {
      const events = mixedWith({ actions: ALL });
      fs.copyFileSync(path.join(local, 'events', 'mixed.json'), path.join(events, 'second.json'));
      const r = await run([events, '--handler', handler]);
      expect({ handler, code: r.code }).toEqual({ handler, code: 2 });
      expect(r.err).toMatch(message);
      expect(r.err.match(/cannot be loaded/g)).toHaveLength(1);
      expect(r.out).toContain('2 skipped (handler not loaded)');
    }
  });
});
