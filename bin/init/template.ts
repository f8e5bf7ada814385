/**
 * The files `workmail-rules init` copies into a new project: this repository's own example project
 * (handlers, rules, events, tests, CDK app, cdk.json), with its imports of `lib/` turned into imports
 * of the package. The build packs them into `dist/template.json`; run from source, they are read in place.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type Part = 'common' | 'inbound' | 'outbound' | 'rewrite';

/** A template file: where it is in this repository, where it goes in a new project, what needs it. */
export interface TemplateFile {
  from: string;
  to: string;
  part: Part;
}

const fixed: TemplateFile[] = [
  { from: 'bin/app.ts', to: 'bin/app.ts', part: 'common' },
  { from: 'handlers/inbound.ts', to: 'handlers/inbound.ts', part: 'inbound' },
  { from: 'handlers/audit-log.ts', to: 'handlers/audit-log.ts', part: 'inbound' },
  { from: 'rules/inbound.ts', to: 'rules/inbound.ts', part: 'inbound' },
  { from: 'test/example/inbound.test.ts', to: 'test/inbound.test.ts', part: 'inbound' },
  { from: 'test/example/rewrite.test.ts', to: 'test/rewrite.test.ts', part: 'rewrite' },
  { from: 'handlers/outbound.ts', to: 'handlers/outbound.ts', part: 'outbound' },
  { from: 'rules/outbound.ts', to: 'rules/outbound.ts', part: 'outbound' },
  { from: 'test/example/outbound.test.ts', to: 'test/outbound.test.ts', part: 'outbound' },
  // the Custom Availability Provider (cdk.json "availability"), its calendar and its test
  { from: 'handlers/availability.ts', to: 'handlers/availability.ts', part: 'common' },
  { from: 'handlers/availability-calendar.json', to: 'handlers/availability-calendar.json', part: 'common' },
  { from: 'test/example/availability.test.ts', to: 'test/availability.test.ts', part: 'common' },
];

/** Every template file, the sample events (`events/inbound`, `outbound`, `availability`) included, as in this repository. */
export function sourceTemplateFiles(root: string): TemplateFile[] {
  const events = (folder: 'inbound' | 'outbound' | 'availability'): TemplateFile[] =>
    readdirSync(path.join(root, 'events', folder))
      .filter((f) => /\.(json|eml)$/.test(f))
      .sort()
      .map((f) => ({ from: `events/${folder}/${f}`, to: `events/${folder}/${f}`, part: folder === 'availability' ? 'common' : folder }));
  return [
    ...fixed,
    { from: 'cdk.json', to: 'cdk.json', part: 'common' },
    ...events('inbound'),
    ...events('outbound'),
    ...events('availability'),
  ];
}

/** A template file with its bytes. */
export interface TemplateContent extends TemplateFile {
  content: Buffer;
}

interface PackedFile extends TemplateFile {
  base64: string;
}

const PACKED = path.resolve(__dirname, '..', '..', 'template.json');

/** What `dist/template.json` holds: written by the build from this repository's files. */
export function packTemplate(root: string): string {
  const files: PackedFile[] = sourceTemplateFiles(root).map((f) => ({
    ...f,
    base64: readFileSync(path.join(root, f.from)).toString('base64'),
  }));
  return JSON.stringify({ files });
}

/** The template: `dist/template.json` in the package, this repository's own files when run from source. */
export function templateContents(): TemplateContent[] {
  if (existsSync(PACKED)) {
    const { files } = JSON.parse(readFileSync(PACKED, 'utf8')) as { files: PackedFile[] };
    return files.map(({ base64, ...f }) => ({ ...f, content: Buffer.from(base64, 'base64') }));
  }
  const root = path.resolve(__dirname, '..', '..');
  return sourceTemplateFiles(root).map((f) => ({ ...f, content: readFileSync(path.join(root, f.from)) }));
}

const SPECIFIERS: Record<string, string> = {
  lib: 'workmail-rules',
  'lib/envelope': 'workmail-rules/envelope',
  'lib/availability': 'workmail-rules/availability',
  'lib/constants': 'workmail-rules/constants',
  'lib/local': 'workmail-rules/local',
  'lib/local/jest-setup': 'workmail-rules/jest',
  'lib/cdk': 'workmail-rules/cdk',
};

/** A TypeScript file's imports of this repository's `lib/` rewritten to the package's entries. */
export function rewriteImports(source: string, file: string): string {
  return source.replace(/from '((?:\.\.\/)+)(lib[^']*)'|import '((?:\.\.\/)+)(lib[^']*)'/g, (all, _a, fromSpec, _b, sideSpec) => {
    const spec = (fromSpec ?? sideSpec) as string;
    const target = SPECIFIERS[spec];
    if (!target) throw new Error(`template ${file} imports ${spec}, which is not a public entry of workmail-rules`);
    return all.startsWith('from') ? `from '${target}'` : `import '${target}'`;
  });
}
