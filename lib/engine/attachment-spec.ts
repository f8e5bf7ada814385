/**
 * Attachment specs, the one matcher of `attachment()` and of `removeAttachments()` (lib/runtime hands
 * it to the rewriter as a predicate). Every field given must hold; an empty spec matches all.
 */
import type { AttachmentFacts } from '../workmail/message-content';
import { stateless } from './conditions/text';

export interface AttachmentSpec {
  /** Case-insensitive glob (`*`, `?`; without wildcards the exact name) or a RegExp, tested on the whole file name as the OS saves it (osFileName). */
  name?: string | RegExp;
  /** One extension or a list, case-insensitive, with or without the dot (`'pdf'`, `['.exe', 'js']`); look-alike letters of other scripts count as Latin. */
  extension?: string | readonly string[];
  /** Exact type (`'application/pdf'`) or a whole family (`'image/*'`), case-insensitive; or a RegExp. */
  contentType?: string | RegExp;
  /** Decoded size at least this many bytes. */
  minBytes?: number;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

const asList = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);

/** Characters that show nothing: zero-width ones, bidirectional controls, the BOM. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\u034f|\u115f|\u1160|\u17b4|\u17b5/g;
/** An NTFS stream suffix (`::$DATA`, `:name:$DATA`) or alternate stream name (`file.txt:x`): Windows saves the file before it. */
const NTFS_STREAM = /:[^:]*(?::\$data)?$/i;
/** Letters of other scripts that look like Latin ones (the cheap part of Unicode's confusables), for extensions. */
const CONFUSABLE: Record<string, string> = Object.fromEntries(
  [...'аеорсхуікјѕԁһӏɡ'].map((c, i) => [c, 'aeopcxyikjsdhlg'[i]!]).concat([...'οαεκντχιρ'].map((c, i) => [c, 'oaekvtxip'[i]!])),
);

/**
 * A file name as the OS saving it reads it: the last path segment, NFKC (full-width letters are
 * ASCII), no invisible characters, no NTFS stream suffix, no trailing dots or spaces (Windows drops
 * them). Case is left as is (matching ignores it).
 */
export function osFileName(filename: string, streams = true): string {
  let name = filename.normalize('NFKC').replace(INVISIBLE, '');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  for (let before = ''; before !== name; ) {
    before = name;
    name = name.replace(/[. ]+$/, '').trim();
    if (streams) name = name.replace(NTFS_STREAM, '');
  }
  return name;
}

/** The names a file may be saved or shown under: with the NTFS stream suffix dropped, and kept (`a.txt:x.exe` is both). */
export function osFileNames(filename: string): string[] {
  return [...new Set([osFileName(filename), osFileName(filename, false)])];
}

/** The extension of an OS file name, lower-cased, with look-alike letters of other scripts read as Latin. */
export function osExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return '';
  return [...name.slice(dot + 1).toLowerCase()].map((c) => CONFUSABLE[c] ?? c).join('');
}

export function matchAttachment(spec: AttachmentSpec, facts: AttachmentFacts): boolean {
  const names = facts.filename === undefined ? [] : osFileNames(facts.filename).filter((n) => n !== '');
  if (spec.name !== undefined) {
    const re = typeof spec.name === 'string' ? globToRegExp(spec.name.trim()) : stateless(spec.name);
    if (!names.some((n) => re.test(n))) return false;
  }
  if (spec.extension !== undefined) {
    const wanted = asList(spec.extension).map((e) => osExtension(`x.${e.trim().replace(/^\./, '')}`));
    if (!names.some((n) => wanted.includes(osExtension(n)) && osExtension(n) !== '')) return false;
  }
  if (spec.contentType !== undefined) {
    const type = facts.contentType.split(';')[0]!.trim().toLowerCase();
    const w = spec.contentType instanceof RegExp ? spec.contentType : spec.contentType.trim().toLowerCase();
    if (w instanceof RegExp ? !stateless(w).test(type) : w.endsWith('/*') ? !type.startsWith(w.slice(0, -1)) : type !== w) return false;
  }
  if (spec.minBytes !== undefined && facts.size < spec.minBytes) return false;
  return true;
}

/** Why an attachment spec is invalid, one line per problem. */
export function attachmentSpecProblems(spec: AttachmentSpec): string[] {
  const out: string[] = [];
  if (spec === null || typeof spec !== 'object') return ['attachment() expects an object like { extension: "exe" }'];
  if (spec.name !== undefined && !(spec.name instanceof RegExp) && (typeof spec.name !== 'string' || spec.name.trim() === ''))
    out.push('attachment(): name must be a non-empty string or a RegExp');
  if (spec.extension !== undefined) {
    const list = asList(spec.extension);
    if (!Array.isArray(list) || list.length === 0 || list.some((e) => typeof e !== 'string' || !/^\.?[^.\s/\\]+$/.test(e.trim()))) {
      out.push('attachment(): extension must be one or more extensions like "exe" or ".pdf"');
    }
  }
  if (
    spec.contentType !== undefined &&
    !(spec.contentType instanceof RegExp) &&
    (typeof spec.contentType !== 'string' || !/^[^\s/]+\/[^\s/]+$/.test(spec.contentType.trim()))
  ) {
    out.push('attachment(): contentType must look like "type/subtype" or "type/*", or be a RegExp');
  }
  if (spec.minBytes !== undefined && !(Number.isFinite(spec.minBytes) && spec.minBytes >= 0))
    out.push('attachment(): minBytes must be a number ≥ 0');
  return out;
}
