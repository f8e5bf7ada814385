/**
 * The sandbox's web page and JSON API on 127.0.0.1: `/[?recipient=&action=]` the list (rendered on
 * the server), `/messages/:id` one message, `/api/messages[?recipient=&action=]`, `/api/messages/:id`,
 * `/api/messages/:id/eml` (the received message), `/api/messages/:id/delivered.eml`, `/api/events`
 * (server-sent events, one per new or updated message). Every request whose Host is not this machine
 * is refused first (host-check.ts).
 */
import * as http from 'node:http';
import { send } from '../http-util';
import { SCRIPT, STYLE } from './assets';
import { isLocalHost, refusal } from './host-check';
import { listPage, messagePage } from './page';
import { type MessageFilter, type MessageStore, summary } from './store';

const SECURITY = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const HTML = { ...SECURITY, 'content-type': 'text/html; charset=utf-8' };
const json = (res: http.ServerResponse, status: number, body: unknown) =>
  send(res, status, { ...SECURITY, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));

const filterOf = (url: URL): MessageFilter => ({
  recipient: url.searchParams.get('recipient') || undefined,
  action: url.searchParams.get('action') || undefined,
});

export function createHttpServer(store: MessageStore): http.Server {
  const streams = new Set<http.ServerResponse>();
  const onMessage = (m: unknown) => {
    for (const res of streams) res.write(`data: ${JSON.stringify(m)}\n\n`);
  };
  store.on('message', onMessage);
  // requireHostHeader off: a request without Host gets the sandbox's own refusal (421), not Node's 400
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    const port = req.socket.localPort;
    if (!isLocalHost(req.headers.host, port)) {
      return send(res, 421, { ...SECURITY, 'content-type': 'text/plain; charset=utf-8' }, refusal(port));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'only GET' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/events') return openStream(req, res, streams);
    return route(store, url, res);
  });
  server.on('close', () => {
    store.off('message', onMessage);
    for (const r of streams) r.end();
  });
  return server;
}

function openStream(req: http.IncomingMessage, res: http.ServerResponse, streams: Set<http.ServerResponse>): void {
  res.writeHead(200, { ...SECURITY, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(': connected\n\n');
  streams.add(res);
  req.on('close', () => streams.delete(res));
}

function route(store: MessageStore, url: URL, res: http.ServerResponse) {
  const p = url.pathname;
  if (p === '/') {
    const filter = filterOf(url);
    return send(res, 200, HTML, listPage(store.list(filter), filter));
  }
  if (p === '/favicon.ico') return send(res, 204, SECURITY);
  if (p === '/style.css') return send(res, 200, { ...SECURITY, 'content-type': 'text/css; charset=utf-8' }, STYLE);
  if (p === '/app.js') return send(res, 200, { ...SECURITY, 'content-type': 'text/javascript; charset=utf-8' }, SCRIPT);
  if (p === '/api/messages') return json(res, 200, { messages: store.list(filterOf(url)) });
  const m = /^\/(api\/messages|messages)\/([a-z0-9-]{1,120})(\/eml|\/delivered\.eml)?$/.exec(p);
  const rec = m ? store.get(m[2]!) : undefined;
  if (!m || !rec) {
    return json(res, 404, {
      error: `no such page or message: ${p} (messages are kept in memory while the sandbox runs; see the workmail-rules docs/sandbox.md)`,
    });
  }
  if (m[1] === 'messages') return send(res, 200, HTML, messagePage(rec));
  if (!m[3]) return json(res, 200, { ...summary(rec), rewritten: rec.delivered !== rec.original });
  const delivered = m[3] === '/delivered.eml';
  return send(
    res,
    200,
    {
      ...SECURITY,
      'content-type': 'message/rfc822',
      'content-disposition': `attachment; filename="${rec.id}${delivered ? '-delivered' : ''}.eml"`,
    },
    delivered ? rec.delivered : rec.original,
  );
}
