/**
 * A text rendering of a synthesized CloudWatch dashboard: its widgets on the 24-column grid, each
 * with its title and the metrics it plots. The dashboard picture of docs/operations.md is this rendering of the
 * example stack. Pure: takes the dashboard body (JSON), imports nothing.
 */

interface Widget {
  x: number;
  y: number;
  width: number;
  height: number;
  properties?: { title?: string; metrics?: unknown[] };
}

const COLUMN = 4;

/** The dashboard body from the template's `DashboardBody` (a string or an Fn::Join with tokens, shown as <Ref>). */
export function dashboardBodyOf(resolved: unknown): { widgets: Widget[] } {
  const text =
    typeof resolved === 'string'
      ? resolved
      : ((resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [])
          .map((p) => (typeof p === 'string' ? p : `<${Object.values(p as object)[0] as string}>`))
          .join('');
  return JSON.parse(text) as { widgets: Widget[] };
}

/** The metric names (or Metrics Insights queries) a widget plots, in order, each once. */
export function widgetMetrics(w: Widget): string[] {
  const out: string[] = [];
  for (const entry of w.properties?.metrics ?? []) {
    if (!Array.isArray(entry)) continue;
    const options = entry.at(-1);
    if (options && typeof options === 'object' && 'expression' in options) {
      const e = String((options as { expression: string }).expression);
      const m = /^SELECT (\w+\(\w+\))/.exec(e);
      out.push(m ? `top 10 ${m[1]}` : e);
    } else if (typeof entry[1] === 'string')
      out.push(entry[0] === 'AWS/Lambda' || entry[0] === 'AWS/SQS' ? `${entry[0]} ${entry[1]}` : entry[1]);
  }
  return [...new Set(out)];
}

function cell(text: string, width: number): string {
  const inner = width - 2;
  const t = text.length > inner ? `${text.slice(0, inner - 1)}…` : text;
  return ` ${t}${' '.repeat(inner - t.length)} `;
}

/** The grid: one box per widget, rows in order of y. */
export function renderDashboardLayout(body: { widgets: Widget[] }): string {
  const rows = new Map<number, Widget[]>();
  for (const w of body.widgets) rows.set(w.y, [...(rows.get(w.y) ?? []), w]);
  const lines: string[] = [];
  const border = (ws: Widget[]) => `+${ws.map((w) => '-'.repeat(w.width * COLUMN - 1)).join('+')}+`;
  for (const y of [...rows.keys()].sort((a, b) => a - b)) {
    const ws = rows.get(y)!.sort((a, b) => a.x - b.x);
    lines.push(border(ws));
    const metricLines = ws.map((w) => widgetMetrics(w));
    const height = Math.max(1, ...metricLines.map((m) => m.length));
    lines.push(`|${ws.map((w) => cell(w.properties?.title ?? '', w.width * COLUMN - 1)).join('|')}|`);
    for (let i = 0; i < height; i++) {
      lines.push(`|${ws.map((w, j) => cell(metricLines[j]![i] ? `· ${metricLines[j]![i]}` : '', w.width * COLUMN - 1)).join('|')}|`);
    }
    lines.push(border(ws));
  }
  // Adjacent rows share a border: keep one of two equal consecutive lines only when both are borders.
  return lines.filter((l, i) => !(l.startsWith('+') && lines[i + 1]?.startsWith('+'))).join('\n');
}
