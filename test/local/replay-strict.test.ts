/**
 * Replay never hides a failure: invalid message ids, notes, rule-set warnings and load failures (once
 * per handler), direction mismatches, several functions per direction. In-process, real handlers,
 * one local WorkMail per run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runReplayCommand } from '../../lib/local/cli/run';
import type { ReplayFunction } from '../../lib/local/cli/targets';
import { fakeIO, render } from './replay-io';

const root = path.resolve(__dirname, '..', '..');
const local = path.join(root, 'test', 'fixtures', 'local');
const cdkHandlers = path.join(root, 'test', 'fixtures', 'cdk', 'handlers');
const tiny = path.join(local, 'handlers', 'tiny.ts');
const mixed = JSON.parse(fs.readFileSync(path.join(local, 'events', 'mixed.json'), 'utf8')) as Record<string, unknown>;

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-strict-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function writeEvent(dir: string, name: string, changes: Record<string, unknown> = {}): string {
  const file = path.join(dir, `${name}.json`);
  fs.mkdirSync(dir, { recursive: true });
  const event: Record<string, unknown> = { ...structuredClone(mixed), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete event[k];
  fs.writeFileSync(file, JSON.stringify(event));
  return file;
}

const fn = (name: string, entry: string, extra: Partial<ReplayFunction> = {}): ReplayFunction => ({
  name,
  entry,
  direction: 'INBOUND',
  rule: 'sync',
  ...extra,
});

async function run(args: string[], functions?: ReplayFunction[], env: Record<string, string> = {}) {
  const t = fakeIO(false, root, env);
  const code = await runReplayCommand(args, t.io, functions ? { functions } : {});
  return { code, out: t.out(), err: t.err() };
}

describe('event files', () => {
  test('an upper-case messageId is an invalid event (exit 2, the reason on stderr); the other events still run', async () => {
    const dir = tmp();
    writeEvent(dir, 'a-upper', { messageId: 'Test-Message-1' });
    writeEvent(dir, 'b-good');
    const r = await run([dir, '--handler', tiny]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /a-upper\.json: invalid event\n {2}messageId: "Test-Message-1" does not match the Message Flow API's pattern \^\[a-z0-9-\]\{1,120\}\$/,
    );
    expect(r.out).toContain('b-good.json');
    expect(r.out).not.toContain('a-upper.json');
  });

  test('an event without a messageId gets a generated one and says so', async () => {
    const dir = tmp();
    writeEvent(dir, 'no-id', { messageId: undefined });
    const r = await run([dir, '--handler', tiny]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/note: the event has no messageId: replayed as [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n/);
  });
});

describe('what the handler says', () => {
  test('decision notes appear in the table, not only in --json', async () => {
    const dir = tmp();
    writeEvent(dir, 'gateway');
    const r = await run([dir, '--handler', path.join(local, 'handlers', 'envelope-content.ts')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/note: message content could not be read \(.*\): content conditions are unknown/);
  });

  test('a rule-set warning is printed once per handler, with the handler and the rules file', async () => {
    const dir = tmp();
    for (const n of ['a', 'b', 'c']) writeEvent(dir, n);
    const r = await run([dir, '--handler', path.join(local, 'handlers', 'with-warning.ts')]);
    const lines = r.err.split('\n').filter((l) => l.includes('catch-all'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^test\/fixtures\/local\/handlers\/with-warning\.ts \(rules test\/fixtures\/local\/handlers\/with-warning-rules\.ts:\d+\): warning: rule "catch-all" has no condition/,
      ),
    ]);
    expect(r.out.match(/\.json {2}INBOUND/g)).toHaveLength(3);
  });

  test('a definition error is printed once, names the rules file, exits 2; events of other handlers still run', async () => {
    const dir = tmp();
    for (const n of ['a', 'b', 'c']) writeEvent(path.join(dir, 'payroll'), n);
    writeEvent(path.join(dir, 'other'), 'd');
    const r = await run(
      [dir],
      [
        fn('payroll', path.join(cdkHandlers, 'invalid-rules.ts'), { events: [path.join(dir, 'payroll')] }),
        fn('other', tiny, { events: [path.join(dir, 'other')] }),
      ],
    );
    expect(r.code).toBe(2);
    expect(r.err.match(/cannot be loaded/g)).toHaveLength(1);
    expect(r.err).toMatch(
      /test\/fixtures\/cdk\/handlers\/invalid-rules\.ts: the handler cannot be loaded: Invalid rule set \(1 problem\):\n {2}- rule "payroll-lock": .*"@"[\s\S]*\(at test\/fixtures\/cdk\/handlers\/invalid-rules\.ts:\d+\)/,
    );
    expect(r.out).toContain('d.json');
    expect(r.out).toContain('3 skipped (handler not loaded)');
  });

  test('an INBOUND event through an OUTBOUND handler is an error for that event', async () => {
    const dir = tmp();
    writeEvent(dir, 'inbound-event');
    const r = await run([dir, '--handler', path.join(cdkHandlers, 'envelope-outbound.ts')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'inbound-event.json: an INBOUND event, but test/fixtures/cdk/handlers/envelope-outbound.ts handles OUTBOUND mail',
    );
    expect(r.out).not.toContain('DEFAULT');
  });
});

describe('which functions serve which events', () => {
  test('two inbound functions are both replayed in one run, each named in its report', async () => {
    const dir = tmp();
    writeEvent(dir, 'shared');
    const r = await run([dir], [fn('first', tiny), fn('second', path.join(local, 'handlers', 'second-inbound.ts'))]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/shared\.json {2}INBOUND · first \(test\/fixtures\/local\/handlers\/tiny\.ts\)/);
    expect(r.out).toMatch(/shared\.json {2}INBOUND · second \(test\/fixtures\/local\/handlers\/second-inbound\.ts\)/);
    expect(r.out).toMatch(/drop-me@corp\.example\s+DROP\s+partner-drop/);
    expect(r.out).toContain('1 of 1 event(s) replayed in');
    expect(r.out).toContain(', 2 replays (several functions serve some events)');
  });

  test('an events folder or glob per function: each function gets only its events; async functions are not replayed', async () => {
    const dir = tmp();
    writeEvent(path.join(dir, 'gateway'), 'g1');
    writeEvent(path.join(dir, 'partners', 'eu'), 'p1');
    writeEvent(path.join(dir, 'partners', 'eu'), 'p2');
    const r = await run(
      [dir, '--json'],
      [
        fn('gateway', tiny, { events: [path.join(dir, 'gateway')] }),
        fn('partners', path.join(local, 'handlers', 'second-inbound.ts'), { events: [path.join(dir, 'partners', '**', '*.json')] }),
        fn('audit', tiny, { rule: 'async' }),
      ],
    );
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; function: string });
    expect(lines.map((l) => [path.basename(l.event), l.function])).toEqual([
      ['g1.json', 'gateway'],
      ['p1.json', 'partners'],
      ['p2.json', 'partners'],
    ]);
  });

  test('without paths: events/ and every function folder; --handler overrides the functions', async () => {
    const dir = tmp();
    writeEvent(path.join(dir, 'events', 'inbound'), 'e1');
    writeEvent(path.join(dir, 'elsewhere'), 'e2');
    const t = fakeIO(false, dir);
    const code = await runReplayCommand(['--json'], t.io, {
      functions: [
        fn('main', tiny),
        fn('other', path.join(local, 'handlers', 'second-inbound.ts'), { events: [path.join(dir, 'elsewhere')] }),
      ],
    });
    expect(code).toBe(0);
    expect(
      t
        .out()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { function: string }).function),
    ).toEqual(['main', 'other']);
    const o = fakeIO(false, dir);
    await runReplayCommand(['--json', '--handler', tiny], o.io, {
      functions: [fn('other', path.join(local, 'handlers', 'second-inbound.ts'))],
    });
    expect(
      o
        .out()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { handler: string }).handler),
    ).toEqual([path.relative(dir, tiny)]);
  });
});

describe('on a terminal', () => {
  test('the progress line is cleared before each report: no progress text is left on the screen', async () => {
    const dir = tmp();
    writeEvent(dir, 'one');
    writeEvent(dir, 'two');
    const t = fakeIO(true, root);
    expect(await runReplayCommand([dir, '--handler', tiny], t.io)).toBe(0);
    expect(t.err()).toContain('[1/2] '); // the progress line was shown...
    const screen = t.screen();
    expect(screen.filter((l) => /\[\d\/2\]/.test(l))).toEqual([]); // ...and nothing of it is left
    expect(screen.filter((l) => /(one|two)\.json {2}INBOUND/.test(l))).toHaveLength(2);
    expect(screen.filter((l) => (l.match(/\.json/g) ?? []).length > 1)).toEqual([]); // never "[1/2] a.jsona.json  INBOUND"
  });

  test('the renderer itself: a line overwritten after \\r and erased by ESC[K', () => {
    expect(render('[1/2] a.json\r\u001b[Kreport\n')).toEqual(['report', '']);
    expect(render('[1/2] a.jsonreport\n')).toEqual(['[1/2] a.jsonreport', '']);
  });
});
