/**
 * A JavaScript RegExp as a POSIX extended regular expression, the syntax of Sieve's `:regex`
 * (draft-ietf-sieve-regex; Pigeonhole compiles it with the C library's regcomp). Only a subset
 * translates with the same meaning for a yes/no search: literals, `.`, classes, groups,
 * alternation, greedy or lazy quantifiers (a search only asks whether some match exists, so
 * laziness does not change the answer), anchors, `\b`, `\d`, `\s`, `\w`, and one negative
 * lookahead of a single character at the very end. Anything else is reported, never guessed.
 */
import { exact, notExported, type Piece } from './types';

export interface PosixRegExp {
  source: string;
  /** The `i` flag: match with Sieve's default comparator (ASCII case folding) instead of i;octet. */
  ignoreCase: boolean;
}

const CLASS_ESCAPES: Record<string, [outside: string, inside: string]> = {
  d: ['[0-9]', '0-9'],
  s: ['[[:space:]]', '[:space:]'],
  w: ['[[:alnum:]_]', '[:alnum:]_'],
  D: ['[^0-9]', ''],
  S: ['[^[:space:]]', ''],
  W: ['[^[:alnum:]_]', ''],
};
const PUNCT = /[.*+?^${}()|[\]\\/-]/;
/** Repetition bounds above this make regcomp's automaton too big ("regular expression too big"). */
const MAX_REPEAT = 255;
/** Longer POSIX sources than this are refused: Sieve hosts bound the compiled size. */
const MAX_SOURCE = 2_000;

/** A `[...]` class starting at `i` (after `[`): its POSIX form and where it ends. */
function readClass(src: string, i: number): { text: string; end: number } | string {
  let negate = false;
  if (src[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let dash = false;
  for (; i < src.length && src[i] !== ']'; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const e = src[++i]!;
      const cls = CLASS_ESCAPES[e];
      if (cls && cls[1] !== '') body += cls[1];
      else if (e === '-') dash = true;
      else if (e === ']' || e === '[' || e === '^') return `the escaped "${e}" inside a class`;
      else if (PUNCT.test(e)) body += e;
      else return `the escape \\${e} inside a class`;
    } else if (ch === '[') return 'a "[" inside a class';
    else body += ch;
  }
  if (src[i] !== ']') return 'an unterminated class';
  if (body === '' && !dash) return 'an empty class';
  return { text: `[${negate ? '^' : ''}${body}${dash ? '-' : ''}]`, end: i };
}

function translate(src: string): { text: string } | string {
  let out = '';
  let prev = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const e = src[++i];
      if (e === undefined) return 'a trailing backslash';
      const cls = CLASS_ESCAPES[e];
      if (cls) out += cls[0];
      else if (e === 'b' || e === 'B') out += `\\${e}`;
      else if (PUNCT.test(e)) out += e === '/' || e === '-' ? e : `\\${e}`;
      else return `the escape \\${e}`;
    } else if (ch === '[') {
      const c = readClass(src, i + 1);
      if (typeof c === 'string') return c;
      out += c.text;
      i = c.end;
    } else if (ch === '(') {
      if (src.startsWith('(?:', i)) {
        out += '(';
        i += 2;
      } else if (src.startsWith('(?!', i)) {
        // Only `(?!X)` at the very end, X one character or class: "followed by no X" = `([^X]|$)`.
        const rest = src.slice(i + 3);
        const m = /^(\[[^\]]*\]|\\[dsw]|[^\\()[\]|])\)$/.exec(rest);
        if (!m) return 'a lookahead (only one of a single character at the end translates)';
        const inner = m[1]!.startsWith('[') ? m[1]!.slice(1, -1) : m[1]!.startsWith('\\') ? CLASS_ESCAPES[m[1]![1]!]![1] : m[1]!;
        if (inner.startsWith('^')) return 'a negated class inside a lookahead';
        const c = readClass(`^${inner}]`, 0);
        if (typeof c === 'string') return c;
        out += `(${c.text}|$)`;
        i = src.length;
      } else if (src[i + 1] === '?') return 'a lookaround or named group';
      else out += '(';
    } else if (ch === '{' || ch === '}') {
      // JavaScript reads `{` as a quantifier only in the form {n}, {n,} or {n,m}; anywhere else
      // (`a{`, `{,3}`, a lone `}`) it is a literal, which POSIX must see escaped.
      const q = ch === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i)) : null;
      if (q === null || prev === '' || /[(|]/.test(prev)) {
        out += `\\${ch}`;
        prev = 'a';
        continue;
      }
      const top = Math.max(Number(q[1]), q[3] ? Number(q[3]) : 0);
      if (top > MAX_REPEAT) return `a repetition of ${top} (Sieve hosts compile at most ${MAX_REPEAT})`;
      if (q[3] && Number(q[3]) < Number(q[1])) return 'a repetition whose bounds are out of order';
      out += q[0];
      i += q[0].length - 1;
      prev = '}';
      continue;
    } else if ((ch === '?' && /[*+?}]/.test(prev)) || (ch === '|' && /^[|)]?$/.test(src[i + 1] ?? ''))) {
      if (ch === '|') return 'an empty alternative';
      // a lazy quantifier: same yes/no answer as the greedy one
    } else if (ch === '|' && (prev === '(' || prev === '|' || out === '')) return 'an empty alternative';
    else if (ch.charCodeAt(0) > 0x7e || ch.charCodeAt(0) < 0x20) return 'a character outside printable ASCII';
    else out += ch;
    prev = ch;
  }
  return { text: out };
}

/** The POSIX form of `re`, or why it has none. */
export function toPosix(re: RegExp): Piece<PosixRegExp> {
  const extra = re.flags.replace(/[gyisd]/g, '');
  if (extra !== '') return notExported(`the RegExp ${String(re)} uses the flag(s) "${extra}", which POSIX regular expressions lack`);
  const t = translate(re.source);
  if (typeof t === 'string') return notExported(`the RegExp ${String(re)} has ${t}, which POSIX regular expressions lack`);
  if (t.text.length > MAX_SOURCE)
    return notExported(`the RegExp ${String(re).slice(0, 60)}… is longer than ${MAX_SOURCE} characters as a POSIX expression`);
  return exact({ source: t.text, ignoreCase: re.flags.includes('i') });
}
