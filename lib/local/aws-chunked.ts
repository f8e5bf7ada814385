/**
 * Decoder of `content-encoding: aws-chunked` bodies, the way the SDK sends stream bodies with
 * `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`:
 *
 *     <hex size>\r\n<data>\r\n ... 0\r\n<trailer name>:<value>\r\n ... \r\n
 *
 * Incremental: the chunks of the request are fed as they arrive and their data is copied once,
 * into a Buffer of the declared `x-amz-decoded-content-length`.
 */
import { S3Error } from './s3/xml';

const MAX_LINE = 4096;
const CR = 13;
const LF = 10;

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

const malformed = (why: string): S3Error => new S3Error('InvalidRequest', `Malformed aws-chunked body: ${why}`, 400);

export class AwsChunkedDecoder {
  private readonly out: Buffer;
  private filled = 0;
  private state: State = 'size';
  private line: number[] = [];
  private left = 0;
  readonly trailers: Record<string, string> = {};

  constructor(private readonly decodedLength: number) {
    this.out = Buffer.allocUnsafe(decodedLength);
  }

  write(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      if (this.state === 'data') {
        const n = Math.min(this.left, buf.length - i);
        if (this.filled + n > this.decodedLength) {
          throw new S3Error(
            'InvalidRequest',
            `aws-chunked body holds more than x-amz-decoded-content-length (${this.decodedLength}) bytes`,
            400,
          );
        }
        buf.copy(this.out, this.filled, i, i + n);
        this.filled += n;
        this.left -= n;
        i += n;
        if (this.left === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') throw malformed('bytes after the final CRLF');
      const byte = buf[i++]!;
      if (byte !== LF) {
        if (this.line.length >= MAX_LINE) throw malformed('line too long');
        this.line.push(byte);
        continue;
      }
      if (this.line.at(-1) !== CR) throw malformed('line not ended by CRLF');
      this.line.pop();
      const text = Buffer.from(this.line).toString('latin1');
      this.line = [];
      this.endLine(text);
    }
  }

  private endLine(text: string): void {
    switch (this.state) {
      case 'size': {
        const hex = text.split(';', 1)[0]!;
        if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw malformed(`chunk size ${JSON.stringify(text.slice(0, 40))}`);
        this.left = Number.parseInt(hex, 16);
        this.state = this.left === 0 ? 'trailer' : 'data';
        return;
      }
      case 'data-end':
        if (text !== '') throw malformed('chunk data longer than its size');
        this.state = 'size';
        return;
      case 'trailer': {
        if (text === '') {
          this.state = 'done';
          return;
        }
        const colon = text.indexOf(':');
        if (colon < 1) throw malformed('trailer without a name');
        this.trailers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim();
        return;
      }
      default:
        throw malformed(`unexpected line in state ${this.state}`);
    }
  }

  /** The decoded body, once the whole request was fed. */
  end(): Buffer {
    if (this.state !== 'done') throw new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk and trailer.', 400);
    if (this.filled !== this.decodedLength) {
      throw new S3Error(
        'IncompleteBody',
        `You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header (${this.decodedLength}, got ${this.filled})`,
        400,
      );
    }
    return this.out;
  }
}
