/** `init` keeps the workmail-rules dependency it was installed with, seen from the new project. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dependencySpec } from '../../bin/init/dependency';
import type { OwnPackage } from '../../bin/own-package';

describe('the dependency a new project gets', () => {
  let dir: string;
  let app: string;
  let own: OwnPackage;
  const installedWith = (spec: string) =>
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', dependencies: { 'workmail-rules': spec } }));
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wmr-dep-'));
    app = path.join(dir, 'app');
    const root = path.join(app, 'node_modules', 'workmail-rules');
    mkdirSync(root, { recursive: true });
    own = { name: 'workmail-rules', version: '3.4.5', dependencies: {}, devDependencies: {}, root };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a tarball outside the new project is copied into vendor/, which every clone reaches', () => {
    writeFileSync(path.join(dir, 'workmail-rules-3.4.5.tgz'), 'tarball');
    installedWith('file:../workmail-rules-3.4.5.tgz');
    const choice = dependencySpec(path.join(dir, 'deeper', 'my-rules'), own);
    expect(choice.spec).toBe('file:vendor/workmail-rules-3.4.5.tgz');
    expect(choice.copy).toEqual({ from: path.join(dir, 'workmail-rules-3.4.5.tgz'), to: 'vendor/workmail-rules-3.4.5.tgz' });
  });

  test('a tarball already inside the new project keeps its relative path, with no copy', () => {
    const target = path.join(dir, 'my-rules');
    mkdirSync(path.join(target, 'pkgs'), { recursive: true });
    writeFileSync(path.join(target, 'pkgs', 'w.tgz'), 'tarball');
    installedWith('file:../my-rules/pkgs/w.tgz');
    const choice = dependencySpec(target, own);
    expect(choice.spec).toBe('file:pkgs/w.tgz');
    expect(choice.copy).toBeUndefined();
  });

  test('a folder is linked by its path from the new project', () => {
    mkdirSync(path.join(dir, 'checkout'));
    installedWith('file:../checkout');
    expect(dependencySpec(path.join(dir, 'a', 'b'), own).spec).toBe('file:../../checkout');
  });

  test.each(['git+https://github.com/example/workmail-rules.git#v3.4.5', 'github:example/workmail-rules', '~3.4.0', '3.4.5'])(
    '%s is kept as written',
    (spec) => {
      installedWith(spec);
      expect(dependencySpec(path.join(dir, 'my-rules'), own).spec).toBe(spec);
    },
  );

  test.each(['latest', '*'])('a bare tag (%s) becomes this version’s range', (spec) => {
    installedWith(spec);
    expect(dependencySpec(path.join(dir, 'my-rules'), own).spec).toBe('^3.4.5');
  });

  test('init --force keeps the spec the project already has', () => {
    installedWith('file:../workmail-rules-3.4.5.tgz');
    const target = path.join(dir, 'existing');
    mkdirSync(target);
    writeFileSync(path.join(target, 'package.json'), JSON.stringify({ devDependencies: { 'workmail-rules': 'file:../x/w.tgz' } }));
    expect(dependencySpec(target, own)).toEqual({ spec: 'file:../x/w.tgz', origin: expect.any(String) });
  });

  test('run from a checkout (no node_modules above it), the new project links the checkout', () => {
    const checkout = path.join(dir, 'src', 'workmail-rules');
    expect(dependencySpec(path.join(dir, 'my-rules'), { ...own, root: checkout }).spec).toBe('file:../src/workmail-rules');
  });
});
