/**
 * The local S3's operations on its in-memory store, path-style: each takes the parsed request and
 * answers it (or throws an S3Error, which the server sends as S3's XML error).
 */
import type * as http from 'node:http';
import { planBody, readCheckedBody } from './body';
import type { S3Store, StoredObject } from './store';
import { S3Error, listBucketsXml, listObjectsV2Xml, noSuchBucket } from './xml';

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

function reply(c: S3Call, status: number, headers: Record<string, string>, body?: Buffer | string): void {
  const buf = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  c.res.writeHead(status, { ...c.base, ...headers, 'content-length': String(headers['content-length'] ?? buf?.length ?? 0) });
  c.res.end(c.req.method === 'HEAD' ? undefined : buf);
}

const XML = { 'content-type': 'application/xml' };

/** Reads and drops a body the operation does not use (CreateBucket's configuration). */
function drain(req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.resume();
  });
}

function metadataOf(req: http.IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) meta[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return meta;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined for a header S3 would ignore. Throws InvalidRange when unsatisfiable. */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw invalidRange(value!, size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw invalidRange(value!, size);
  return { start, end };
}

const invalidRange = (range: string, size: number): S3Error =>
  new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: String(size) });

function objectHeaders(o: StoredObject): Record<string, string> {
  return {
    'content-type': o.contentType,
    etag: o.etag,
    'last-modified': o.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...o.metadata,
  };
}

function getObject(c: S3Call): void {
  const o = c.store.get(c.bucket, c.key);
  const range = parseRange(c.req.headers.range, o.body.length);
  const headers = objectHeaders(o);
  if (!range) {
    if (o.crc32 !== undefined && c.req.headers['x-amz-checksum-mode'] === 'ENABLED') {
      headers['x-amz-checksum-crc32'] = o.crc32;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    reply(c, 200, { ...headers, 'content-length': String(o.body.length) }, o.body);
    return;
  }
  const part = o.body.subarray(range.start, range.end + 1);
  reply(
    c,
    206,
    { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${o.body.length}`, 'content-length': String(part.length) },
    part,
  );
}

async function putObject(c: S3Call): Promise<void> {
  if (!c.store.hasBucket(c.bucket)) throw noSuchBucket(c.bucket);
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

function listObjectsV2(c: S3Call): void {
  const raw = c.query.get('max-keys');
  const maxKeys = raw === null ? 1000 : Number(raw);
  if (!/^\d+$/.test(raw ?? '0') || !Number.isSafeInteger(maxKeys)) {
    throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, { ArgumentName: 'max-keys' });
  }
  const result = c.store.listV2(c.bucket, {
    prefix: c.query.get('prefix') ?? '',
    maxKeys: Math.min(maxKeys, 1000),
    ...(c.query.get('delimiter') ? { delimiter: c.query.get('delimiter')! } : {}),
    ...(c.query.has('continuation-token') ? { continuationToken: c.query.get('continuation-token')! } : {}),
    ...(c.query.has('start-after') ? { startAfter: c.query.get('start-after')! } : {}),
  });
  reply(c, 200, XML, listObjectsV2Xml(result));
}

/** Operations the local S3 implements; everything else is answered 501 NotImplemented. */
export const S3_OPERATIONS: Record<string, (c: S3Call) => void | Promise<void>> = {
  ListBuckets: (c) => reply(c, 200, XML, listBucketsXml(c.store.listBuckets())),
  CreateBucket: async (c) => {
    c.store.createBucket(c.bucket);
    c.proceed();
    await drain(c.req);
    reply(c, 200, { location: `/${c.bucket}` });
  },
  HeadBucket: (c) => {
    if (!c.store.hasBucket(c.bucket)) throw noSuchBucket(c.bucket);
    reply(c, 200, { 'x-amz-bucket-region': 'us-east-1' });
  },
  DeleteBucket: (c) => {
    c.store.deleteBucket(c.bucket);
    reply(c, 204, {});
  },
  ListObjectsV2: listObjectsV2,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: getObject,
  DeleteObject: (c) => {
    c.store.delete(c.bucket, c.key);
    reply(c, 204, {});
  },
};
