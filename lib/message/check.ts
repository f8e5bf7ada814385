/**
 * The MIME checks PutRawMessageContent applies to new content (https://docs.aws.amazon.com/workmail/latest/APIReference/API_messageflow_RawMessageContent.html):
 * line length, structure, immutable and unique headers, size; bodies are never decoded or copied.
 * Given the original, also the part structure: a rewrite may change only what an edit changes.
 */
import { LIMITS } from '../workmail/limits';
import { IMMUTABLE_HEADERS, inHeaderList } from './immutable-headers';
import { readHeaders, type Field } from './headers';
import { MimeLimitError, scanParts, walk, type MimePart } from './parts';
import { structureChanges } from './structure';
import { WorkMailRulesError } from '../workmail/errors';

export type MimeRule = 'line-length' | 'multipart' | 'immutable-header' | 'unique-header' | 'size' | 'structure';

export interface MimeProblem {
  rule: MimeRule;
  message: string;
}

/** Headers that may appear at most once (RFC 5322 §3.6). */
export const UNIQUE_HEADERS: readonly string[] = [
  'Date',
  'From',
  'Sender',
  'Reply-To',
  'To',
  'Cc',
  'Bcc',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Subject',
];

/** Thrown by code that refuses to upload content failing the checks. */
export class MimeCheckError extends WorkMailRulesError {
  readonly code = 'MIME_CHECK' as const;
  override readonly name = 'MimeCheckError';
  constructor(
    readonly problems: MimeProblem[],
    where = 'message',
  ) {
    super(
      `${where} fails ${problems.length} MIME check(s) that WorkMail applies before accepting new content: ` +
        problems.map((p) => `[${p.rule}] ${p.message}`).join('; ') +
        '. Fix the edit that produced it (keep lines short, keep immutable headers, close every boundary).',
    );
  }
}

const LF = 0x0a;
const MAX_REPORTED = 5;

/** Runs every check; an empty list means WorkMail's known rules are met. Linear in the message. */
export function checkMime(raw: Buffer, original?: Buffer): MimeProblem[] {
  const problems: MimeProblem[] = [];
  if (raw.length > LIMITS.maxMimeBytes) {
    problems.push({ rule: 'size', message: `message is ${raw.length} bytes, over the ${LIMITS.maxMimeBytes}-byte MIME limit` });
  }
  problems.push(...lineProblems(raw));
  let root: MimePart;
  try {
    root = scanParts(raw, { embedded: true });
  } catch (err) {
    if (!(err instanceof MimeLimitError)) throw err;
    problems.push({ rule: 'size', message: `${err.message}: beyond what is checked` });
    return problems;
  }
  const top = readHeaders(raw, root.header, true);
  problems.push(...structureProblems(root), ...uniqueHeaderProblems(top));
  if (original) {
    problems.push(...immutableHeaderProblems(top, readHeaders(original, undefined, true)));
    try {
      problems.push(...structureChanges(raw, original).map((message) => ({ rule: 'structure' as const, message })));
    } catch (err) {
      if (!(err instanceof MimeLimitError)) throw err;
      problems.push({ rule: 'structure', message: `${err.message}: the structures cannot be compared` });
    }
  }
  return problems;
}

/** Throws MimeCheckError when checkMime finds anything. */
export function assertMime(raw: Buffer, original?: Buffer, where?: string): void {
  const problems = checkMime(raw, original);
  if (problems.length > 0) throw new MimeCheckError(problems, where);
}

function lineProblems(raw: Buffer): MimeProblem[] {
  const problems: MimeProblem[] = [];
  let long = 0;
  let lineNo = 0;
  for (let start = 0; start < raw.length; ) {
    lineNo++;
    const nl = raw.indexOf(LF, start);
    const end = nl === -1 ? raw.length : nl + 1;
    if (end - start > LIMITS.maxLineOctets && ++long <= MAX_REPORTED) {
      problems.push({
        rule: 'line-length',
        message: `line ${lineNo} is ${end - start} octets; the limit is ${LIMITS.maxLineOctets} including CRLF (encode the part quoted-printable or base64)`,
      });
    }
    start = end;
  }
  if (long > MAX_REPORTED)
    problems.push({ rule: 'line-length', message: `${long - MAX_REPORTED} more line(s) over ${LIMITS.maxLineOctets} octets` });
  return problems;
}

function structureProblems(root: MimePart): MimeProblem[] {
  const problems: MimeProblem[] = [];
  const add = (message: string) => problems.push({ rule: 'multipart', message });
  for (const p of walk(root)) {
    const d = p.delimiting;
    if (!d) continue;
    const where = p.path ? `part ${p.path}` : 'the root';
    if (d.boundary === undefined) {
      add(`a multipart/${p.multipart} part (${where}, byte ${p.header.start}) has no boundary parameter`);
      continue;
    }
    const b = d.boundary;
    if (d.closedEmpty) add(`boundary "${b}" is closed without any part`);
    if (d.closed) continue;
    if (d.delimiters === 0) add(`boundary "${b}" is declared but no part uses it`);
    else if (d.interrupted) add(`boundary "${b}" is not closed before the enclosing boundary continues`);
    else add(`boundary "${b}" is opened but never closed (missing "--${b}--")`);
  }
  return problems;
}

function uniqueHeaderProblems(headers: Field[]): MimeProblem[] {
  const problems: MimeProblem[] = [];
  for (const name of UNIQUE_HEADERS) {
    const lower = name.toLowerCase();
    const count = headers.filter((h) => h.name.toLowerCase() === lower).length;
    if (count > 1) problems.push({ rule: 'unique-header', message: `${name} appears ${count} times; it may appear at most once` });
  }
  return problems;
}

function immutableHeaderProblems(now: Field[], before: Field[]): MimeProblem[] {
  const group = (fields: Field[]): Map<string, { name: string; values: string[] }> => {
    const m = new Map<string, { name: string; values: string[] }>();
    for (const f of fields.filter((f) => inHeaderList(IMMUTABLE_HEADERS, f.name))) {
      const key = f.name.toLowerCase();
      if (!m.has(key)) m.set(key, { name: f.name, values: [] });
      m.get(key)!.values.push(f.value.replace(/\s+/g, ' '));
    }
    return m;
  };
  const [a, b] = [group(before), group(now)];
  const stay = 'it is immutable and must stay as in the original';
  const problems: MimeProblem[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(key);
    const is = b.get(key);
    const name = (was ?? is)!.name;
    let message: string | undefined;
    if (!was) message = `${name} was added; ${stay}`;
    else if (!is) message = `${name} was removed; ${stay}`;
    else if (was.values.length !== is.values.length)
      message = `${name} appears ${is.values.length} time(s), the original had ${was.values.length}; it is immutable`;
    else if (was.values.some((v, i) => v !== is.values[i])) message = `${name} was changed; ${stay}`;
    if (message) problems.push({ rule: 'immutable-header', message });
  }
  return problems;
}
