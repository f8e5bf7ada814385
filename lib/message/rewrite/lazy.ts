/**
 * The MIME libraries, each loaded on first use and then kept: later calls cost one resolved
 * promise, not another trip through the module loader.
 */
import { once } from '../once';

export const mailsplit = once(() => import('@zone-eu/mailsplit'));
export const mimeFuncs = once(() => import('nodemailer/lib/mime-funcs'));
export const qp = once(() => import('nodemailer/lib/qp'));
// The CommonJS build, as mailsplit and headers.ts load it: a bundle then carries one copy, not two.
// eslint-disable-next-line @typescript-eslint/no-require-imports
type LibMimeModule = typeof import('libmime');
type LibMime = LibMimeModule extends { default: infer D } ? D : LibMimeModule;
export const libmime: () => Promise<LibMime> = once(async () => require('libmime') as LibMime);
export const libqp = once(async () => {
  const m = await import('libqp');
  return m.default ?? m;
});
export const iconv = once(async () => {
  const m = await import('iconv-lite');
  return ((m as unknown as { default?: typeof m }).default ?? m) as typeof import('iconv-lite');
});
