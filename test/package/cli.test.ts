/** The `workmail-rules` command line: help, version, usage errors, and `init`. */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = require.resolve('tsx/cli');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [TSX, path.join(ROOT, 'bin', 'cli.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const walk = (dir: string, base = dir): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
  );

describe('workmail-rules --help, --version and usage errors', () => {
  test('--help lists every command on stdout and exits 0', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'replay', 'checklist']) expect(r.out).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    expect(r.err).toBe('');
  });

  test('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test.each(['init', 'replay', 'checklist'])('%s --help describes each option on stdout and exits 0', (command) => {
    const r = cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^usage: workmail-rules ${command}`));
    const options = r.out.split('\n').filter((l) => /^\s+-/.test(l));
    expect(options.length).toBeGreaterThan(1);
    for (const line of options) expect(line).toMatch(/^\s+-\S.*\s{2,}\S/); // an option, then its description
  });

  test('an unknown command names it and exits 2', () => {
    const r = cli(['deploy']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "deploy"');
  });

  test.each([['--frobnicate'], ['replay', '--frobnicate'], ['checklist', '--frobnicate'], ['init', '--frobnicate']])(
    'an unknown option (%s) says what was wrong and exits 2',
    (...args) => {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--frobnicate/);
    },
  );
});

describe('workmail-rules init', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wmr-init-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the project layout, importing the package entries and depending on the package', () => {
    const target = path.join(dir, 'My Rules');
    const r = cli(['init', target]);
    expect(r.code).toBe(0);
    const files = walk(target);
    for (const f of [
      'package.json',
      'cdk.json',
      'tsconfig.json',
      'jest.config.js',
      '.gitignore',
      'README.md',
      'bin/app.ts',
      'handlers/inbound.ts',
      'handlers/outbound.ts',
      'rules/inbound.ts',
      'rules/outbound.ts',
      'test/inbound.test.ts',
      'test/outbound.test.ts',
      'test/rewrite.test.ts',
      'events/inbound/virus.json',
      'events/inbound/virus.eml',
      'events/inbound/virus.expect.json',
      'handlers/availability.ts',
      'handlers/availability-calendar.json',
      'test/availability.test.ts',
      'events/availability/aws-sample-query.json',
      'events/availability/aws-sample-query.expect.json',
    ]) {
      expect(files).toContain(f);
    }
    const pkg = JSON.parse(readFileSync(path.join(target, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-rules');
    // run from this checkout, the new project links it (installed from a tarball or git, it keeps that spec)
    expect(pkg.dependencies['workmail-rules']).toBe(`file:${path.relative(target, ROOT).split(path.sep).join('/')}`);
    // no link to a page that does not exist (the package is not on the npm registry yet)
    const readme = readFileSync(path.join(target, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/npmjs\.com/);
    expect(readme).toContain(`\`${pkg.dependencies['workmail-rules']}\` in package.json`);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['jest', 'aws-cdk', 'aws-cdk-lib', 'esbuild', 'typescript']));
    for (const f of files.filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(path.join(target, f), 'utf8');
      expect({ f, lib: /from '(\.\.\/)+lib/.test(text) }).toEqual({ f, lib: false });
    }
    expect(readFileSync(path.join(target, 'handlers/inbound.ts'), 'utf8')).toContain("from 'workmail-rules'");
    expect(readFileSync(path.join(target, 'test/inbound.test.ts'), 'utf8')).toContain("import 'workmail-rules/jest'");
    expect(readFileSync(path.join(target, 'bin/app.ts'), 'utf8')).toContain("from 'workmail-rules/cdk'");
    expect(readFileSync(path.join(target, 'jest.config.js'), 'utf8')).toContain("setupFilesAfterEnv: ['workmail-rules/jest']");
    // the whole example: the availability provider is deployed too, and what the tools write is ignored
    expect(JSON.parse(readFileSync(path.join(target, 'cdk.json'), 'utf8')).context.workmail.availability).toEqual({
      domain: 'external.example.com',
      entry: 'handlers/availability.ts',
    });
    expect(readFileSync(path.join(target, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['node_modules/', 'cdk.out/', '.sandbox-mail/', 'coverage/']),
    );
    // the sample files point their $schema at the schemas shipped in the installed package
    expect(JSON.parse(readFileSync(path.join(target, 'events/inbound/virus.json'), 'utf8')).$schema).toBe(
      '../../node_modules/workmail-rules/schemas/event.schema.json',
    );
    expect(JSON.parse(readFileSync(path.join(target, 'events/inbound/virus.expect.json'), 'utf8')).$schema).toBe(
      '../../node_modules/workmail-rules/schemas/expect.schema.json',
    );
  });

  test('--direction outbound --no-rewrite: only the outbound side, and no rewrite anywhere', () => {
    const r = cli(['init', dir, '--direction', 'outbound', '--no-rewrite']);
    expect(r.code).toBe(0);
    const files = walk(dir);
    expect(files.filter((f) => /inbound|audit-log|rewrite/.test(f))).toEqual([]);
    const cdk = JSON.parse(readFileSync(path.join(dir, 'cdk.json'), 'utf8'));
    expect(Object.values(cdk.context.workmail.functions).map((f) => (f as { direction: string }).direction)).toEqual(['OUTBOUND']);
  });

  test('--direction inbound --no-rewrite: a deciding handler, and cdk.json asks for no rewrite', () => {
    expect(cli(['init', dir, '--direction', 'inbound', '--no-rewrite']).code).toBe(0);
    expect(readFileSync(path.join(dir, 'handlers/inbound.ts'), 'utf8')).not.toContain('rewrite');
    expect(existsSync(path.join(dir, 'test/rewrite.test.ts'))).toBe(false);
    const expectation = JSON.parse(readFileSync(path.join(dir, 'events/inbound/ceo-legal-copy.expect.json'), 'utf8'));
    expect(expectation).not.toHaveProperty('rewritten');
    expect(expectation).not.toHaveProperty('rewrite');
    const fns = Object.values(JSON.parse(readFileSync(path.join(dir, 'cdk.json'), 'utf8')).context.workmail.functions) as {
      rewrite?: boolean;
    }[];
    expect(fns.length).toBeGreaterThan(0);
    expect(fns.some((f) => f.rewrite)).toBe(false);
  });

  test('a non-empty folder is refused and nothing in it is touched; --force writes into it', () => {
    writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
    const r = cli(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not empty.*nothing was written.*--force/);
    expect(readdirSync(dir)).toEqual(['package.json']);
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}');
    expect(cli(['init', dir, '--force']).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies).toHaveProperty('workmail-rules');
  });

  describe('--force never writes through a symbolic link in the folder', () => {
    let outside: string;
    beforeEach(() => {
      outside = mkdtempSync(path.join(tmpdir(), 'wmr-outside-'));
    });
    afterEach(() => rmSync(outside, { recursive: true, force: true }));

    test.each([
      ['a linked README', 'README.md', () => writeFileSync(path.join(outside, 'notes.md'), 'mine'), 'notes.md'],
      ['a linked handlers/ folder', 'handlers', () => mkdirSync(path.join(outside, 'src')), 'src'],
      ['a dangling .gitignore link', '.gitignore', () => undefined, 'nowhere'],
    ])('%s is refused by name and nothing is written, inside or outside', (_what, link, prepare, pointsTo) => {
      prepare();
      symlinkSync(path.join(outside, pointsTo), path.join(dir, link));
      const before = walk(outside).map((f) => [f, readFileSync(path.join(outside, f), 'utf8')]);
      const r = cli(['init', dir, '--force']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`symbolic links where init writes (${link} -> ${path.join(outside, pointsTo)})`);
      expect(r.err).toContain('nothing was written');
      expect(readdirSync(dir)).toEqual([link]);
      expect(lstatSync(path.join(dir, link)).isSymbolicLink()).toBe(true);
      expect(walk(outside).map((f) => [f, readFileSync(path.join(outside, f), 'utf8')])).toEqual(before);
      expect(existsSync(path.join(outside, pointsTo, 'inbound.ts'))).toBe(false);
    });
  });

  test('a folder that cannot be written gives a clear error and exit 1', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = cli(['init', path.join(file, 'project')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot (use|write) .*a-file.*\(ENOTDIR\)/);
  });

  test('a bad --direction is a usage error', () => {
    mkdirSync(path.join(dir, 'p'));
    const r = cli(['init', path.join(dir, 'p'), '--direction', 'sideways']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--direction must be inbound, outbound or both');
    expect(readdirSync(path.join(dir, 'p'))).toEqual([]);
  });
});
