/**
 * The operations the local S3 serves, on its in-memory store, path-style: each takes the parsed
 * request and answers it (or throws an S3Error, which the server sends as S3's XML error).
 */
import type * as http from 'node:http';
import { planBody, readCheckedBody } from './body';
import type { S3Store } from './store';
import { S3Error, listObjectsV2Xml } from './xml';

export interface S3Call {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  operation: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  /** The raw (still percent-encoded) path. */
  pathname: string;
  store: S3Store;
  maxBodyBytes: number;
  /** Headers every response carries (x-amz-request-id, …). */
  base: Record<string, string>;
  /** Sends `100 Continue` when the client waits for it; called once the headers passed every check. */
  proceed(): void;
}

/** S3's answer to what the local S3 does not serve (the SDK raises it as `NotImplemented`). */
export const notImplemented = (what: string): S3Error =>
  new S3Error(
    'NotImplemented',
    `A header you provided implies functionality that is not implemented (the local S3 serves PutObject, GetObject and ListObjectsV2 by prefix, not ${what}; see "The emulators directly" in docs/testing.md)`,
    501,
  );

function reply(c: S3Call, status: number, headers: Record<string, string>, body?: Buffer | string): void {
  const buf = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  c.res.writeHead(status, { ...c.base, ...headers, 'content-length': String(buf?.length ?? 0) });
  c.res.end(buf);
}

function metadataOf(req: http.IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) meta[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return meta;
}

function getObject(c: S3Call): void {
  if (c.req.headers.range !== undefined) throw notImplemented('Range reads');
  const o = c.store.get(c.bucket, c.key);
  const headers: Record<string, string> = {
    'content-type': o.contentType,
    etag: o.etag,
    'last-modified': o.lastModified.toUTCString(),
    ...o.metadata,
  };
  if (o.crc32 !== undefined && c.req.headers['x-amz-checksum-mode'] === 'ENABLED') {
    headers['x-amz-checksum-crc32'] = o.crc32;
    headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  reply(c, 200, headers, o.body);
}

async function putObject(c: S3Call): Promise<void> {
  c.store.check(c.bucket);
  const plan = planBody(c.req, c.maxBodyBytes);
  c.proceed();
  const checked = await readCheckedBody(c.req, plan, c.maxBodyBytes);
  const contentType = c.req.headers['content-type'];
  const o = c.store.put(c.bucket, c.key, {
    body: checked.body,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(checked.crc32 !== undefined ? { crc32: checked.crc32, crc32Value: checked.crc32Value! } : {}),
    metadata: metadataOf(c.req),
  });
  reply(c, 200, {
    etag: o.etag,
    ...(o.crc32 !== undefined ? { 'x-amz-checksum-crc32': o.crc32, 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
  });
}

/** One page with every key under the prefix; more than S3's 1000 per page would need pagination, which is not served. */
function listObjectsV2(c: S3Call): void {
  const prefix = c.query.get('prefix') ?? '';
  const found = c.store.list(c.bucket, prefix);
  if (found.length > 1000) throw notImplemented('listings over 1000 keys');
  const contents = found.map(({ key, object: o }) => ({ key, size: o.body.length, etag: o.etag, lastModified: o.lastModified }));
  reply(c, 200, { 'content-type': 'application/xml' }, listObjectsV2Xml(c.bucket, prefix, contents));
}

/** The served operations and the query parameters each accepts (`x-id` is the SDK's own tag). */
export const S3_OPERATIONS: Record<string, { params: readonly string[]; run: (c: S3Call) => void | Promise<void> }> = {
  PutObject: { params: ['x-id'], run: putObject },
  GetObject: { params: ['x-id'], run: getObject },
  ListObjectsV2: { params: ['x-id', 'list-type', 'prefix', 'encoding-type'], run: listObjectsV2 },
};
