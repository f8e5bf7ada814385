/**
 * PowerShell text for the transport rules: single-quoted strings (a quote doubled), which expand
 * nothing (`$`, backticks stay literal). PowerShell also ends a single-quoted string at the Unicode
 * quotes U+2018, U+2019, U+201A and U+201B, so a value holding one is refused, as are control
 * characters: no value can end its string or start a command.
 */

/** Why `s` cannot be a quoted value, or undefined. */
export function unquotable(s: string): string | undefined {
  const m = /[\u2018-\u201b]|[\x00-\x08\x0a-\x1f\x7f]/.exec(s);
  if (!m) return undefined;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\u2018-\u201b]/.test(m[0])
    ? `holds ${code}, a quotation mark PowerShell reads as the end of a string`
    : `holds the control character ${code}`;
}

export const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export type PsValue = string | number | boolean | readonly string[] | { variable: string };

export function psValue(v: PsValue): string {
  if (typeof v === 'boolean') return v ? '$true' : '$false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return psQuote(v);
  if ('variable' in v) return `$${v.variable}`;
  return `@(${v.map(psQuote).join(', ')})`;
}

/** `New-TransportRule -P1 v1 -P2 v2 …` on one line. */
export const psCommand = (cmd: string, params: readonly [string, PsValue][]): string =>
  [cmd, ...params.map(([k, v]) => `-${k} ${psValue(v)}`)].join(' ');
