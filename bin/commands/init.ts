/**
 * `workmail-rules init [dir]`: a new rules project with handlers, rules, sample events, tests,
 * a CDK app and the configuration to run them. Refuses a non-empty folder unless --force.
 * Exit codes: 0 created, 1 the folder cannot be used or written, 2 bad usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  cdkJson,
  GITIGNORE,
  INBOUND_WITHOUT_REWRITE,
  JEST_CONFIG,
  packageJson,
  readme,
  TSCONFIG,
  type InitChoices,
} from '../init/project-files';
import { dependencySpec, type DependencyChoice } from '../init/dependency';
import { rewriteImports, templateContents, type Part } from '../init/template';

export const usage = `usage: workmail-rules init [dir] [options]
  dir                    the folder to create the project in (default: the current folder)
  --direction DIR        inbound, outbound or both (default: both): which handlers, rules and events
  --no-rewrite           an inbound handler that only decides, without the subject tag and footer
  --name NAME            the package name (default: the folder's name)
  --force                write into a non-empty folder, replacing files of the same name
  -h, --help             print this help
`;

class InitError extends Error {}

interface Options extends InitChoices {
  dir: string;
  force: boolean;
}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      direction: { type: 'string', default: 'both' },
      rewrite: { type: 'boolean', default: true },
      'no-rewrite': { type: 'boolean', default: false },
      name: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 1) throw new TypeError(`one folder at most (got ${positionals.join(', ')})`);
  const direction = values.direction;
  if (direction !== 'inbound' && direction !== 'outbound' && direction !== 'both') {
    throw new TypeError(`--direction must be inbound, outbound or both (got "${direction}")`);
  }
  const dir = path.resolve(positionals[0] ?? '.');
  const name =
    values.name ??
    (path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+/, '') ||
      'workmail-rules-project');
  if (!/^(@[a-z0-9._-]+\/)?[a-z0-9][a-z0-9._-]*$/.test(name)) throw new TypeError(`--name "${name}" is not a valid npm package name`);
  const inbound = direction !== 'outbound';
  return {
    dir,
    name,
    force: values.force,
    inbound,
    outbound: direction !== 'inbound',
    rewrite: inbound && !values['no-rewrite'] && values.rewrite,
  };
}

/** The relative `$schema` of a sample file, pointed at the schemas shipped in the installed package. */
function relinkSchema(text: string, to: string): string {
  return text.replace(/("\$schema"\s*:\s*")(?:\.\.\/)+schemas\/([^"]+)"/, (_all, key: string, file: string) => {
    const depth = to.split('/').length - 1;
    return `${key}${'../'.repeat(depth)}node_modules/workmail-rules/schemas/${file}"`;
  });
}

/** Expectations about the rewrite are dropped from the sample events of a project without one. */
function withoutRewriteExpectations(text: string): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  for (const key of ['rewritten', 'rewrite', 'subject', 'footer']) delete value[key];
  return `${JSON.stringify(value, null, 2)}\n`;
}

function projectFiles(o: Options, dep: DependencyChoice): Map<string, string | Buffer> {
  const parts = new Set<Part>([
    'common',
    ...(o.inbound ? ['inbound' as const] : []),
    ...(o.outbound ? ['outbound' as const] : []),
    ...(o.rewrite ? ['rewrite' as const] : []),
  ]);
  const files = new Map<string, string | Buffer>();
  const template = templateContents();
  for (const f of template) {
    if (!parts.has(f.part) || f.to === 'cdk.json') continue;
    const raw = f.content;
    if (f.to.endsWith('.ts')) files.set(f.to, rewriteImports(raw.toString('utf8'), f.from));
    else if (f.to.endsWith('.json')) {
      const text = relinkSchema(raw.toString('utf8'), f.to);
      files.set(f.to, !o.rewrite && f.to.endsWith('.expect.json') ? withoutRewriteExpectations(text) : text);
    } else files.set(f.to, raw);
  }
  if (o.inbound && !o.rewrite) files.set('handlers/inbound.ts', INBOUND_WITHOUT_REWRITE);
  files.set('package.json', packageJson(o, dep.spec));
  if (dep.copy) files.set(dep.copy.to, fs.readFileSync(dep.copy.from));
  files.set('cdk.json', cdkJson(template.find((f) => f.to === 'cdk.json')!.content.toString('utf8'), o));
  files.set('tsconfig.json', TSCONFIG);
  files.set('jest.config.js', JEST_CONFIG);
  files.set('.gitignore', GITIGNORE);
  files.set('README.md', readme(o, dep.spec));
  return files;
}

function checkFolder(o: Options): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(o.dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new InitError(`cannot use ${o.dir} (${code ?? (e as Error).message}): choose a folder you can write to`);
  }
  const present = entries.filter((e) => e !== '.git');
  if (present.length > 0 && !o.force) {
    throw new InitError(
      `${o.dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', ...' : ''}); nothing was written. Choose an empty folder, or pass --force to write into it.`,
    );
  }
}

/** The first symbolic link on the way from the project folder to `rel` (a linked folder, or the file itself). */
function linkOnTheWay(dir: string, rel: string): string | undefined {
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = parts.slice(0, i).join('/');
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(path.join(dir, at));
    } catch {
      return undefined; // not there: init creates it
    }
    if (stat.isSymbolicLink()) return at;
  }
  return undefined;
}

/** init never writes through a symbolic link: a linked README, folder or dangling link is refused before anything is written. */
function refuseLinks(o: Options, files: Map<string, string | Buffer>): void {
  const links = [...new Set([...files.keys()].map((rel) => linkOnTheWay(o.dir, rel)).filter((l) => l !== undefined))];
  if (links.length === 0) return;
  const shown = links.map((l) => `${l} -> ${fs.readlinkSync(path.join(o.dir, l))}`);
  throw new InitError(
    `${o.dir} has symbolic links where init writes (${shown.join(', ')}); nothing was written. init never writes through a link: remove ${links.length > 1 ? 'them' : 'it'}, or choose another folder.`,
  );
}

/** Opening flags that refuse a link at the last step too (a link made after the check). */
const NO_FOLLOW = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0);

function write(o: Options, files: Map<string, string | Buffer>): void {
  refuseLinks(o, files);
  for (const [rel, content] of files) {
    const file = path.join(o.dir, rel);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, NO_FOLLOW, 0o666);
      try {
        fs.writeFileSync(fd, content);
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      throw new InitError(
        `cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): choose a folder you can write to`,
      );
    }
  }
}

export async function run(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(argv);
  } catch (e) {
    process.stderr.write(`workmail-rules init: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  try {
    checkFolder(options);
    const dep = dependencySpec(options.dir);
    const files = projectFiles(options, dep);
    write(options, files);
    const shown = path.relative(process.cwd(), options.dir) || '.';
    process.stdout.write(
      `Created ${options.name} in ${shown} (${files.size} files).\nworkmail-rules: "${dep.spec}" (${dep.origin}).\n\nNext:\n${shown === '.' ? '' : `  cd ${shown}\n`}  npm install\n  npm run replay\n  npm test\n  npx cdk synth --no-notices --lookups=false\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof InitError)) throw e;
    process.stderr.write(`workmail-rules init: ${e.message}\n`);
    return 1;
  }
}
