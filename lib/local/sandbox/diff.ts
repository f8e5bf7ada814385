/**
 * A line diff of two messages (before and after the rewrite) for the page: the longest common
 * subsequence of lines, with the common head and tail trimmed first so a subject tag or a footer
 * costs little. Inputs over `maxLines` changed lines are summarized instead of compared.
 */
export type DiffLine = { op: ' ' | '-' | '+'; text: string };

export function lineDiff(before: string, after: string, maxLines = 2000): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const same = (lines: string[]): DiffLine[] => lines.map((text) => ({ op: ' ', text }));
  let middle: DiffLine[];
  if (x.length * y.length > maxLines * maxLines || x.length > maxLines || y.length > maxLines) {
    middle = [...x.map((text) => ({ op: '-' as const, text })), ...y.map((text) => ({ op: '+' as const, text }))];
  } else {
    const n = x.length;
    const m = y.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    middle = [];
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) {
        middle.push({ op: ' ', text: x[i++]! });
        j++;
      } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) middle.push({ op: '-', text: x[i++]! });
      else middle.push({ op: '+', text: y[j++]! });
    }
  }
  return [...same(a.slice(0, head)), ...middle, ...same(a.slice(a.length - tail))];
}

/** Only the changed lines with `context` unchanged lines around them; gaps become one `…` line. */
export function hunks(lines: DiffLine[], context = 3): DiffLine[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l.op === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = 1;
  });
  const out: DiffLine[] = [];
  let gap = false;
  lines.forEach((l, i) => {
    if (keep[i]) {
      out.push(l);
      gap = false;
    } else if (!gap) {
      out.push({ op: ' ', text: '…' });
      gap = true;
    }
  });
  return out;
}
