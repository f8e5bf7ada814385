/**
 * Markdown text for the checklist: every user string (rule names, descriptions, patterns, bounce
 * texts, addresses) goes through `mdText`, so it renders as the literal characters and cannot open a
 * link, an image, HTML, a code span, emphasis, a table cell, a heading or a new line.
 */

/** Characters that end the line or change what follows it: shown as a space (breaks, tab) or U+FFFD. */
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** CommonMark backslash-escapes any ASCII punctuation; these are the ones that can mean something. */
const SPECIAL = /[\\`*_[\]<>|#&$~!{}]/g;

/** A user string as Markdown text that renders as exactly its characters (controls replaced). */
export function mdText(s: string): string {
  return s.replace(CONTROL, (c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : '\uFFFD')).replace(SPECIAL, '\\$&');
}

/** A value the admin types in: escaped, in quotes so leading and trailing spaces show. */
export const mdValue = (s: string): string => `“${mdText(s)}”`;

/** A nested list item, two spaces of indent per level. */
export const item = (level: number, text: string): string => `${'  '.repeat(level)}- ${text}`;
