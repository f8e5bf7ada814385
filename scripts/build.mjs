// `npm run build`: the package in dist/ (CommonJS JavaScript, .d.ts and maps from tsc), plus the
// template of `workmail-rules init` (this repository's example project) in dist/template.json.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
const { packTemplate } = require(path.join(dist, 'bin', 'init', 'template.js'));
writeFileSync(path.join(dist, 'template.json'), packTemplate(root));
console.error('built dist/ and dist/template.json');
