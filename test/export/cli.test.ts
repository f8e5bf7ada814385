/**
 * `workmail-rules export`, run as the command: files written all or nothing, the JSON report, and
 * bad input (a rules file that fails to load, a rule set that exports to nothing, a folder that
 * cannot be written): a clear message, exit 1, nothing written.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/cli.ts'), 'export', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-export-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('sieve --out writes one script per rule set of rules/, with the report', () => {
  const out = path.join(dir, 'sieve');
  const r = cli(['sieve', '--out', out]);
  expect(r.status).toBe(0);
  expect(fs.readdirSync(out).sort()).toEqual(['inbound.sieve', 'outbound.sieve']);
  expect(fs.readFileSync(path.join(out, 'inbound.sieve'), 'utf8')).toMatch(/^# Rule "block-bad-domain": /m);
  expect(r.stdout).toMatch(/legal-copy\s+approximate/);
});

test('mail-manager --json gives the rules and the report of each rule set', () => {
  const r = cli(['mail-manager', 'rules/outbound.ts', '--json']);
  expect(r.status).toBe(0);
  const json = JSON.parse(r.stdout) as {
    target: string;
    ruleSets: { name: string; rules: unknown[]; report: { rule: string; status: string }[] }[];
  };
  expect(json.target).toBe('mail-manager');
  expect(json.ruleSets.map((s) => s.name)).toEqual(['outbound']);
  expect(json.ruleSets[0]!.report.find((x) => x.rule === 'dlp-keywords')?.status).toBe('not expressible');
  expect(json.ruleSets[0]!.rules.length).toBeGreaterThan(0);
});

test('a rules file that fails to load: exit 1, the file and the error named, nothing written', () => {
  const bad = path.join(dir, 'broken.ts');
  fs.writeFileSync(bad, "throw new Error('rules broken here');\n");
  const out = path.join(dir, 'none1');
  const r = cli(['sieve', 'rules/inbound.ts', bad, '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/EXPORT_LOAD: the rules file .*broken\.ts fails to load: rules broken here/);
  expect(fs.existsSync(out)).toBe(false);
});

test('a rule set that exports to nothing: exit 1 with why, nothing written', () => {
  const only = path.join(dir, 'content-only.ts');
  fs.writeFileSync(
    only,
    `import { body, bounce, defineRules } from '${path.join(ROOT, 'lib')}';\nexport default defineRules({ direction: 'OUTBOUND', rules: [{ name: 'dlp', when: body('secret'), then: bounce() }] });\n`,
  );
  const out = path.join(dir, 'none2');
  const r = cli(['mail-manager', 'rules/outbound.ts', only, '--out', out]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /EXPORT_EMPTY: the rule set content-only .* exports to nothing for mail-manager: .*dlp: .*cannot read the message body/,
  );
  expect(fs.existsSync(out)).toBe(false);
});

test('an --out folder that cannot be written: exit 1, no file left behind', () => {
  const file = path.join(dir, 'a-file');
  fs.writeFileSync(file, '');
  const r = cli(['sieve', '--out', path.join(file, 'sub')]);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/EXPORT_WRITE: cannot write to .*a-file\/sub \(ENOTDIR\)/);
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('usage errors exit 2', () => {
  expect(cli(['postfix']).status).toBe(2);
  expect(cli([]).status).toBe(2);
});
