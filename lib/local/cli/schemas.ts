/**
 * The JSON Schemas shipped in the package's `schemas/` folder: `event.schema.json` (sample events) and
 * `expect.schema.json` (`<name>.expect.json`). The schema files are the one source of truth: replay
 * validates expectations with them (ajv), and the sample files point editors at them with "$schema".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

export type SchemaName = 'event' | 'expect' | 'availability-request' | 'availability-expect';

let dir: string | undefined;

/** The package's `schemas/` folder, found upwards from this file (the same in the repo and in dist/). */
export function schemasDir(): string {
  if (dir) return dir;
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'schemas', 'expect.schema.json'))) return (dir = path.join(d, 'schemas'));
    if (path.dirname(d) === d)
      throw new Error('the workmail-rules schemas/ folder is missing from the installed package; reinstall workmail-rules');
  }
}

export const schemaFile = (name: SchemaName): string => path.join(schemasDir(), `${name}.schema.json`);

/** The "$schema" value for a file in `folder`: the relative path to the schema. */
export const schemaRef = (name: SchemaName, folder: string): string => path.relative(folder, schemaFile(name)).split(path.sep).join('/');

const compiled = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    v = ajv.compile(JSON.parse(fs.readFileSync(schemaFile(name), 'utf8')) as object);
    compiled.set(name, v);
  }
  return v;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath
    ? e.instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .join('.')
    : '(root)';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${where}: unknown key "${String(p['additionalProperty'])}"`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(p['allowedValues'] as unknown[]).join(', ')}`;
  if (e.keyword === 'propertyNames') return `${where}: key "${String(p['propertyName'])}" is not a recipient address or "*"`;
  if (e.keyword === 'const') return `${where}: must be ${JSON.stringify(p['allowedValue'])}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

/** The problems of `value` against the named schema, as `path: message` lines; empty when valid. */
export function schemaProblems(name: SchemaName, value: unknown): string[] {
  const v = validator(name);
  if (v(value)) return [];
  // propertyNames failures come with a nested pattern error for the same key: keep the readable one.
  const errors = (v.errors ?? []).filter((e) => !(e.keyword === 'pattern' && e.propertyName !== undefined) && e.keyword !== 'if');
  return [...new Set(errors.map(describeError))];
}
