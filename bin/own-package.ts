/** This package's own package.json, found from source (`bin/`) and from the build (`dist/bin/`). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface OwnPackage {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** The folder that holds this package.json (the checkout, or `node_modules/workmail-rules`). */
  root: string;
}

let cached: OwnPackage | undefined;

export function ownPackage(): OwnPackage {
  if (cached) return cached;
  for (let dir = __dirname, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as OwnPackage;
      if (pkg.name === 'workmail-rules') return (cached = { ...pkg, root: dir });
    } catch {
      // not here: look one folder up
    }
  }
  throw new Error('cannot find the package.json of workmail-rules');
}
