/**
 * The MIME libraries, each loaded on first need and then kept. `await loadMimeLibraries(...)` loads
 * them with `import()`, so in a deployed bundle (ESM with code splitting, lib/cdk) each is a chunk
 * parsed only on the paths that need it; after that each getter is synchronous, so the whole edit and
 * check of a message stays one synchronous step that the runtime can interrupt at the deadline.
 * Outside a bundle (tests, tsx, the compiled package) a getter called before loading requires the
 * package from node_modules; inside a bundle there is none, and the getter throws a
 * MimeLibraryNotLoadedError saying what to await.
 */
import type { Transform } from 'node:stream';
import { WorkMailRulesError } from '../workmail/errors';

export class MimeLibraryNotLoadedError extends WorkMailRulesError {
  readonly code = 'MIME_LIBRARY_NOT_LOADED' as const;
  override readonly name = 'MimeLibraryNotLoadedError';
  constructor(
    /** The package that was not loaded. */
    readonly library: string,
    cause: unknown,
  ) {
    super(
      `The MIME library ${library} was used before it was loaded, and it cannot be required here (${String((cause as Error)?.message ?? cause).slice(0, 200)}). ` +
        "In a bundled function, call `await loadMimeLibraries()` (from 'workmail-rules') once before calling rewriteMessage or checkMime directly; " +
        'see "Your own calls in a bundled function" in the workmail-rules docs/rewriting.md.',
    );
  }
}

/** `require` hidden from bundlers: only reached outside a bundle, where node_modules exists. */
const nodeRequire: ((id: string) => unknown) | undefined = typeof require === 'function' ? require : undefined;

export interface MimeLibrary<T> {
  (): T;
  /** The package (or module) id. */
  readonly id: string;
  /** Loads it with `import()` (once). */
  load(): Promise<T>;
  /** Whether the getter can return it without loading. */
  loaded(): boolean;
}

/** The first library the current synchronous run reached before it was loaded. */
let missed: string | undefined;

function library<T>(id: string, load: () => Promise<T>): MimeLibrary<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  const unwrap = (m: unknown): T => ((m as { default?: unknown }).default ?? m) as T;
  const get = (() => {
    if (value !== undefined) return value;
    try {
      if (!nodeRequire) throw new Error('no require in this module system');
      value = nodeRequire(id) as T;
    } catch (err) {
      // Recorded as well as thrown: a library's own try/catch (mailsplit keeps a filename it could
      // not decode) may swallow the error, and withMimeLibraries must still load it and start again.
      missed ??= id;
      throw new MimeLibraryNotLoadedError(id, err);
    }
    return value;
  }) as MimeLibrary<T>;
  get.load = () => (loading ??= load().then((m) => (value ??= unwrap(m))));
  get.loaded = () => value !== undefined;
  Object.defineProperty(get, 'id', { value: id });
  return get;
}

// The loaders are internal (stripped from the published .d.ts, so a consumer's type check never reads
// these libraries' own typings) and typed explicitly (a declaration never has to name a transitive
// dependency such as domhandler, which a symlinked or pnpm node_modules may not let it reach).
/** @internal */
export const mailsplit: MimeLibrary<typeof import('@zone-eu/mailsplit')> = /* @__PURE__ */ library(
  '@zone-eu/mailsplit',
  () => import('@zone-eu/mailsplit'),
);
/** @internal */
export const qp: MimeLibrary<typeof import('nodemailer/lib/qp')> = /* @__PURE__ */ library(
  'nodemailer/lib/qp',
  () => import('nodemailer/lib/qp'),
);
/** The part of libmime used here (its declared class has private members, which a declaration file cannot name). */
export interface LibmimeApi {
  decodeWords(value: string): string;
  encodeWord(value: string, encoding: 'Q' | 'B', maxLength?: number): string;
  encodeWords(value: string, encoding: 'Q' | 'B', maxLength?: number): string;
  foldLines(value: string, lineLength?: number): string;
  detectMimeType(filename: string): string | false;
}
/** @internal */
export const libmime: MimeLibrary<LibmimeApi> = /* @__PURE__ */ library<LibmimeApi>(
  'libmime',
  async () => (await import('libmime')).default,
);
/** @internal */
export const libqp: MimeLibrary<typeof import('libqp')> = /* @__PURE__ */ library('libqp', () => import('libqp'));
/** @internal */
export const iconv: MimeLibrary<typeof import('iconv-lite')> = /* @__PURE__ */ library('iconv-lite', () => import('iconv-lite'));
/** The part of libmime's own charset module used (libmime-charset.ts hands it every name but UTF-8). */
export interface LibmimeCharset {
  decode(buf: Buffer | string, fromCharset?: string): string;
  convert(data: string | Buffer, fromCharset?: string): Buffer;
  normalizeCharset(charset?: unknown): string;
  createDecodeStream(charset?: string): Transform;
}
/** libmime's own charset module, with iconv-lite and encoding-japanese. @internal */
export const libmimeCharset: MimeLibrary<LibmimeCharset> = /* @__PURE__ */ library<LibmimeCharset>(
  'libmime/lib/charset.js',
  () => import('libmime/lib/charset.js'),
);
/** @internal */
export const htmlparser2: MimeLibrary<typeof import('htmlparser2')> = /* @__PURE__ */ library('htmlparser2', () => import('htmlparser2'));

/** The MIME libraries by the names `loadMimeLibraries` takes. */
export type MimeLibraryName = 'mailsplit' | 'qp' | 'libmime' | 'libmimeCharset' | 'libqp' | 'iconv' | 'htmlparser2';
const ALL: Record<MimeLibraryName, MimeLibrary<unknown>> = { mailsplit, qp, libmime, libmimeCharset, libqp, iconv, htmlparser2 };
const BY_ID = new Map<string, MimeLibrary<unknown>>(Object.values(ALL).map((l) => [l.id, l]));

/**
 * Runs the synchronous `run` with the libraries it turns out to need: when it reaches one that is not
 * loaded yet (it throws, or a library swallowed the throw), that one is loaded and `run` starts again
 * (it must have no effects before it returns).
 * Rules reading plain headers thus never load libmime and its charset tables, and rewriting a
 * text-only message never loads the HTML parser.
 */
export async function withMimeLibraries<T>(run: () => T): Promise<T> {
  for (let loads = 0; ; loads++) {
    missed = undefined;
    let lib: MimeLibrary<unknown> | undefined;
    try {
      const result = run();
      if (missed === undefined) return result;
      lib = BY_ID.get(missed);
      if (!lib || loads >= BY_ID.size) return result;
    } catch (err) {
      lib = err instanceof MimeLibraryNotLoadedError ? BY_ID.get(err.library) : undefined;
      if (!lib || loads >= BY_ID.size || lib.loaded()) throw err;
    } finally {
      missed = undefined;
    }
    await lib.load();
  }
}

/** Loads the named MIME libraries (all of them by default) so the synchronous edit and check can run. */
export async function loadMimeLibraries(names: readonly MimeLibraryName[] = Object.keys(ALL) as MimeLibraryName[]): Promise<void> {
  await Promise.all(names.map((n) => ALL[n].load()));
}
