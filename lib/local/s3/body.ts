/**
 * Reads a PutObject body for the local S3 and checks it the way S3 does: the declared size against
 * the local bound (before reading a byte), `x-amz-content-sha256` (hex, UNSIGNED-PAYLOAD or the
 * SDK's aws-chunked STREAMING-UNSIGNED-PAYLOAD-TRAILER), `Content-MD5` and `x-amz-checksum-crc32`
 * (header or trailer). Hashes are updated chunk by chunk; the body is copied once, into one Buffer.
 */
import { createHash, type Hash } from 'node:crypto';
import type * as http from 'node:http';
import * as zlib from 'node:zlib';
import { AwsChunkedDecoder } from '../aws-chunked';
import { S3Error } from './xml';

/** WorkMail messages are at most 40 MB; the local S3 refuses bodies over this. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface CheckedBody {
  body: Buffer;
  /** base64 of the verified CRC32, when one was sent. */
  crc32?: string;
  crc32Value?: number;
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

const crcInvalid = (): S3Error => new S3Error('InvalidRequest', 'Value for x-amz-checksum-crc32 header is invalid.', 400);

function parseCrc32(value: string): number {
  const raw = Buffer.from(value, 'base64');
  if (raw.length !== 4 || raw.toString('base64') !== value) throw crcInvalid();
  return raw.readUInt32BE(0);
}

const crcBase64 = (n: number): string => {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b.toString('base64');
};

interface Plan {
  chunked: boolean;
  length: number | undefined;
  sha256?: string;
  md5?: Buffer;
  crc32Header?: string;
  crc32Trailer: boolean;
}

/** Everything decided from the headers alone; throws before the body is read. */
export function planBody(req: http.IncomingMessage, limit: number): Plan {
  const sha = header(req, 'x-amz-content-sha256');
  if (sha === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
  const encoding = (header(req, 'content-encoding') ?? '').split(',').map((s) => s.trim());
  let chunked = false;
  if (sha.startsWith('STREAMING-')) {
    if (sha !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') {
      throw new S3Error('NotImplemented', `The local S3 does not implement x-amz-content-sha256: ${sha} (signed chunks)`, 501);
    }
    if (!encoding.includes('aws-chunked')) throw new S3Error('InvalidRequest', `${sha} needs Content-Encoding: aws-chunked`, 400);
    chunked = true;
  } else if (sha !== 'UNSIGNED-PAYLOAD' && !/^[0-9a-f]{64}$/.test(sha)) {
    throw new S3Error(
      'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid sha256 value.',
      400,
    );
  }
  const lengthHeader = header(req, chunked ? 'x-amz-decoded-content-length' : 'content-length');
  if (chunked && lengthHeader === undefined) {
    throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
  }
  const length = lengthHeader === undefined ? undefined : Number(lengthHeader);
  if (length !== undefined && !(Number.isSafeInteger(length) && length >= 0)) {
    throw new S3Error('InvalidArgument', `Invalid length ${JSON.stringify(lengthHeader)}`, 400);
  }
  if (length !== undefined && length > limit) throw tooLarge(length, limit);
  for (const name of Object.keys(req.headers)) {
    if (/^x-amz-checksum-(?!crc32$|mode$|type$)/.test(name)) {
      throw new S3Error('NotImplemented', `The local S3 verifies only x-amz-checksum-crc32, not ${name}`, 501);
    }
  }
  const trailer = (header(req, 'x-amz-trailer') ?? '').toLowerCase();
  if (trailer !== '' && (!chunked || trailer !== 'x-amz-checksum-crc32')) {
    throw new S3Error('NotImplemented', `The local S3 accepts only the x-amz-checksum-crc32 trailer, not ${JSON.stringify(trailer)}`, 501);
  }
  const md5Header = header(req, 'content-md5');
  let md5: Buffer | undefined;
  if (md5Header !== undefined) {
    md5 = Buffer.from(md5Header, 'base64');
    if (md5.length !== 16)
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': md5Header });
  }
  const crc32Header = header(req, 'x-amz-checksum-crc32');
  if (crc32Header !== undefined) parseCrc32(crc32Header);
  return {
    chunked,
    length,
    ...(/^[0-9a-f]{64}$/.test(sha) ? { sha256: sha } : {}),
    ...(md5 ? { md5 } : {}),
    ...(crc32Header !== undefined ? { crc32Header } : {}),
    crc32Trailer: trailer === 'x-amz-checksum-crc32',
  };
}

const tooLarge = (size: number, limit: number): S3Error =>
  new S3Error('EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (the local S3 takes at most ${limit} bytes)`, 400, {
    ProposedSize: String(size),
    MaxSizeAllowed: String(limit),
  });

/** Reads the request body as planned and verifies every digest it declared. */
export function readCheckedBody(req: http.IncomingMessage, plan: Plan, limit: number): Promise<CheckedBody> {
  return new Promise((resolve, reject) => {
    const sha = plan.sha256 !== undefined ? createHash('sha256') : undefined;
    const md5 = plan.md5 !== undefined ? createHash('md5') : undefined;
    const wantCrc = plan.crc32Header !== undefined || plan.crc32Trailer;
    let crc = 0;
    let received = 0;
    const decoder = plan.chunked ? new AwsChunkedDecoder(plan.length!) : undefined;
    const direct = !plan.chunked && plan.length !== undefined ? Buffer.allocUnsafe(plan.length) : undefined;
    const pieces: Buffer[] = [];
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.resume();
      reject(err);
    };
    req.on('data', (c: Buffer) => {
      if (failed) return;
      received += c.length;
      try {
        if (received > limit + (plan.chunked ? 1024 * 1024 : 0)) throw tooLarge(received, limit);
        sha?.update(c);
        if (decoder) decoder.write(c);
        else {
          md5?.update(c);
          if (wantCrc) crc = zlib.crc32(c, crc);
          if (direct) c.copy(direct, received - c.length);
          else pieces.push(c);
        }
      } catch (err) {
        fail(err);
      }
    });
    req.on('error', fail);
    req.on('aborted', () => fail(new S3Error('IncompleteBody', 'The request body ended early.', 400)));
    req.on('end', () => {
      if (failed) return;
      try {
        let body: Buffer;
        if (decoder) {
          body = decoder.end();
          md5?.update(body);
          if (wantCrc) crc = zlib.crc32(body);
        } else if (direct) {
          if (received !== direct.length)
            throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
          body = direct;
        } else body = Buffer.concat(pieces, received);
        if (sha && plan.sha256 !== undefined) checkSha(sha, plan.sha256);
        if (md5 && plan.md5) checkMd5(md5, plan.md5);
        let given = plan.crc32Header;
        if (plan.crc32Trailer) {
          given = decoder?.trailers['x-amz-checksum-crc32'];
          if (given === undefined)
            throw new S3Error(
              'MalformedTrailerError',
              'The request contained trailing data that was not well-formed or did not conform to our published schema.',
              400,
            );
          parseCrc32(given);
        }
        if (given !== undefined && crcBase64(crc) !== given) {
          throw new S3Error('BadDigest', 'The CRC32 you specified did not match the calculated checksum.', 400);
        }
        resolve({ body, ...(given !== undefined ? { crc32: given, crc32Value: crc >>> 0 } : {}) });
      } catch (err) {
        reject(err);
      }
    });
  });
}

function checkSha(hash: Hash, expected: string): void {
  const computed = hash.digest('hex');
  if (computed !== expected) {
    throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
      ClientComputedContentSHA256: expected,
      S3ComputedContentSHA256: computed,
    });
  }
}

function checkMd5(hash: Hash, expected: Buffer): void {
  const computed = hash.digest();
  if (!computed.equals(expected)) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
      ExpectedDigest: expected.toString('hex'),
      CalculatedDigest: computed.toString('base64'),
    });
  }
}
