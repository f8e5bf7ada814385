/**
 * The `workmail-rules` dependency of a new project: the spec this copy of the package was installed
 * with (a `file:` tarball or folder, a git URL, a registry range), so that `npm install` in the new
 * project, and `npm ci` in a teammate's clone of it, get the same package.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ownPackage, type OwnPackage } from '../own-package';

export interface DependencyChoice {
  /** The spec written to the new project's package.json. */
  spec: string;
  /** Where the spec comes from, for init's output. */
  origin: string;
  /** A tarball copied into the project (`to` relative to it), so that every clone can install it. */
  copy?: { from: string; to: string };
}

const NAME = 'workmail-rules';
const posix = (p: string): string => p.split(path.sep).join('/');

/** The `workmail-rules` spec in a package.json, if it has one. */
export function specIn(packageJsonFile: string): string | undefined {
  let pkg: Record<string, Record<string, string> | undefined>;
  try {
    pkg = JSON.parse(readFileSync(packageJsonFile, 'utf8')) as typeof pkg;
  } catch {
    return undefined;
  }
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const spec = pkg[field]?.[NAME];
    if (typeof spec === 'string') return spec;
  }
  return undefined;
}

/** The project whose node_modules holds this package (npx's own cache folder included), if any. */
function installingProject(root: string): string | undefined {
  return path.basename(path.dirname(root)) === 'node_modules' ? path.dirname(path.dirname(root)) : undefined;
}

/** A `file:` spec of the installing project, seen from the new project. */
function rebaseFile(spec: string, installer: string, target: string): DependencyChoice {
  const abs = path.resolve(installer, spec.slice('file:'.length));
  const rel = posix(path.relative(target, abs));
  const inside = !rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel);
  let isFile = false;
  try {
    isFile = statSync(abs).isFile();
  } catch {
    // not there (any more): the path is still what the user asked for
  }
  if (isFile && !inside) {
    const to = `vendor/${path.basename(abs)}`;
    return { spec: `file:${to}`, origin: `a copy of ${abs}, so that every clone can install it`, copy: { from: abs, to } };
  }
  return { spec: `file:${rel || '.'}`, origin: `${abs}, as installed in ${installer}` };
}

/**
 * The dependency to write into the project at `target`: the spec its package.json already has
 * (`init --force`), else the one this package was installed with, else this version's range.
 */
export function dependencySpec(target: string, own: OwnPackage = ownPackage()): DependencyChoice {
  const kept = specIn(path.join(target, 'package.json'));
  if (kept !== undefined) return { spec: kept, origin: `kept from ${path.join(target, 'package.json')}` };
  const installer = installingProject(own.root);
  const installed = installer === undefined ? undefined : specIn(path.join(installer, 'package.json'));
  if (installer !== undefined && installed !== undefined) {
    if (installed.startsWith('file:')) return rebaseFile(installed, installer, target);
    // git URLs, tarball URLs, aliases and version ranges as written; a bare tag becomes this version's range
    if (/[:/]/.test(installed) || /\d/.test(installed)) return { spec: installed, origin: `as installed in ${installer}` };
  }
  if (installer === undefined) {
    // run from a checkout of the repository: the new project links it (build it first: npm run build)
    return { spec: `file:${posix(path.relative(target, own.root)) || '.'}`, origin: `the checkout at ${own.root}` };
  }
  return { spec: `^${own.version}`, origin: `version ${own.version} from the npm registry` };
}
