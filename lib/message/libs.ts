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
/** The part of nodemailer's MIME helpers used here. */
export interface MimeFuncs {
  encodeWords(value: string, encoding: 'Q' | 'B', maxLength?: number): string;
  encodeWord(value: string, encoding: 'Q' | 'B', maxLength?: number): string;
  foldLines(text: string, lineLength?: number, afterSpace?: boolean): string;
}
export const mimeFuncs: () => MimeFuncs = lazy(() => require('nodemailer/lib/mime-funcs') as MimeFuncs);
export const qp = lazy(() => require('nodemailer/lib/qp') as typeof import('nodemailer/lib/qp'));
/** The part of libmime used here. */
export interface LibMime {
  decodeWords(value: string): string;
}
export const libmime: () => LibMime = lazy(() => require('libmime') as LibMime);
export const libqp = lazy(() => require('libqp') as typeof import('libqp'));
export const iconv = lazy(() => require('iconv-lite') as typeof import('iconv-lite'));
export const htmlparser2 = lazy(() => require('htmlparser2') as typeof import('htmlparser2'));
