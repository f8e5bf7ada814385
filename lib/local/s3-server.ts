/**
 * The local S3: s3rver on 127.0.0.1 (a temporary directory, removed on close) behind a small
 * node:http proxy that records requests and injects faults in S3's own XML error format.
 */
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Faults } from './faults';
import { sleep } from './faults';
import { close, listen, send } from './http-util';
import type { RequestRecord } from './types';

export interface S3Server {
  /** The proxy endpoint the SDK talks to. */
  endpoint: string;
  readObject(bucket: string, key: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

/** Names the S3 operation of a path-style request. */
export function s3Operation(method: string, pathname: string, query: URLSearchParams, headers: http.IncomingHttpHeaders): string {
  const [bucket, ...rest] = pathname.split('/').filter((s, i) => i > 0 || s !== '');
  const key = rest.join('/');
  if (!bucket) return method === 'GET' ? 'ListBuckets' : 'Unknown';
  if (!key) {
    switch (method) {
      case 'PUT':
        return 'CreateBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'POST':
        return query.has('delete') ? 'DeleteObjects' : 'Unknown';
      case 'GET':
        return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      default:
        return 'Unknown';
    }
  }
  switch (method) {
    case 'PUT':
      if (query.has('uploadId')) return 'UploadPart';
      return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'POST':
      if (query.has('uploads')) return 'CreateMultipartUpload';
      return query.has('uploadId') ? 'CompleteMultipartUpload' : 'Unknown';
    default:
      return 'Unknown';
  }
}

const xmlEscape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Temporary directories of running servers, removed at process exit if stop() was never called. */
const liveDirectories = new Set<string>();
let exitHookInstalled = false;
function trackDirectory(dir: string): void {
  liveDirectories.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const d of liveDirectories) fsSync.rmSync(d, { recursive: true, force: true });
  });
}

interface ResourceStore {
  getResourcePath(bucket: string, key?: string, resource?: string): string;
}

/**
 * S3 keys are opaque names, but s3rver turns them into file paths: `../../x` would land outside
 * its folder. Segments made only of dots get a `~` (and dots followed by `~` one more `~`, so the
 * mapping stays one to one), and every path is checked to stay inside the folder.
 */
export function safeKeyPath(key: string): string {
  return key
    .split('/')
    .map((seg) => (/^\.+~*$/.test(seg) ? `${seg}~` : seg))
    .join('/');
}

function keepInside(store: ResourceStore, directory: string): void {
  const original = store.getResourcePath.bind(store);
  const root = path.resolve(directory) + path.sep;
  store.getResourcePath = (bucket, key, resource) => {
    const p = original(bucket, key === undefined ? key : safeKeyPath(key), resource);
    if (!path.resolve(p).startsWith(root))
      throw new Error(`local S3: bucket or key resolves outside the store (${JSON.stringify(bucket)})`);
    return p;
  };
}

export async function startS3Server(opts: {
  bucket: string;
  faults: Faults;
  requests: RequestRecord[];
  unref?: boolean;
}): Promise<S3Server> {
  const S3rver = (await import('s3rver')).default;
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'workmail-rules-s3-'));
  trackDirectory(directory);
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [{ name: opts.bucket }],
  });
  let backendPort: number;
  try {
    ({ port: backendPort } = await s3rver.run());
  } catch (err) {
    await fs.rm(directory, { recursive: true, force: true });
    liveDirectories.delete(directory);
    throw err;
  }

  keepInside(s3rver.store as unknown as ResourceStore, directory);

  const proxy = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RequestRecord = {
      service: 's3',
      method: req.method ?? '',
      path: url.pathname,
      operation: s3Operation(req.method ?? '', url.pathname, url.searchParams, req.headers),
      status: 0,
    };
    opts.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    void forward(req, res, record);
  });

  async function forward(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord): Promise<void> {
    const fault = opts.faults.take('s3', record.operation);
    if (fault) {
      record.fault = true;
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.status !== undefined) {
        req.resume();
        const body =
          req.method === 'HEAD'
            ? undefined
            : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(fault.code)}</Code><Message>${xmlEscape(fault.message)}</Message><RequestId>local-fault</RequestId></Error>`;
        send(res, fault.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'local-fault' }, body);
        return;
      }
    }
    // Bodies are buffered both ways: piping chunk by chunk made every call several ms slower
    // (messages are at most 40 MB, so memory is not a concern locally).
    const upstream = http.request(
      { host: '127.0.0.1', port: backendPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(body));
        });
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) send(res, 502, { 'content-type': 'text/plain' }, 'local S3 backend unavailable');
      else res.destroy();
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => upstream.end(Buffer.concat(chunks)));
  }

  const port = await listen(proxy);
  if (opts.unref) {
    proxy.unref();
    s3rver.httpServer?.unref();
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async readObject(bucket, key) {
      const object = await s3rver.store.getObject(bucket, key);
      if (!object?.content) return null;
      const chunks: Buffer[] = [];
      for await (const c of object.content) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    async close() {
      await close(proxy);
      await s3rver.close();
      await fs.rm(directory, { recursive: true, force: true });
      liveDirectories.delete(directory);
    },
  };
}
