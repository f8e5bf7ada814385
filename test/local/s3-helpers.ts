/** Shared by the local S3 tests: a real S3Client on the emulator, request tampering before signing, raw signed requests. */
import * as http from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export type Credentials = { accessKeyId: string; secretAccessKey: string };

export function s3ClientFor(endpoint: string, credentials: Credentials, extra: Record<string, unknown> = {}): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1, ...extra });
}

/** Rewrites request headers after the SDK computed checksums and before it signs. */
export function tamperBeforeSigning(client: S3Client, edit: (headers: Record<string, string>) => void): void {
  type Middleware = Parameters<typeof client.middlewareStack.addRelativeTo>[0];
  const middleware = ((next: (a: unknown) => Promise<unknown>) => async (args: { request: { headers: Record<string, string> } }) => {
    edit(args.request.headers);
    return next(args);
  }) as unknown as Middleware;
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'tamperBeforeSigning',
    override: true,
  });
}

export async function caught(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; Code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

class Sha256 extends Hash {
  constructor(secret?: Parameters<Hash['update']>[0]) {
    super('sha256', secret);
  }
}

/**
 * Sends a signed request by hand (headers only when `sendBody` is false: with `expect: 100-continue`
 * the body is written only if the server asks for it). Resolves with status, headers and body text.
 */
export async function rawSigned(
  endpoint: string,
  credentials: Credentials,
  req: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; continued: boolean }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials, sha256: Sha256, uriEscapePath: false });
  const signed = await signer.sign({
    method: req.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: req.path,
    query: {},
    headers: { host: url.host, ...req.headers },
  });
  return new Promise((resolve, reject) => {
    let continued = false;
    const r = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: signed.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, continued }));
    });
    r.on('error', reject);
    if (req.headers.expect === '100-continue') {
      r.on('continue', () => {
        continued = true;
        r.end(req.body);
      });
      r.flushHeaders();
    } else r.end(req.body);
  });
}
