/**
 * The habits of other pattern languages, caught at definition: a plain text that reads as a glob
 * (`subject('*[SPAM]*')`), an attachment name glob with RegExp alternation (`*.(exe|js)`), and the
 * RegExp an address pattern with a glob means (for its refusal). Plugged in by the full entry
 * (habits-check.ts); the envelope entry's bundles leave it out.
 */
import { escapeRegExp } from './conditions/text';

/** The glob warning for a plain text, with the fix; undefined when the text reads as ordinary text. */
export function globTextWarning(label: string, written: string): string | undefined {
  const signs = globSigns(written);
  if (signs === undefined) return undefined;
  const plain = written.trim().replace(/^\*+|\*+$/g, '');
  const call = (arg: string) => (label.endsWith('()') ? `${label.slice(0, -1)}${arg})` : `${label.slice(0, -1)}, ${arg})`);
  const fix =
    plain !== '' && !plain.includes('*') && globSigns(plain) === undefined
      ? `did you mean ${call(JSON.stringify(plain))} (plain text already matches anywhere, case-insensitive)?`
      : plain === ''
        ? 'to match anything, leave the condition out.'
        : `did you mean ${call(`/${globSource(written, signs)}/i`)} (a RegExp)?`;
  return `${label}: the string ${JSON.stringify(written)} looks like a glob (${signs.join(', ')}), but text is matched as plain text, where * ? [ ] match only themselves, so it matches almost nothing; ${fix} To match the characters as written, give the RegExp /${escapeRegExp(written)}/i.`;
}

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
export function attachmentNameGlobWarnings(name: string): string[] {
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
export function addressPatternRegExp(pattern: string): string | undefined {
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
