/**
 * The charset module libmime gets in a deployed bundle reads UTF-8 itself and hands every other name to
 * libmime's own module: whatever the name or bytes, it answers as libmime's own module does.
 */
import * as own from 'libmime/lib/charset.js';
import * as lazy from '../../lib/message/libmime-charset';

const NAMES: (string | undefined)[] = [
  undefined,
  '',
  'utf-8',
  'UTF-8',
  'utf8',
  ' Utf-8 ',
  'utf_8',
  'utf-16',
  'us-ascii',
  'ascii',
  '7bit',
  'iso-8859-1',
  'ISO-8859-2',
  'latin2',
  'win-1257',
  'windows-1252',
  'gb2312',
  'shift_jis',
  'iso-2022-jp',
  'utf-7',
  'x-unknown',
];

const BYTES: Buffer[] = [
  Buffer.from('plain ascii'),
  Buffer.from('Grüße 日本 😀', 'utf8'),
  Buffer.from([0x50, 0xf8, 0xed, 0x6c, 0x69, 0xb9]), // ISO-8859-2, invalid as UTF-8
  Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x82]), // broken UTF-8 sequences
  Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42]), // ISO-2022-JP
  Buffer.alloc(0),
];

describe.each(NAMES)('charset %p', (name) => {
  test('normalizeCharset, decode and convert answer as libmime does', () => {
    expect(lazy.normalizeCharset(name)).toBe(own.normalizeCharset(name));
    for (const bytes of BYTES) {
      expect(lazy.decode(bytes, name)).toBe(own.decode(bytes, name));
      expect(lazy.convert(bytes, name).equals(own.convert(bytes, name))).toBe(true);
    }
    expect(lazy.convert('Grüße', name).equals(own.convert('Grüße', name))).toBe(true);
  });

  test('a decode stream gives the same text', async () => {
    const read = async (stream: NodeJS.ReadWriteStream) => {
      const out: Buffer[] = [];
      stream.on('data', (c: Buffer) => out.push(c));
      const done = new Promise((resolve) => stream.on('end', resolve));
      for (const b of BYTES) stream.write(b);
      stream.end();
      await done;
      return Buffer.concat(out).toString('utf8');
    };
    expect(await read(lazy.createDecodeStream(name))).toBe(await read(own.createDecodeStream(name)));
  });
});

test('encode is UTF-8, and the default export carries the same functions', () => {
  expect(lazy.encode('Grüße').equals(own.encode('Grüße'))).toBe(true);
  expect(Object.keys(lazy.default).sort()).toEqual(['convert', 'createDecodeStream', 'decode', 'encode', 'normalizeCharset']);
});
