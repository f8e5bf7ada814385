/**
 * Text matching shared by the subject, header and body conditions; and the habits of other pattern
 * languages caught at definition (a string written as a RegExp literal or as a glob, a glob with
 * RegExp alternation in an attachment name, a glob in an address pattern): each is a definition
 * warning, or for address patterns a problem, that gives the fix.
 */

/** How a text argument matches: a string is a case-insensitive substring, a RegExp is tested. */
export type TextMatch =
  | { kind: 'substring'; text: string /** As written, when it looks like a RegExp literal or a glob (a warning). */; written?: string }
  | { kind: 'exact'; text: string }
  | { kind: 'regexp'; regexp: RegExp }
  | { kind: 'invalid'; problem: string };

/** A string shaped like a RegExp literal, `/source/flags`, whose source compiles. */
export function looksLikeRegExp(value: string): boolean {
  const m = /^\/(.+)\/([dgimsuvy]*)$/s.exec(value.trim());
  if (m === null) return false;
  try {
    new RegExp(m[1]!, m[2]!);
    return true;
  } catch {
    return false;
  }
}

/** The RegExp without its stateful `g`/`y` flags (they make `test` depend on `lastIndex`). */
export const stateless = (re: RegExp): RegExp => new RegExp(re.source, re.flags.replace(/[gy]/g, ''));

/** A string is a case-insensitive substring; a RegExp is tested (stateless). */
export function toTextMatch(value: string | RegExp, what: string): TextMatch {
  if (value instanceof RegExp) return { kind: 'regexp', regexp: stateless(value) };
  if (typeof value !== 'string') return { kind: 'invalid', problem: `${what} expects a string or RegExp, got ${typeof value}` };
  if (value === '') return { kind: 'invalid', problem: `${what} expects a non-empty text (an empty text matches everything)` };
  const habit = looksLikeRegExp(value) || globSigns(value) !== undefined;
  return { kind: 'substring', text: value.toLowerCase(), ...(habit ? { written: value } : {}) };
}

/** Exact, case-insensitive, surrounding spaces ignored. */
export function exactText(value: string, what: string): TextMatch {
  if (typeof value !== 'string' || value.trim() === '') return { kind: 'invalid', problem: `${what} expects a non-empty string` };
  return { kind: 'exact', text: value.trim().toLowerCase() };
}

export function testText(match: TextMatch, text: string): boolean {
  switch (match.kind) {
    case 'substring':
      return text.toLowerCase().includes(match.text);
    case 'exact':
      return text.trim().toLowerCase() === match.text;
    case 'regexp':
      return match.regexp.test(text);
    case 'invalid':
      return false;
  }
}

export const showText = (match: TextMatch): string =>
  match.kind === 'regexp' ? String(match.regexp) : match.kind === 'invalid' ? '<invalid>' : JSON.stringify(match.text);

/** The text match's definition problem, if any. */
export const textProblems = (match: TextMatch | undefined): string[] => (match?.kind === 'invalid' ? [match.problem] : []);

/** The warning for a string that looks like a RegExp literal or a glob, if it is one. */
export function textWarnings(label: string, match: TextMatch | undefined): string[] {
  if (match?.kind !== 'substring' || match.written === undefined) return [];
  const written = match.written;
  if (looksLikeRegExp(written))
    return [
      `${label}: the string ${JSON.stringify(written)} is matched as plain text; did you mean the RegExp ${written} (without quotes)?`,
    ];
  const signs = globSigns(written);
  if (signs === undefined) return [];
  const plain = written.trim().replace(/^\*+|\*+$/g, '');
  const call = (arg: string) => (label.endsWith('()') ? `${label.slice(0, -1)}${arg})` : `${label.slice(0, -1)}, ${arg})`);
  const fix =
    plain !== '' && !plain.includes('*') && globSigns(plain) === undefined
      ? `did you mean ${call(JSON.stringify(plain))} (plain text already matches anywhere, case-insensitive)?`
      : plain === ''
        ? 'to match anything, leave the condition out.'
        : `did you mean ${call(`/${globSource(written, signs)}/i`)} (a RegExp)?`;
  return [
    `${label}: the string ${JSON.stringify(written)} looks like a glob (${signs.join(', ')}), but text is matched as plain text, where * ? [ ] match only themselves, so it matches almost nothing; ${fix} To match the characters as written, give the RegExp /${escapeRegExp(written)}/i.`,
  ];
}

/** Escape a text for use inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A `[...]` group, read as a glob character class when it is a range (`[0-9]`), a negation (`[!x]`), one letter in both cases (`[Ss]`), or inside a word (`v[i1]agra`). */
function globClasses(text: string): RegExpMatchArray[] {
  return [...text.matchAll(/\[([^\]\s]{1,40})\]/g)].filter((m) => {
    const inner = m[1]!;
    const before = text[m.index! - 1] ?? '';
    const after = text[m.index! + m[0].length] ?? '';
    return (
      /^[!^]?(?:[a-z0-9]-[a-z0-9])+$/i.test(inner) ||
      /^!./.test(inner) ||
      (inner.length === 2 && inner[0] !== inner[1] && inner[0]!.toLowerCase() === inner[1]!.toLowerCase()) ||
      (/\w/.test(before) && /\w/.test(after))
    );
  });
}

/** `?` inside a word (`inv?ice`), not a question and not a URL's query (`page?id=`). */
const globQuestion = (text: string): boolean => /[\w\]]\?+[\w[]/.test(text) && !/:\/\/|\?[\w.-]+=/.test(text);

/**
 * The glob signs of a plain text (a leading or trailing `*`, `?` inside a word, a `[...]` class), or
 * undefined when it reads as ordinary text. `[SPAM]` alone is text (a subject tag), and so is a question mark ending a question.
 */
export function globSigns(text: string): string[] | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const signs: string[] = [];
  if (/^\*|\*$/.test(t)) signs.push('a leading or trailing "*"');
  if (globQuestion(t)) signs.push('"?" as a wildcard');
  if (globClasses(t).length > 0) signs.push('"[...]" as a character class');
  return signs.length > 0 ? signs : undefined;
}

/** The RegExp source a glob means, as a substring test: `*` any text, `?` one character, a glob class kept. */
function globSource(text: string, signs: readonly string[]): string {
  const t = text.trim();
  const classes = new Map(globClasses(t).map((m) => [m.index!, m[0]]));
  const questions = signs.some((s) => s.startsWith('"?"'));
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const cls = classes.get(i);
    if (cls !== undefined) {
      out += cls.replace(/^\[!/, '[^');
      i += cls.length - 1;
    } else if (t[i] === '*') out += '.*';
    else if (t[i] === '?' && questions) out += '.';
    else out += escapeRegExp(t[i]!);
  }
  return out.replace(/^(?:\.\*)+|(?:\.\*)+$/g, '');
}

/**
 * The warning for an attachment name glob written with RegExp syntax (`*.(exe|js)`, `*.{exe,js}`):
 * the glob knows only `*` and `?`, so the name matches nothing as meant.
 */
export function attachmentNameWarnings(name: unknown): string[] {
  if (typeof name !== 'string') return [];
  if (looksLikeRegExp(name))
    return [`attachment(): the name ${JSON.stringify(name)} is matched as a glob; did you mean the RegExp ${name} (without quotes)?`];
  const t = name.trim();
  const group = /\(([^()]*\|[^()]*)\)|\{([^{}]*,[^{}]*)\}/.exec(t);
  if (group === null && !t.includes('|')) return [];
  const glob = (part: string) => escapeRegExp(part).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');
  let alternatives: string[];
  let source: string;
  let extensions: string[] | undefined;
  if (group !== null) {
    alternatives = (group[1] ?? group[2]!).split(/[|,]/).map((a) => a.trim());
    source = t
      .split(group[0])
      .map(glob)
      .join(`(${alternatives.map(escapeRegExp).join('|')})`);
    const onlyExtensions = t.slice(0, group.index) === '*.' && group.index + group[0].length === t.length;
    extensions = onlyExtensions ? alternatives : undefined;
  } else {
    alternatives = t.split('|').map((a) => a.trim());
    const anchored = alternatives.map((a) => (a.startsWith('*') ? glob(a).replace(/^(?:\.\*)+/, '') : `^${glob(a)}`));
    source = `(?:${anchored.join('|')})`;
    const ext = alternatives.map((a) => /^\*\.(.+)$/.exec(a)?.[1]);
    extensions = ext.every((e) => e !== undefined) ? (ext as string[]) : undefined;
  }
  if (extensions?.some((e) => !/^[\w-]+$/.test(e))) extensions = undefined;
  const regexp = `/${group === null ? `${source}$` : `^${source}$`.replace(/^\^(?:\.\*)+/, '')}/i`;
  const shown = group?.[0] ?? '|';
  return [
    `attachment(): the name ${JSON.stringify(name)} is a glob, which knows only * and ?, not the alternation ${JSON.stringify(shown)}, so it matches no attachment as meant; give ${extensions ? `extension: [${extensions.map((e) => `'${e}'`).join(', ')}], or ` : ''}the RegExp name: ${regexp}.`,
  ];
}

/**
 * The RegExp an address pattern written with a glob in it means (`former-*@corp.example`), for the
 * problem's fix: `*` in the user part is one or more characters but "@", `*.` before a domain any
 * subdomains; undefined when the pattern holds no "*".
 */
export function addressGlobRegExp(pattern: string): string | undefined {
  const p = pattern.trim();
  if (!p.includes('*') || p === '*') return undefined;
  const at = p.lastIndexOf('@');
  const local = at < 0 ? undefined : p.slice(0, at);
  const domain = at < 0 ? p : p.slice(at + 1);
  const localSource = local === undefined ? '[^@]+' : escapeRegExp(local).replace(/\\\*/g, '[^@]+');
  const exact = escapeRegExp(domain.replace(/^\*\./, '')).replace(/\\\*/g, '[^@.]+');
  // Written without a repeated group (safe-regex2 would call `(?:[^@]+\.)?d` a runaway).
  const domainSource = domain.startsWith('*.') ? `(?:${exact}|[^@]+\\.${exact})` : exact;
  return `/^${localSource}@${domainSource}$/i`;
}

/** The RegExp a text match tests, for the runaway-pattern check. */
export const textRegExps = (match: TextMatch | undefined): RegExp[] => (match?.kind === 'regexp' ? [match.regexp] : []);
