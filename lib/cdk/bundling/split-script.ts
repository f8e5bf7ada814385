/**
 * The esbuild step every deployed function goes through, as the text of a small CommonJS program run
 * by `node -e` (from the NodejsFunction's afterBundling hook, and by the benchmark), so one
 * definition serves synth and bench without a compiled file. It rebuilds the entry into the asset
 * directory as ESM with code splitting: `index.mjs` holds what runs at import, and every `import()`
 * of the runtime (the MIME libraries, the HTML-to-text stack, the SDK clients) becomes a chunk in
 * `chunks/` beside it, parsed only when a path needs it. A resolver plugin gives each package in
 * ONE_COPY one copy: its CommonJS build (the one `require` reaches), at its newest installed version.
 *
 * A second plugin gives libmime lib/message/libmime-charset in place of its own charset module.
 *
 * Argument: one JSON object { entry, outdir, target, sourcemap, metafile, absWorkingDir, oneCopy, banner,
 * libmimeCharset, sourceCondition } (libmimeCharset: that module's path, relative to absWorkingDir).
 */
export const SPLIT_BUNDLE_SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const o = JSON.parse(process.argv[process.argv.length - 1]);
const esbuild = require(require.resolve('esbuild', { paths: [o.absWorkingDir] }));
const major = (v) => Number(String(v).split('.')[0]) || 0;
const newer = (a, b) => {
  const x = String(a).split('.').map(Number), y = String(b).split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) > (y[i] || 0);
  return false;
};
// Every installed copy of each one-copy package, two node_modules levels deep: keep the newest.
function newestCopies(root, names) {
  const best = {};
  const visit = (nm, depth) => {
    if (!fs.existsSync(nm) || depth > 2) return;
    for (const d of fs.readdirSync(nm)) {
      const dirs = d.startsWith('@') ? fs.readdirSync(path.join(nm, d)).map((s) => d + '/' + s) : [d];
      for (const name of dirs) {
        const dir = path.join(nm, name);
        if (names.includes(name)) {
          try {
            const v = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
            if (!best[name] || newer(v, best[name].version)) best[name] = { version: v, from: nm };
          } catch {}
        }
        visit(path.join(dir, 'node_modules'), depth + 1);
      }
    }
  };
  visit(path.join(root, 'node_modules'), 1);
  return best;
}
const copies = newestCopies(o.absWorkingDir, o.oneCopy);
const escape = (s) => s.replace(/[.*+?^$()|[\]\\/]/g, '\\$&');
const oneCopy = {
  name: 'workmail-rules-one-copy',
  setup(build) {
    if (o.oneCopy.length === 0) return;
    const filter = new RegExp('^(' + o.oneCopy.map(escape).join('|') + ')(/.*)?$');
    build.onResolve({ filter }, async (args) => {
      if (args.pluginData && args.pluginData.oneCopy) return undefined;
      const name = filter.exec(args.path)[1];
      const copy = copies[name];
      // Resolve from inside the node_modules folder that holds the newest copy, as a require() would.
      const resolveDir = copy ? copy.from : args.resolveDir;
      const r = await build.resolve(args.path, { kind: 'require-call', resolveDir, importer: args.importer, pluginData: { oneCopy: true } });
      return r.errors.length ? { errors: r.errors } : { path: r.path, external: r.external, sideEffects: r.sideEffects };
    });
  },
};
// libmime's charset module loads iconv-lite and encoding-japanese as it is imported: libmime gets
// the module that reads UTF-8 itself and loads libmime's own on demand (lib/message/libmime-charset).
const lazyCharset = {
  name: 'workmail-rules-lazy-charset',
  setup(build) {
    const shim = path.resolve(o.absWorkingDir, o.libmimeCharset);
    if (!fs.existsSync(shim)) return; // libmime keeps its own: slower to load, the same results
    build.onResolve({ filter: /^\.\/charset\.js$/ }, (args) =>
      /[\\/]libmime[\\/]dist[\\/](cjs|esm)[\\/]libmime\.js$/.test(args.importer) ? { path: shim } : undefined,
    );
  },
};
fs.rmSync(path.join(o.outdir, 'index.mjs'), { force: true });
fs.rmSync(path.join(o.outdir, 'index.mjs.map'), { force: true });
fs.rmSync(path.join(o.outdir, 'chunks'), { recursive: true, force: true });
esbuild
  .build({
    absWorkingDir: o.absWorkingDir,
    entryPoints: { index: o.entry },
    outdir: o.outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: o.target,
    minify: true,
    mainFields: ['module', 'main'],
    // workmail-rules itself as its TypeScript sources (shipped in lib/): their import() calls become
    // chunks, where the compiled CommonJS in dist/ would turn each into a require() parsed at import.
    conditions: [o.sourceCondition, 'module'],
    banner: { js: o.banner },
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: o.sourcemap,
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [oneCopy, lazyCharset],
  })
  .then((r) => {
    if (o.metafile) fs.writeFileSync(o.metafile, JSON.stringify(r.metafile));
  })
  .catch((e) => {
    process.stderr.write('workmail-rules bundling failed: ' + (e && e.message) + '\n');
    process.exit(1);
  });
`;
