/**
 * What `npm pack` puts in the tarball: the built code, its types, the init template, schemas,
 * README and LICENSE; no tests, benchmarks or fixtures. Every `exports` target is in it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface PackFile {
  path: string;
}

describe('the packed tarball', () => {
  let files: string[];
  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    files = (JSON.parse(out) as { files: PackFile[] }[])[0]!.files.map((f) => f.path).sort();
  }, 180_000);

  test('holds no tests, benchmarks or fixtures', () => {
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__|bench|fixtures)(\/|$)|\.test\.[jt]s$|\.eml$/.test(f))).toEqual([]);
  });

  test('holds only what a consumer needs', () => {
    const top = [...new Set(files.map((f) => (f.includes('/') ? `${f.split('/')[0]}/` : f)))].sort();
    expect(top.filter((t) => !['LICENSE', 'README.md', 'package.json', 'dist/', 'docs/', 'lib/', 'schemas/'].includes(t))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/template.json', 'dist/bin/cli.js']));
  });

  test('every exports target, its types and the bin are in it', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const targets = Object.values(pkg.exports as Record<string, string | { types: string; default: string }>)
      .flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default]))
      .concat(Object.values(pkg.bin as Record<string, string>), pkg.main, pkg.types)
      .map((t: string) => t.replace(/^\.\//, ''));
    expect(targets.filter((t: string) => !files.includes(t))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.d.ts.map')).length).toBeGreaterThan(10);
  });
});
