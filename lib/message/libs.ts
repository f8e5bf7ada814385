/**
 * The MIME libraries, each required on first use and then kept (CommonJS builds, as mailsplit itself
 * loads them: a bundle carries one copy of each). Synchronous, so the whole edit and check of a
 * message is one synchronous step that the runtime can interrupt at the deadline.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const lazy = <T>(load: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= load());
};

export const mailsplit = lazy(() => require('@zone-eu/mailsplit') as typeof import('@zone-eu/mailsplit'));
export const mimeFuncs = lazy(() => require('nodemailer/lib/mime-funcs') as typeof import('nodemailer/lib/mime-funcs'));
export const qp = lazy(() => require('nodemailer/lib/qp') as typeof import('nodemailer/lib/qp'));
type LibMimeModule = typeof import('libmime');
type LibMime = LibMimeModule extends { default: infer D } ? D : LibMimeModule;
export const libmime = lazy(() => require('libmime') as LibMime);
export const libqp = lazy(() => require('libqp') as typeof import('libqp'));
export const iconv = lazy(() => require('iconv-lite') as typeof import('iconv-lite'));
export const htmlparser2 = lazy(() => require('htmlparser2') as typeof import('htmlparser2'));
