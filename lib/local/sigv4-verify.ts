/**
 * AWS Signature Version 4 verification for both emulators: the Authorization header is parsed, the
 * access key checked against the local one, and the signature recomputed with @smithy/signature-v4
 * (the SDK's own signer) from what was received: method, raw path, query, the signed headers only,
 * and the payload hash (the received x-amz-content-sha256 for S3, the body's SHA-256 otherwise).
 * A mismatch reports the canonical request and string to sign the emulator computed, so a user can
 * compare them with their client's.
 */
import { timingSafeEqual } from 'node:crypto';
import type * as http from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4, getCanonicalHeaders, getPayloadHash } from '@smithy/signature-v4';
import { WorkMailRulesError } from '../workmail/errors';

export type SignatureProblem = 'missing' | 'malformed' | 'unknown-key' | 'mismatch' | 'skewed';

/** Why a request's signature was refused; each emulator answers it in its service's error format. */
export class SignatureError extends WorkMailRulesError {
  readonly code = 'LOCAL_SIGNATURE' as const;
  override readonly name = 'SignatureError';
  constructor(
    readonly problem: SignatureProblem,
    message: string,
    readonly canonicalRequest?: string,
    readonly stringToSign?: string,
  ) {
    super(message);
  }
}

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface VerifyOptions {
  credentials: LocalCredentials;
  /** The signing name the scope must carry (s3, workmailmessageflow). */
  service: string;
  /** S3 signs the path as sent; every other service escapes it once more. */
  uriEscapePath: boolean;
  /** The body, when no x-amz-content-sha256 header is sent (Message Flow). */
  body?: Buffer;
  /** For tests of the skew check. */
  now?: Date;
}

/** AWS accepts request times up to 15 minutes off. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** The request shape the signer takes. */
type HttpRequest = Parameters<typeof getCanonicalHeaders>[0];

class Sha256 extends Hash {
  constructor(secret?: Parameters<Hash['update']>[0]) {
    super('sha256', secret);
  }
}

/** SignatureV4 with its canonical-request builder reachable, for the mismatch message. */
class Verifier extends SignatureV4 {
  canonical(request: HttpRequest, signed: Set<string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, getCanonicalHeaders(request, undefined, signed), payloadHash);
  }
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, 'AWS4-HMAC-SHA256');
  }
}

interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string): ParsedAuth {
  const m = /^AWS4-HMAC-SHA256 +(.*)$/s.exec(value);
  if (!m) throw new SignatureError('malformed', 'the Authorization header does not start with AWS4-HMAC-SHA256');
  const fields: Record<string, string> = {};
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const scope = fields.Credential?.split('/') ?? [];
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !fields.SignedHeaders || !fields.Signature) {
    throw new SignatureError(
      'malformed',
      'the Authorization header needs Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=… and Signature=…',
    );
  }
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  return { accessKeyId, date, region, service, signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature };
}

/** The query of a raw URL as the signer takes it: decoded names and values, repeated names as arrays. */
function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (raw === '') return query;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const prev = query[name];
    query[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new SignatureError('malformed', `malformed percent-escape in the query: ${JSON.stringify(s.slice(0, 60))}`);
  }
}

function parseAmzDate(value: string | undefined): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) throw new SignatureError('malformed', 'AWS authentication requires a valid x-amz-date header (YYYYMMDDTHHMMSSZ)');
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
}

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(',') : v);

/** Throws a SignatureError unless the request is signed with the local credentials. */
export async function verifySigV4(req: http.IncomingMessage, opts: VerifyOptions): Promise<void> {
  const authorization = headerValue(req.headers.authorization);
  if (authorization === undefined) throw new SignatureError('missing', 'the request carries no Authorization header');
  const auth = parseAuthorization(authorization);
  if (auth.accessKeyId !== opts.credentials.accessKeyId) {
    throw new SignatureError('unknown-key', `access key ${JSON.stringify(auth.accessKeyId)} is not the local one`);
  }
  if (auth.service !== opts.service) {
    throw new SignatureError('malformed', `the credential scope names service ${JSON.stringify(auth.service)}, expected ${opts.service}`);
  }
  const amzDate = headerValue(req.headers['x-amz-date']);
  const signingDate = parseAmzDate(amzDate);
  const now = opts.now ?? new Date();
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new SignatureError('skewed', `request time ${amzDate} is more than 15 minutes away from the server time ${now.toISOString()}`);
  }

  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const signed = new Set(auth.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = headerValue(req.headers[name]);
    if (v !== undefined) headers[name] = v;
  }
  const request: HttpRequest = {
    method: req.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    path: q === -1 ? rawUrl : rawUrl.slice(0, q),
    query: parseQuery(q === -1 ? '' : rawUrl.slice(q + 1)),
    headers,
    body: opts.body !== undefined && opts.body.length > 0 ? opts.body : undefined,
  };
  const verifier = new Verifier({
    service: auth.service,
    region: auth.region,
    credentials: opts.credentials,
    sha256: Sha256,
    uriEscapePath: opts.uriEscapePath,
    applyChecksum: false,
  });
  const out = await verifier.sign(request, {
    signingDate,
    signingRegion: auth.region,
    signingService: auth.service,
    signableHeaders: signed,
  });
  const expected = /Signature=([0-9a-f]+)/.exec(String(out.headers.authorization))?.[1] ?? '';
  const given = Buffer.from(auth.signature);
  if (given.length === expected.length && timingSafeEqual(given, Buffer.from(expected))) return;

  const payloadHash = await getPayloadHash(request, Sha256);
  const canonicalRequest = verifier.canonical(request, signed, payloadHash);
  const scope = `${amzDate!.slice(0, 8)}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = await verifier.stringToSign(amzDate!, scope, canonicalRequest);
  throw new SignatureError(
    'mismatch',
    `signature mismatch; the emulator's canonical request was ${JSON.stringify(canonicalRequest)} and its string to sign ${JSON.stringify(stringToSign)}`,
    canonicalRequest,
    stringToSign,
  );
}
