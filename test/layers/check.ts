/**
 * The layer table of the design (README, "Layout"), checked against the real imports: every import
 * and export-from, type-only ones included, and every `import()` / `require()` of a literal, read
 * with the TypeScript compiler's parser. Also import cycles (two files importing each other, or any
 * longer loop).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Layer = 'workmail' | 'engine' | 'message' | 'runtime' | 'local' | 'cdk' | 'export' | 'entry' | 'bin' | 'app';

/** Which layers each layer may import (its own always). `entry`: lib's public entry files. */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  workmail: [],
  engine: ['workmail'],
  message: ['workmail'],
  runtime: ['workmail', 'engine', 'message'],
  local: ['runtime', 'message', 'workmail'],
  cdk: ['workmail'],
  export: ['engine', 'message', 'workmail'],
  entry: ['workmail', 'engine', 'message', 'runtime', 'local', 'cdk', 'export', 'entry'],
  bin: ['entry'],
  app: ['entry'],
};

/** Packages a layer must not import: the engine does no I/O and knows no AWS SDK. */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp>> = {
  workmail: /^(?:@aws-sdk\/|node:(?:fs|net|http|https|child_process|worker_threads)$)/,
  engine: /^(?:@aws-sdk\/|node:(?:fs|net|http|https|child_process|worker_threads)$)/,
  cdk: /^@aws-sdk\//,
  export: /^(?:@aws-sdk\/|node:(?:net|http|https|worker_threads)$)/,
};

/** The layer of a file, by its path relative to the project root; undefined when not checked. */
export function layerOf(rel: string): Layer | undefined {
  const p = rel.split(path.sep).join('/');
  const m = /^lib\/(workmail|engine|message|runtime|local|cdk|export)\//.exec(p);
  if (m) return m[1] as Layer;
  if (/^lib\/[^/]+\.ts$/.test(p)) return 'entry';
  if (p.startsWith('bin/')) return 'bin';
  if (/^(handlers|rules)\//.test(p)) return 'app';
  return undefined;
}

/**
 * The public entry files: `bin/`, handlers and rules reach lib only through these (`lib/cli.ts` is
 * the command's own entry, not a package export).
 */
const PUBLIC_ENTRIES = new Set([
  'lib/index.ts',
  'lib/envelope.ts',
  'lib/availability.ts',
  'lib/constants.ts',
  'lib/local/index.ts',
  'lib/local/jest-setup.ts',
  'lib/cdk/index.ts',
  'lib/cli.ts',
]);

function listTs(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return listTs(root, rel);
    return /\.(?:ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every module specifier a file names, with the line it is on. */
export function importsOf(file: string, text: string): { spec: string; line: number }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { spec: string; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined) => {
    if (spec && ts.isStringLiteralLike(spec))
      out.push({ spec: spec.text, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    )
      add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function resolve(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.join(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) return path.normalize(candidate);
  }
  return path.normalize(`${base}.ts`);
}

export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** Check the tree under `root`: every layer rule and every cycle, as readable violations. */
export function checkLayers(root: string, dirs: readonly string[] = ['lib', 'bin', 'handlers', 'rules']): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((d) => listTs(root, d))) {
    const layer = layerOf(file);
    const edges: string[] = [];
    graph.set(file, edges);
    for (const { spec, line } of importsOf(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      const target = resolve(root, file, spec);
      if (target === undefined) {
        if (layer && FORBIDDEN_PACKAGES[layer]?.test(spec)) violations.push({ file, line, message: `${layer} must not import ${spec}` });
        continue;
      }
      edges.push(target);
      const to = layerOf(target);
      if (layer === undefined || to === undefined) continue;
      const posix = target.split(path.sep).join('/');
      if (layer === 'bin' || layer === 'app') {
        if (!PUBLIC_ENTRIES.has(posix) && to !== layer)
          violations.push({ file, line, message: `${layer} must reach lib through a public entry, not ${posix}` });
      } else if (to !== layer && !MAY_IMPORT[layer].includes(to)) {
        violations.push({ file, line, message: `${layer} may not import ${to} (${posix})` });
      }
    }
  }
  for (const cycle of cyclesOf(graph))
    violations.push({ file: cycle[0]!, line: 0, message: `import cycle: ${cycle.join(' → ')} → ${cycle[0]}` });
  return violations;
}

/** Strongly connected components with more than one file (Tarjan), each as a list of files. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) strong(v);
  return out;
}
