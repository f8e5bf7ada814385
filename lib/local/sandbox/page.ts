/** The sandbox's HTML: the message list (rendered here, kept live by the script) and one page per message. */
import { readHeaders } from '../../message/headers';
import { hunks, lineDiff } from './diff';
import type { MessageFilter } from './store';
import type { SandboxRecord, StoredRecord } from './types';

export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const ACTIONS = ['DEFAULT', 'BYPASS_SPAM_CHECK', 'MOVE_TO_JUNK', 'DROP', 'BOUNCE'];
/** The raw source shown on the page is cut here (the .eml download has it all). */
const SHOWN_BYTES = 256 * 1024;

function layout(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="stylesheet" href="/style.css"></head>
<body><header><h1>workmail-rules sandbox</h1><a href="/">messages</a><span>nothing leaves this machine</span></header><main>${content}</main>
<script src="/app.js"></script></body></html>`;
}

/** The list, rendered here so it reads without JavaScript; app.js only swaps in a fresh `#list` on changes. */
export function listPage(records: readonly SandboxRecord[], filter: MessageFilter = {}): string {
  const action = (filter.action ?? '').toUpperCase();
  const options = ACTIONS.map((a) => `<option${a === action ? ' selected' : ''}>${a}</option>`).join('');
  return layout(
    'Messages: workmail-rules sandbox',
    `<form class="filters" id="filters" method="get" action="/"><label>recipient <input name="recipient" placeholder="address or part" value="${esc(filter.recipient ?? '')}"></label>
<label>action <select name="action"><option value="">any</option>${options}</select></label><button type="submit">filter</button><span id="live"></span></form>
${messageList(records, filter)}`,
  );
}

/** `#list`: the count line, the table and, when empty, why. */
function messageList(records: readonly SandboxRecord[], filter: MessageFilter = {}): string {
  const failed = records.filter((r) => asyncFailures(r) > 0).length;
  const filtered = Boolean(filter.recipient || filter.action);
  const count = `${records.length} message${records.length === 1 ? '' : 's'}${filtered ? ' match the filter' : ''}`;
  const summary = `<p id="summary">${count}${failed ? `; <span class="async-failed">${failed} with a failed asynchronous function</span>` : ''}</p>`;
  const empty = records.length
    ? ''
    : `<p id="empty">${filtered ? 'No message matches the filter.' : 'No messages yet: send one to the SMTP port.'}</p>`;
  return `<div id="list">${summary}<table><thead><tr><th>received</th><th>direction</th><th>from</th><th>subject</th><th>recipients</th><th></th></tr></thead>
<tbody id="messages">${records.map(row).join('')}</tbody></table>${empty}</div>`;
}

const asyncFailures = (r: SandboxRecord) => r.async.filter((a) => a.error !== undefined).length;

function row(r: SandboxRecord): string {
  const id = esc(r.id);
  const badges = r.outcomes.map((o) => `<span class="badge a-${esc(o.action)}">${esc(o.recipient)}: ${esc(o.action)}</span>`).join('');
  const failed = r.async.filter((a) => a.error !== undefined);
  const mark = failed.length
    ? `<span class="badge async-failed" title="${esc(failed.map((a) => `${a.name}: ${a.error}`).join('\n'))}">async failed: ${failed.length} of ${r.async.length}</span>`
    : '';
  const fallback = r.fallback ? `<span class="fallback">fallback: ${esc(r.fallback.reason)}</span>` : '';
  return `<tr data-id="${id}"${failed.length ? ' class="async-failed"' : ''}><td><a href="/messages/${id}"><time datetime="${esc(r.receivedAt)}">${esc(r.receivedAt.slice(11, 19))} UTC</time></a></td><td>${esc(r.flowDirection)}</td><td>${esc(r.mailFrom || '<>')}</td><td>${esc(r.subject)}</td><td>${badges}</td><td>${fallback}${fallback && mark ? ' ' : ''}${mark}</td></tr>`;
}

const text = (b: Buffer, max = SHOWN_BYTES) =>
  b.subarray(0, max).toString('utf8') + (b.length > max ? `\n… (${b.length - max} more bytes: download the .eml)` : '');

export function messagePage(r: StoredRecord): string {
  const outcomes = r.outcomes
    .map(
      (o) =>
        `<tr class="outcome"><td>${esc(o.recipient)}${o.copy ? ' (added)' : ''}</td><td class="action a-${o.action}">${o.action}</td><td class="rule">${esc(o.rule ?? '-')}</td><td>${o.placement}${o.file ? ` <code>${esc(o.file)}</code>` : ''}${o.bounceMessage ? ` “${esc(o.bounceMessage)}”` : ''}</td></tr>`,
    )
    .join('');
  const why = r.fallback
    ? `<div class="why" id="fallback">Fallback applied (${esc(r.fallback.by === 'handler' ? "the handler's own fallback" : "the flow rule's fallback action")}): <b>${esc(r.fallback.reason)}</b>${r.fallback.detail ? `: ${esc(r.fallback.detail)}` : ''}</div>`
    : '';
  const trace = Object.entries(r.trace ?? {})
    .map(
      ([who, lines]) =>
        `${who}: ${lines.map((l) => `${l.rule} ${l.outcome}${l.mode === 'audit' ? ' (audit)' : ''}`).join(', ') || '(no rules)'}`,
    )
    .join('\n');
  const diff = r.rewrite?.changed
    ? hunks(lineDiff(text(r.original), text(r.delivered)))
        .map((l) =>
          l.op === '-'
            ? `<span class="del">- ${esc(l.text)}</span>`
            : l.op === '+'
              ? `<span class="add">+ ${esc(l.text)}</span>`
              : `  ${esc(l.text)}\n`,
        )
        .join('')
    : '';
  const headers = readHeaders(r.delivered)
    .map((h) => `<tr><th>${esc(h.name)}</th><td>${esc(h.value)}</td></tr>`)
    .join('');
  return layout(
    `${r.subject || '(no subject)'}: workmail-rules sandbox`,
    `<h2>${esc(r.subject || '(no subject)')}</h2>
<p>${r.flowDirection} from <b>${esc(r.mailFrom || '<>')}</b>, ${r.sizeBytes} bytes, decided by ${esc(r.functionName ?? '(no function)')} in ${r.decisionMs} ms. <a id="download" href="/api/messages/${r.id}/eml" download="${r.id}.eml">Download .eml</a></p>
${why}${r.notes.map((n) => `<div class="why note">${esc(n)}</div>`).join('')}
<h2>Recipients</h2><table id="outcomes"><thead><tr><th>recipient</th><th>action</th><th>rule</th><th>placed</th></tr></thead><tbody>${outcomes}</tbody></table>
${r.dsnFile ? `<p>Bounce report (DSN) written to <code>${esc(r.dsnFile)}</code></p>` : ''}
<h2>Rule trace</h2><pre id="trace">${esc(trace || '(no trace: the handler reported no decision)')}</pre>
<h2>Rewrite</h2>${r.rewrite ? `<p>status: ${esc(r.rewrite.status)}${r.rewrite.reason ? `: ${esc(r.rewrite.reason)}` : ''}</p>` : '<p>no rewrite step</p>'}${diff ? `<pre class="diff" id="diff">${diff}</pre>` : ''}
${r.async.length ? `<h2>Asynchronous functions</h2><ul id="async">${r.async.map((a) => (a.error !== undefined ? `<li class="async-failed">${esc(a.name)}: failed: ${esc(a.error)}</li>` : `<li>${esc(a.name)}: called</li>`)).join('')}</ul>` : ''}
<h2>Headers (as delivered)</h2><table id="headers">${headers}</table>
<h2>Raw source (as received)</h2><pre id="raw">${esc(text(r.original))}</pre>`,
  );
}
