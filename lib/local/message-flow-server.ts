/**
 * The WorkMail Message Flow API (restJson1, https://docs.aws.amazon.com/workmail/latest/adminguide/lambda-content.html–5.3) on node:http. Errors go out as the
 * real service sends them (status, `x-amzn-ErrorType`, JSON `{message}`), so the real
 * `@aws-sdk/client-workmailmessageflow` raises its own typed exceptions.
 */
import * as http from 'node:http';
import { checkMime } from '../message/check';
import { WorkMailRulesError } from '../workmail/errors';
import { LIMITS } from '../workmail/limits';
import type { Faults } from './faults';
import { sleep } from './faults';
import { close, listen, readBody, send } from './http-util';
import { SignatureError, type LocalCredentials, verifySigV4 } from './sigv4-verify';
import type { RequestRecord } from './types';

export interface StoredMessage {
  raw: Buffer;
  /** The message as first stored: immutable headers are checked against it. */
  original: Buffer;
  frozen: boolean;
}

export interface MessageFlowServerOptions {
  messages: Map<string, StoredMessage>;
  bucket: string;
  faults: Faults;
  requests: RequestRecord[];
  /** The account requests must be signed with. */
  credentials: LocalCredentials;
  /** Reads an object from the local S3; null when absent. */
  readObject(bucket: string, key: string): Promise<Buffer | null>;
  /** Do not keep the process alive for this server. */
  unref?: boolean;
}

const BUCKET_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const KEY_PATTERN = /^[a-zA-Z0-9/-]*$/;

/** An AWS-shaped service error the emulator answers with (`errorType` goes on the wire). */
class ServiceError extends WorkMailRulesError {
  readonly code = 'LOCAL_SERVICE' as const;
  override readonly name = 'ServiceError';
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

const validation = (value: unknown, at: string, constraint: string): ServiceError =>
  new ServiceError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${at}' failed to satisfy constraint: ${constraint}`,
  );

function checkMessageId(id: string): void {
  if (id.length < 1 || id.length > 120) throw validation(id, 'messageId', 'Member must have length between 1 and 120');
  if (!LIMITS.messageIdPattern.test(id)) {
    throw validation(id, 'messageId', 'Member must satisfy regular expression pattern: [a-z0-9\\-]*');
  }
}

interface S3Reference {
  bucket: string;
  key: string;
  objectVersion?: string;
}

function parsePutBody(body: Buffer): S3Reference {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceError(400, 'SerializationException', 'Request body is not valid JSON');
  }
  const ref = (json as { content?: { s3Reference?: Partial<S3Reference> } } | null)?.content?.s3Reference;
  if (!ref || typeof ref !== 'object') throw validation(null, 'content.s3Reference', 'Member must not be null');
  const { bucket, key, objectVersion } = ref;
  if (typeof bucket !== 'string') throw validation(null, 'content.s3Reference.bucket', 'Member must not be null');
  if (typeof key !== 'string') throw validation(null, 'content.s3Reference.key', 'Member must not be null');
  if (bucket.length < 3 || bucket.length > 63) {
    throw validation(bucket, 'content.s3Reference.bucket', 'Member must have length between 3 and 63');
  }
  if (!BUCKET_PATTERN.test(bucket)) {
    throw validation(
      bucket,
      'content.s3Reference.bucket',
      'Member must satisfy regular expression pattern: ^[a-z0-9][a-z0-9\\-]*[a-z0-9]$',
    );
  }
  if (key.length < 1 || key.length > 1024) {
    throw validation(key, 'content.s3Reference.key', 'Member must have length between 1 and 1024');
  }
  if (!KEY_PATTERN.test(key)) {
    throw validation(key, 'content.s3Reference.key', 'Member must satisfy regular expression pattern: [a-zA-Z0-9\\-/]*[a-zA-Z0-9]');
  }
  if (objectVersion !== undefined && (typeof objectVersion !== 'string' || objectVersion.length < 1)) {
    throw validation(objectVersion, 'content.s3Reference.objectVersion', 'Member must have length between 1 and 1024');
  }
  return { bucket, key, ...(objectVersion !== undefined ? { objectVersion } : {}) };
}

/** A refused signature as the Message Flow API (API Gateway style) answers it. */
function signatureError(e: SignatureError): ServiceError {
  switch (e.problem) {
    case 'missing':
      return new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'unknown-key':
      return new ServiceError(
        403,
        'UnrecognizedClientException',
        `The security token included in the request is invalid. (local: ${e.message})`,
      );
    case 'malformed':
      return new ServiceError(403, 'IncompleteSignatureException', `Authorization header requires a valid SigV4 signature (${e.message})`);
    case 'skewed':
      return new ServiceError(403, 'InvalidSignatureException', `Signature expired: ${e.message}`);
    case 'mismatch':
      return new ServiceError(
        403,
        'InvalidSignatureException',
        `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details. (local: ${e.message})`,
      );
  }
}

function operationOf(method: string | undefined): string {
  return method === 'GET' ? 'GetRawMessageContent' : method === 'POST' ? 'PutRawMessageContent' : 'Unknown';
}

export interface MessageFlowServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startMessageFlowServer(opts: MessageFlowServerOptions): Promise<MessageFlowServer> {
  const { messages, faults, requests } = opts;

  async function verifySignature(req: http.IncomingMessage, body: Buffer): Promise<void> {
    try {
      await verifySigV4(req, { credentials: opts.credentials, service: 'workmailmessageflow', uriEscapePath: true, body });
    } catch (err) {
      if (!(err instanceof SignatureError)) throw err;
      throw signatureError(err);
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/messages\/([^/]+)$/.exec(url.pathname);
    if (!m || (req.method !== 'GET' && req.method !== 'POST')) {
      throw new ServiceError(404, 'UnknownOperationException', `No operation ${req.method} ${url.pathname}`);
    }
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('AWS4-HMAC-SHA256')) {
      throw new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      throw new ServiceError(400, 'ValidationException', `the message id in ${url.pathname.slice(0, 200)} has a malformed percent-escape`);
    }
    const body = await readBody(req);
    await verifySignature(req, body);
    const fault = faults.take('messageflow', record.operation);
    if (fault) {
      record.fault = true;
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.status !== undefined) throw new ServiceError(fault.status, fault.code, fault.message);
    }
    checkMessageId(id);
    if (req.method === 'GET') {
      const stored = messages.get(id);
      if (!stored) throw new ServiceError(404, 'ResourceNotFoundException', `Message ${id} not found`);
      send(res, 200, { 'content-type': 'application/octet-stream' }, stored.raw);
      return;
    }
    const ref = parsePutBody(body);
    const stored = messages.get(id);
    if (!stored) throw new ServiceError(404, 'ResourceNotFoundException', `Message ${id} not found`);
    if (stored.frozen) {
      throw new ServiceError(400, 'MessageFrozen', `Message ${id} is not eligible for update (frozen, e.g. a redirected email)`);
    }
    if (ref.bucket !== opts.bucket) {
      throw new ServiceError(
        400,
        'InvalidContentLocation',
        `WorkMail could not access the updated email content: bucket ${ref.bucket} is not accessible (the local bucket is ${opts.bucket})`,
      );
    }
    if (ref.objectVersion !== undefined && ref.objectVersion !== 'null') {
      throw new ServiceError(
        400,
        'InvalidContentLocation',
        `WorkMail could not access the updated email content: version ${ref.objectVersion} of ${ref.key} does not exist (the local S3 keeps no versions)`,
      );
    }
    const content = await opts.readObject(ref.bucket, ref.key);
    if (!content) {
      throw new ServiceError(
        400,
        'InvalidContentLocation',
        `WorkMail could not access the updated email content: no object ${ref.key} in bucket ${ref.bucket}`,
      );
    }
    const problems = checkMime(content, stored.original);
    if (problems.length > 0) {
      throw new ServiceError(400, 'MessageRejected', `Invalid content: ${problems.map((p) => `[${p.rule}] ${p.message}`).join('; ')}`);
    }
    stored.raw = content;
    send(res, 200, { 'content-type': 'application/json' }, '{}');
  }

  const server = http.createServer((req, res) => {
    const record: RequestRecord = {
      service: 'messageflow',
      method: req.method ?? '',
      path: (req.url ?? '/').split('?')[0]!,
      operation: operationOf(req.method),
      status: 0,
    };
    requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    handle(req, res, record).catch((err: unknown) => {
      const e =
        err instanceof ServiceError ? err : new ServiceError(500, 'InternalFailure', err instanceof Error ? err.message : String(err));
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(
        res,
        e.status,
        { 'content-type': 'application/json', 'x-amzn-errortype': e.errorType, 'x-amzn-requestid': requestId() },
        JSON.stringify({ message: e.message }),
      );
    });
  });
  const port = await listen(server);
  if (opts.unref) server.unref();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => close(server) };
}

let counter = 0;
function requestId(): string {
  counter += 1;
  return `local-${process.pid}-${counter}`;
}
