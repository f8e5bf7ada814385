/**
 * The layer table (README, "Layout"; the design's "Layers and what each may import") holds for the
 * real imports of lib/, bin/, handlers/ and rules/, with no import cycle; and the check itself
 * fails on a deliberately bad tree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkLayers, importsOf, layerOf } from './check';

const ROOT = path.resolve(__dirname, '..', '..');

test('the project follows the layer table and has no import cycle', () => {
  expect(checkLayers(ROOT).map((v) => `${v.file.split(path.sep).join('/')}:${v.line}: ${v.message}`)).toEqual([]);
});

describe('the check (a test of the test)', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    write('lib/workmail/types.ts', 'export type X = 1;\n');
    write('lib/engine/rules.ts', "import type { X } from '../workmail/types';\nexport const r = (x: X) => x;\n");
    write('lib/index.ts', "export * from './engine/rules';\n");
    write('handlers/inbound.ts', "import { r } from '../lib/index';\nexport const h = r;\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a clean tree passes', () => {
    expect(checkLayers(root)).toEqual([]);
  });

  test.each([
    ['workmail importing the engine', 'lib/workmail/bad.ts', "import { r } from '../engine/rules';\n", /workmail may not import engine/],
    [
      'the engine importing the message layer, type-only',
      'lib/engine/bad.ts',
      "import type { V } from '../message/view';\n",
      /engine may not import message/,
    ],
    [
      'the engine importing an AWS SDK client',
      'lib/engine/bad.ts',
      "export const c = () => import('@aws-sdk/client-s3');\n",
      /engine must not import @aws-sdk\/client-s3/,
    ],
    [
      'cdk importing the runtime through require',
      'lib/cdk/bad.ts',
      "const x = require('../runtime/sync-handler');\n",
      /cdk may not import runtime/,
    ],
    [
      'a handler reaching into a private file',
      'handlers/bad.ts',
      "export { r } from '../lib/engine/rules';\n",
      /app must reach lib through a public entry/,
    ],
  ])('%s fails', (_label, file, text, why) => {
    write(file, text);
    const v = checkLayers(root);
    expect(v).toEqual([expect.objectContaining({ file: path.normalize(file), line: 1, message: expect.stringMatching(why) })]);
  });

  test('two files importing each other, even for types, is a cycle', () => {
    write('lib/engine/a.ts', "import type { B } from './b';\nexport type A = B;\n");
    write('lib/engine/b.ts', "import type { A } from './a';\nexport type B = 1 | A;\n");
    expect(checkLayers(root).map((v) => v.message)).toEqual([
      expect.stringMatching(/^import cycle: lib\/engine\/a\.ts → lib\/engine\/b\.ts → lib\/engine\/a\.ts$/),
    ]);
  });

  test('every kind of module reference is read', () => {
    const text =
      "import a from './a';\nexport * from './b';\nimport c = require('./c');\nconst d = import('./d');\ntype E = import('./e').E;\n";
    expect(importsOf('x.ts', text).map((i) => i.spec)).toEqual(['./a', './b', './c', './d', './e']);
    expect(layerOf(path.join('lib', 'index.ts'))).toBe('entry');
    expect(layerOf(path.join('lib', 'export', 'sieve.ts'))).toBe('export');
  });
});
