/**
 * The local S3's responses in S3's own XML format: the error body every failure carries, and the
 * ListBuckets / ListObjectsV2 results. `S3Error` is what the handlers throw; the server turns it
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

const OWNER = '<Owner><ID>local</ID><DisplayName>local</DisplayName></Owner>';

export function listBucketsXml(buckets: { name: string; created: Date }[]): string {
  const items = buckets
    .map((b) => `<Bucket>${element('Name', b.name)}${element('CreationDate', b.created.toISOString())}</Bucket>`)
    .join('');
  return `${XML_DECL}<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${OWNER}<Buckets>${items}</Buckets></ListAllMyBucketsResult>`;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface ListV2Result {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  contents: ListedObject[];
  commonPrefixes: string[];
  continuationToken?: string;
  nextContinuationToken?: string;
  startAfter?: string;
}

export function listObjectsV2Xml(r: ListV2Result): string {
  const parts = [
    element('Name', r.bucket),
    element('Prefix', r.prefix),
    ...(r.delimiter !== undefined ? [element('Delimiter', r.delimiter)] : []),
    element('MaxKeys', String(r.maxKeys)),
    element('KeyCount', String(r.contents.length + r.commonPrefixes.length)),
    element('IsTruncated', String(r.nextContinuationToken !== undefined)),
    ...(r.continuationToken !== undefined ? [element('ContinuationToken', r.continuationToken)] : []),
    ...(r.nextContinuationToken !== undefined ? [element('NextContinuationToken', r.nextContinuationToken)] : []),
    ...(r.startAfter !== undefined ? [element('StartAfter', r.startAfter)] : []),
    ...r.contents.map(
      (o) =>
        `<Contents>${element('Key', o.key)}${element('LastModified', o.lastModified.toISOString())}${element('ETag', o.etag)}${element('Size', String(o.size))}<StorageClass>STANDARD</StorageClass></Contents>`,
    ),
    ...r.commonPrefixes.map((p) => `<CommonPrefixes>${element('Prefix', p)}</CommonPrefixes>`),
  ];
  return `${XML_DECL}<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts.join('')}</ListBucketResult>`;
}
