/**
 * The local S3: an in-memory, path-style S3 on node:http (127.0.0.1) with one bucket. It serves
 * PutObject (how a handler stages rewritten mail), GetObject (reading it back) and ListObjectsV2 by
 * prefix (seeing what was staged), because that is all the runtime, the examples and the benches
 * call; anything else is S3's own 501 NotImplemented. Requests are recorded, SigV4 signatures and
 * body checksums verified as S3 does, injected faults answered in S3's XML error format.
 */
import * as http from 'node:http';
import type { Faults } from '../faults';
import { sleep } from '../faults';
import { close, listen } from '../http-util';
import { MAX_BODY_BYTES } from './body';
import { S3_OPERATIONS, type S3Call, notImplemented } from './operations';
import { S3Store } from './store';
import { S3Error, errorXml } from './xml';
import { SignatureError, type LocalCredentials, verifySigV4 } from '../sigv4-verify';
import type { RequestRecord } from '../types';

export interface S3Server {
  /** The endpoint the SDK talks to. */
  endpoint: string;
  /** The stored bytes (the Buffer itself: do not mutate it), or null when absent. */
  readObject(bucket: string, key: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

const BUCKET_OPS: Record<string, string> = { PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket', POST: 'DeleteObjects' };
const OBJECT_OPS: Record<string, string> = { GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject', POST: 'CreateMultipartUpload' };

/** Names the S3 operation of a path-style request: the served ones exactly, the rest well enough for the record and the 501. */
export function s3Operation(method: string, pathname: string, query: URLSearchParams, headers: http.IncomingHttpHeaders): string {
  const [bucket, ...rest] = pathname.split('/').filter((s, i) => i > 0 || s !== '');
  if (!bucket) return method === 'GET' ? 'ListBuckets' : 'Unknown';
  if (!rest.join('/')) {
    if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return BUCKET_OPS[method] ?? 'Unknown';
  }
  if (method === 'PUT') return headers['x-amz-copy-source'] ? 'CopyObject' : query.has('uploadId') ? 'UploadPart' : 'PutObject';
  return OBJECT_OPS[method] ?? 'Unknown';
}

/** A refused signature as S3 answers it. */
function signatureToS3(e: SignatureError, accessKeyId: string | undefined): S3Error {
  const key: Record<string, string> = accessKeyId !== undefined ? { AWSAccessKeyId: accessKeyId } : {};
  switch (e.problem) {
    case 'missing':
      return new S3Error('AccessDenied', 'Access Denied', 403);
    case 'malformed':
      return new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${e.message}`, 400);
    case 'unknown-key':
      return new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, key);
    case 'skewed':
      return new S3Error(
        'RequestTimeTooSkewed',
        `The difference between the request time and the current time is too large (${e.message}).`,
        403,
        {
          MaxAllowedSkewMilliseconds: '900000',
        },
      );
    case 'mismatch':
      return new S3Error(
        'SignatureDoesNotMatch',
        `The request signature we calculated does not match the signature you provided. Check your key and signing method. (local S3: ${e.message})`,
        403,
        { ...key, StringToSign: e.stringToSign ?? '', CanonicalRequest: e.canonicalRequest ?? '' },
      );
  }
}

let counter = 0;
const requestId = (): string => {
  counter += 1;
  return `LOCAL${process.pid.toString(16)}${counter.toString(16).padStart(8, '0')}`.toUpperCase();
};

function decodePath(pathname: string): { bucket: string; key: string } {
  const slash = pathname.indexOf('/', 1);
  const rawBucket = slash === -1 ? pathname.slice(1) : pathname.slice(1, slash);
  const rawKey = slash === -1 ? '' : pathname.slice(slash + 1);
  try {
    return { bucket: decodeURIComponent(rawBucket), key: decodeURIComponent(rawKey) };
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: pathname.slice(0, 200) });
  }
}

export async function startS3Server(opts: {
  bucket: string;
  faults: Faults;
  requests: RequestRecord[];
  credentials: LocalCredentials;
  unref?: boolean;
  /** Bodies over this are refused with EntityTooLarge before they are read (default 64 MiB). */
  maxBodyBytes?: number;
}): Promise<S3Server> {
  const store = new S3Store(opts.bucket);
  const maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;

  async function handle(req: http.IncomingMessage, call: S3Call, record: RequestRecord): Promise<void> {
    try {
      await verifySigV4(req, { credentials: opts.credentials, service: 's3', uriEscapePath: false });
    } catch (err) {
      if (!(err instanceof SignatureError)) throw err;
      const key = /Credential=([^/\s,]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
      throw signatureToS3(err, key);
    }
    const fault = opts.faults.take('s3', record.operation);
    if (fault) {
      record.fault = true;
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.status !== undefined) {
        call.base['x-amz-request-id'] = 'local-fault';
        throw new S3Error(fault.code, fault.message, fault.status);
      }
    }
    const op = S3_OPERATIONS[record.operation];
    if (!op) throw notImplemented(record.operation);
    const param = [...call.query.keys()].find((k) => !op.params.includes(k));
    if (param !== undefined) throw notImplemented(`${record.operation} with ?${param}`);
    Object.assign(call, decodePath(call.pathname));
    await op.run(call);
  }

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse, waitsForContinue: boolean): void {
    // Not new URL(): it would resolve `..` segments, and S3 keys are opaque names.
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    const record: RequestRecord = {
      service: 's3',
      method: req.method ?? '',
      path: pathname,
      operation: s3Operation(req.method ?? '', pathname, query, req.headers),
      status: 0,
    };
    opts.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    let continued = !waitsForContinue;
    const call: S3Call = {
      req,
      res,
      operation: record.operation,
      bucket: '',
      key: '',
      query,
      pathname,
      store,
      maxBodyBytes,
      base: { 'x-amz-request-id': requestId(), 'x-amz-id-2': 'local' },
      proceed() {
        if (continued) return;
        continued = true;
        res.writeContinue();
      },
    };
    handle(req, call, record).catch((err: unknown) => {
      const e = err instanceof S3Error ? err : new S3Error('InternalError', err instanceof Error ? err.message : String(err), 500);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const headers: Record<string, string> = { ...call.base, 'content-type': 'application/xml' };
      // A body left unread (refused before it was read, or never asked for) closes the connection.
      if (!req.complete) headers.connection = 'close';
      const body =
        req.method === 'HEAD' ? undefined : Buffer.from(errorXml(e.s3Code, e.message, pathname, call.base['x-amz-request-id']!, e.extra));
      res.writeHead(e.status, { ...headers, 'content-length': String(body?.length ?? 0) });
      res.end(body);
      if (!req.complete) req.resume();
    });
  }

  const server = http.createServer((req, res) => onRequest(req, res, false));
  server.on('checkContinue', (req, res) => onRequest(req, res, true));
  const port = await listen(server);
  if (opts.unref) server.unref();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async readObject(bucket, key) {
      return store.peek(bucket, key)?.body ?? null;
    },
    close: () => close(server),
  };
}
