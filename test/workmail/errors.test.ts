/**
 * Errors one way: every error class declared in lib/ extends WorkMailRulesError (directly or through
 * another of the package's error classes), and every exported one, once built, carries a stable
 * upper-case `code` and a `name` equal to its class name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { WorkMailRulesError } from '../../lib/workmail/errors';

const LIB = path.resolve(__dirname, '..', '..', 'lib');
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Declared {
  name: string;
  parent: string;
  file: string;
  exported: boolean;
}

const declared: Declared[] = sourceFiles(LIB).flatMap((file) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^(export )?(?:abstract )?class (\w+)(?:<[^>]*>)? extends (\w+)/gm)].map((m) => ({
    name: m[2]!,
    parent: m[3]!,
    file: path.relative(LIB, file),
    exported: m[1] !== undefined,
  })),
);
const parentOf = new Map(declared.map((d) => [d.name, d.parent]));

/** The chain of parents up to a class not declared in lib/ (a builtin, or a library's class). */
function root(name: string): string {
  const seen = new Set<string>();
  let at = name;
  while (parentOf.has(at) && at !== 'WorkMailRulesError' && !seen.has(at)) {
    seen.add(at);
    at = parentOf.get(at)!;
  }
  return at;
}

const errorClasses = declared.filter(
  (d) => d.name !== 'WorkMailRulesError' && (root(d.name) === 'WorkMailRulesError' || BUILTIN_ERRORS.has(root(d.name))),
);

test('the scan finds the error classes of every layer', () => {
  const files = new Set(errorClasses.map((d) => d.file.split(path.sep)[0]));
  expect([...files].sort()).toEqual(expect.arrayContaining(['cdk', 'engine', 'local', 'message', 'runtime', 'workmail']));
  expect(errorClasses.length).toBeGreaterThanOrEqual(20);
});

test.each(errorClasses.map((d) => [`${d.file}: ${d.name}`, d] as const))('%s extends WorkMailRulesError', (_label, d) => {
  expect(root(d.name)).toBe('WorkMailRulesError');
});

/**
 * Constructor arguments tried in turn: most classes take a message; some a list of problems, a code
 * (LocalWorkMailError) or a key and a message, or a number of milliseconds.
 */
const PROBES: unknown[][] = [
  ['something was wrong'],
  [[{ path: 'a', message: 'b', rule: 'r' }]],
  ['REPLAY_EVENT', 'something was wrong'],
  [1000],
];

function build(C: new (...args: any[]) => unknown): unknown {
  for (const args of PROBES) {
    try {
      const e = new C(...args);
      if (e instanceof Error && e.message !== '') return e;
    } catch {
      // try the next argument list
    }
  }
  throw new Error(`${C.name} could not be built with any probe`);
}

const exported = errorClasses.filter((d) => d.exported);

test.each(exported.map((d) => [`${d.file}: ${d.name}`, d] as const))('%s carries a stable code and its own name', (_label, d) => {
  const mod = require(path.join(LIB, d.file)) as Record<string, unknown>;
  const C = mod[d.name] as new (...args: any[]) => unknown;
  expect(typeof C).toBe('function');
  expect(C.prototype).toBeInstanceOf(WorkMailRulesError);
  const e = build(C) as WorkMailRulesError;
  expect(e).toBeInstanceOf(WorkMailRulesError);
  expect(e.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(e.name).toBe(d.name);
  expect(String(e)).toBe(`${d.name}: ${e.message}`);
});
