/**
 * libmime's charset module for the package build, whose Node10 resolution misses libmime's
 * typesVersions for this path (the Bundler resolution of the tests finds libmime's own types).
 */
declare module 'libmime/lib/charset.js' {
  import type { LibmimeCharset } from './libs';
  const charset: LibmimeCharset;
  export = charset;
}
