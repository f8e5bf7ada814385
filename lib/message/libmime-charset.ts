/**
 * libmime's charset module as a deployed bundle sees it: the split build (workmail-rules docs/deploy.md) puts
 * this file where libmime imports `./charset.js`. Libmime's own module imports iconv-lite and
 * encoding-japanese and builds iconv-lite's GBK codec as it loads, about 580 KiB of code parsed on
 * every cold start of a rewrite. Here UTF-8, the charset of nearly all mail, is read and written by
 * Buffer exactly as libmime does it, and every other name goes to libmime's own module, loaded on
 * demand (`libmimeCharset`, through withMimeLibraries). Outside a bundle libmime uses its own.
 */
import type { Buffer as NodeBuffer } from 'node:buffer';
import { Buffer } from 'node:buffer';
import type { Transform } from 'node:stream';
import { libmimeCharset } from './libs';

/** The names libmime normalizes to UTF-8 that are read here without its module (a missing name is UTF-8 to libmime). */
function isUtf8(charset: unknown): boolean {
  if (!charset) return true;
  const name = String(charset).toLowerCase().trim();
  return name === 'utf-8' || name === 'utf8';
}

export function encode(str: string): NodeBuffer {
  return Buffer.from(str, 'utf-8');
}

export function decode(buf: NodeBuffer | string, fromCharset?: string): string {
  return isUtf8(fromCharset) ? buf.toString('utf-8') : libmimeCharset().decode(buf, fromCharset);
}

export function convert(data: string | NodeBuffer, fromCharset?: string): NodeBuffer {
  if (typeof data === 'string') return encode(data);
  return isUtf8(fromCharset) ? data : libmimeCharset().convert(data, fromCharset);
}

export function normalizeCharset(charset?: unknown): string {
  return isUtf8(charset) ? 'UTF-8' : libmimeCharset().normalizeCharset(charset);
}

export function createDecodeStream(charset?: string): Transform {
  return libmimeCharset().createDecodeStream(charset);
}

export default { encode, decode, convert, normalizeCharset, createDecodeStream };
