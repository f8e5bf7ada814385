/**
 * The sandbox's web page and JSON API on 127.0.0.1: `/` the list, `/messages/:id` one message,
 * `/api/messages[?recipient=&action=]`, `/api/messages/:id`, `/api/messages/:id/eml` (the received
 * message), `/api/messages/:id/delivered.eml`, `/api/events` (server-sent events, one per message).
 */
import * as http from 'node:http';
import { send } from '../http-util';
import { SCRIPT, STYLE } from './assets';
import { listPage, messagePage } from './page';
import { summary, type MessageStore } from './store';

const SECURITY = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const json = (res: http.ServerResponse, status: number, body: unknown) =>
  send(res, status, { ...SECURITY, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));

export function createHttpServer(store: MessageStore): http.Server {
  const streams = new Set<http.ServerResponse>();
  const onMessage = (m: unknown) => {
    for (const res of streams) res.write(`data: ${JSON.stringify(m)}\n\n`);
  };
  store.on('message', onMessage);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'only GET' });
    if (p === '/') return send(res, 200, { ...SECURITY, 'content-type': 'text/html; charset=utf-8' }, listPage());
    if (p === '/favicon.ico') return send(res, 204, SECURITY);
    if (p === '/style.css') return send(res, 200, { ...SECURITY, 'content-type': 'text/css; charset=utf-8' }, STYLE);
    if (p === '/app.js') return send(res, 200, { ...SECURITY, 'content-type': 'text/javascript; charset=utf-8' }, SCRIPT);
    if (p === '/api/events') {
      res.writeHead(200, { ...SECURITY, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (p === '/api/messages') {
      const filter = { recipient: url.searchParams.get('recipient') ?? undefined, action: url.searchParams.get('action') ?? undefined };
      return json(res, 200, { messages: store.list(filter) });
    }
    const m = /^\/(api\/messages|messages)\/([a-z0-9-]{1,120})(\/eml|\/delivered\.eml)?$/.exec(p);
    const rec = m ? store.get(m[2]!) : undefined;
    if (!m || !rec) {
      return json(res, 404, {
        error: `no such page or message: ${p} (messages are kept in memory while the sandbox runs; see the workmail-rules docs/sandbox.md)`,
      });
    }
    if (m[1] === 'messages') return send(res, 200, { ...SECURITY, 'content-type': 'text/html; charset=utf-8' }, messagePage(rec));
    if (m[3]) {
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
    return json(res, 200, { ...summary(rec), rewritten: rec.delivered !== rec.original });
  });
  server.on('close', () => {
    store.off('message', onMessage);
    for (const r of streams) r.end();
  });
  return server;
}
