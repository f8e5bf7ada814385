/**
 * The local S3's responses in S3's own XML format: the error body every failure carries, and the
 * ListObjectsV2 result. `S3Error` is what the handlers throw; the server turns it
 * into `<Error><Code>…` with the status S3 uses for that code.
 */
import { WorkMailRulesError } from '../../workmail/errors';

export const xmlEscape = (s: string): string => s.replace(/[<>&'"\r\n\t]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An S3 error as S3 sends it: `s3Code` goes in `<Code>`, `extra` are more elements (e.g. CanonicalRequest). */
export class S3Error extends WorkMailRulesError {
  readonly code = 'LOCAL_S3' as const;
  override readonly name = 'S3Error';
  constructor(
    readonly s3Code: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const noSuchBucket = (bucket: string): S3Error =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string): S3Error => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const element = (name: string, value: string): string => `<${name}>${xmlEscape(value)}</${name}>`;

export function errorXml(code: string, message: string, resource: string, requestId: string, extra: Record<string, string> = {}): string {
  const more = Object.entries(extra)
    .map(([k, v]) => element(k, v))
    .join('');
  return `${XML_DECL}<Error>${element('Code', code)}${element('Message', message)}${more}${element('Resource', resource)}${element('RequestId', requestId)}</Error>`;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/** One ListObjectsV2 page holding every match (the local S3 does not paginate). */
export function listObjectsV2Xml(bucket: string, prefix: string, contents: ListedObject[]): string {
  const parts = [
    element('Name', bucket),
    element('Prefix', prefix),
    element('MaxKeys', '1000'),
    element('KeyCount', String(contents.length)),
    element('IsTruncated', 'false'),
    ...contents.map(
      (o) =>
        `<Contents>${element('Key', o.key)}${element('LastModified', o.lastModified.toISOString())}${element('ETag', o.etag)}${element('Size', String(o.size))}<StorageClass>STANDARD</StorageClass></Contents>`,
    ),
  ];
  return `${XML_DECL}<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts.join('')}</ListBucketResult>`;
}
