import { AwsChunkedDecoder } from '../../lib/local/aws-chunked';

const decode = (length: number, ...pieces: string[]) => {
  const d = new AwsChunkedDecoder(length);
  for (const p of pieces) d.write(Buffer.from(p, 'latin1'));
  return { body: d.end().toString('latin1'), trailers: d.trailers };
};

describe('aws-chunked decoder', () => {
  test('decodes chunks and trailers, whatever the split of the input', () => {
    const wire = '6\r\nhello \r\n5;ext=1\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
    expect(decode(11, wire)).toEqual({ body: 'hello world', trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
    for (let cut = 1; cut < wire.length; cut++) {
      expect(decode(11, wire.slice(0, cut), wire.slice(cut)).body).toBe('hello world');
    }
  });

  test('a body shorter or longer than x-amz-decoded-content-length, or cut before its trailer, is refused', () => {
    expect(() => decode(12, '6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n')).toThrow(expect.objectContaining({ s3Code: 'IncompleteBody' }));
    expect(() => decode(10, '6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n')).toThrow(/more than x-amz-decoded-content-length/);
    expect(() => decode(11, '6\r\nhello \r\n5\r\nworld\r\n')).toThrow(expect.objectContaining({ s3Code: 'IncompleteBody' }));
  });

  test('malformed framing is InvalidRequest', () => {
    for (const wire of ['zz\r\n', '3\r\nabcd\r\n', '3\nabc\r\n', `${'1'.repeat(5000)}\r\n`, '0\r\nnocolon\r\n\r\n', '0\r\n\r\nextra']) {
      expect(() => decode(3, wire)).toThrow(expect.objectContaining({ s3Code: 'InvalidRequest' }));
    }
  });
});
