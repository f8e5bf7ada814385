/**
 * `workmail-rules export`, run as the command: files written all or nothing, the JSON report, and
 * bad input (a rules file that fails to load, a rule set that exports to nothing, a folder that
 * cannot be written): a clear message, exit 1, nothing written.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..');
// tsx from this repository, so the command also runs in a project folder outside it.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const cli = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'bin/cli.ts'), 'export', ...args], {
    cwd,
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
  // dlp-keywords bounces and cannot be exported: the JSON is still printed, the exit status says so
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/EXPORT_LEFT_OUT: .*outbound: dlp-keywords/);
  const json = JSON.parse(r.stdout) as {
    target: string;
    ruleSets: { name: string; rules: unknown[]; report: { rule: string; status: string }[] }[];
  };
  expect(json.target).toBe('mail-manager');
  expect(json.ruleSets.map((s) => s.name)).toEqual(['outbound']);
  expect(json.ruleSets[0]!.report.find((x) => x.rule === 'dlp-keywords')?.status).toBe('not exported');
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

type SieveJson = { ruleSets: { name: string; file: string; script: string; report: { rule: string; status: string }[] }[] };

test("default inputs are cdk.json's functions: each sync handler's rules with its rewrite", () => {
  const r = cli(['sieve', '--host', 'dovecot-editheader', '--json']);
  expect(r.status).toBe(0);
  const json = JSON.parse(r.stdout) as SieveJson;
  expect(json.ruleSets.map((s) => [s.name, path.relative(ROOT, s.file)])).toEqual([
    ['inbound', path.join('handlers', 'inbound.ts')],
    ['outbound', path.join('handlers', 'outbound.ts')],
  ]);
  const inbound = json.ruleSets[0]!;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Sieve match variable, not a template
  expect(inbound.script).toContain('addheader :last "Subject" "[EXTERNAL] ${1}";');
  expect(inbound.script).toMatch(/^require \[.*"editheader".*\];$/m);
  expect(inbound.report.filter((x) => x.rule.startsWith('rewrite ')).map((x) => [x.rule, x.status])).toEqual([
    ['rewrite 1: tagSubject "[EXTERNAL]"', 'exact'],
    ['rewrite 2: appendFooter', 'not exported'],
  ]);
  expect(json.ruleSets[1]!.script).not.toMatch(/^require .*"editheader"/m);
  expect(json.ruleSets[1]!.script).not.toMatch(/^\s*(addheader|deleteheader)\b/m);
});

test('an explicit rules file keeps working: its rules only, no rewrite', () => {
  const r = cli(['sieve', 'rules/inbound.ts', '--json']);
  expect(r.status).toBe(0);
  const [only] = (JSON.parse(r.stdout) as SieveJson).ruleSets;
  expect(only!.report.some((x) => x.rule.startsWith('rewrite '))).toBe(false);
  expect(only!.script).not.toMatch(/^require .*"editheader"/m);
});

test('functions that all decide in code: exit 1, says so and what to do', () => {
  const project = path.join(dir, 'code-only');
  fs.mkdirSync(path.join(project, 'handlers'), { recursive: true });
  fs.writeFileSync(
    path.join(project, 'handlers', 'mine.ts'),
    `import { syncHandler } from '${path.join(ROOT, 'lib')}';\nexport const handler = syncHandler({ decide: () => ({ recipients: [] }) });\n`,
  );
  const functions = { mine: { entry: 'handlers/mine.ts', rule: 'sync', direction: 'INBOUND' } };
  fs.writeFileSync(
    path.join(project, 'cdk.json'),
    JSON.stringify({ context: { workmail: { region: 'us-east-1', organizations: ['m-00000000000000000000000000000000'], functions } } }),
  );
  const r = cli(['sieve'], project);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /EXPORT_LOAD: no synchronous function of cdk.json workmail.functions decides with a rule set \(mine decides in code\): name the rules files/,
  );
});
