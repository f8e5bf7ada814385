/**
 * A JavaScript RegExp as an RE2 regular expression, the syntax of Google Workspace's "Matches regex":
 * RE2 has no backreferences and no lookaround (a RegExp with them is not exported), writes code points
 * as `\x{…}` and named groups as `(?P<name>…)`, and takes flags inline (`(?i)`, `(?s)`, `(?m)`).
 */
import { exact, notExported, type Piece } from '../types';

function escapeAt(src: string, i: number, inClass: boolean): { text: string; skip: number } | string {
  const e = src[i + 1];
  if (e === undefined) return 'a trailing backslash';
  if (/[1-9]/.test(e) && !inClass) return `a backreference (\\${e})`;
  if (e === 'k' && src[i + 2] === '<') return 'a named backreference (\\k<…>)';
  if (e === 'c') return 'a control escape (\\c)';
  if (e === 'b' && inClass) return 'the escape \\b inside a class';
  if (e === '0') return { text: '\\x00', skip: 1 };
  const u = /^u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]+)\})/.exec(src.slice(i + 1));
  if (u) return { text: `\\x{${u[1] ?? u[2]}}`, skip: u[0].length };
  if (e === '/') return { text: '/', skip: 1 };
  return { text: `\\${e}`, skip: 1 };
}

function groupAt(src: string, i: number): { text: string; skip: number } | string {
  if (src.startsWith('(?=', i) || src.startsWith('(?!', i)) return 'a lookahead';
  if (src.startsWith('(?<=', i) || src.startsWith('(?<!', i)) return 'a lookbehind';
  if (src.startsWith('(?<', i)) return { text: '(?P<', skip: 2 };
  return { text: '(', skip: 0 };
}

function translate(src: string): { text: string } | string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    let step: { text: string; skip: number } | string = { text: ch, skip: 0 };
    if (ch === '\\') step = escapeAt(src, i, inClass);
    else if (inClass && ch === ']') inClass = false;
    else if (!inClass && ch === '[') {
      if (src.startsWith('[^]', i) || src.startsWith('[]', i)) return 'an empty or match-all class ([] or [^])';
      inClass = true;
    } else if (!inClass && ch === '(') step = groupAt(src, i);
    if (typeof step === 'string') return step;
    out += step.text;
    i += step.skip;
  }
  return { text: out };
}

export interface Re2 {
  /** The translated source, without flags. */
  source: string;
  /** Inline flags the RegExp needs (`i`, `m`, `s`), in that order. */
  flags: string;
}

/** The RE2 form of `re`, or why it has none. */
export function toRe2(re: RegExp): Piece<Re2> {
  if (re.flags.includes('v')) return notExported(`the RegExp ${String(re)} uses the v flag, which Google's RE2 regular expressions lack`);
  const t = translate(re.source);
  if (typeof t === 'string') return notExported(`the RegExp ${String(re)} has ${t}, which Google's RE2 regular expressions lack`);
  return exact({ source: t.text, flags: ['i', 'm', 's'].filter((f) => re.flags.includes(f)).join('') });
}

/** A standalone RE2 pattern: inline flags first. */
export const re2Alone = (r: Re2): string => (r.flags ? `(?${r.flags})${r.source}` : r.source);

/** The pattern as a group inside a case-insensitive pattern: its own flags, `-i` when case-sensitive. */
export const re2Inside = (r: Re2): string => `(?${r.flags || ''}${r.flags.includes('i') ? '' : '-i'}:${r.source})`;

/** Text as a literal inside an RE2 pattern. */
export const re2Literal = (s: string): string => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
