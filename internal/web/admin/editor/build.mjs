// Builds ../static/editor.js and ../static/editor.css from src/. The output
// is minified and byte-for-byte reproducible: bundle_test.go rebuilds it
// into a temporary folder (node build.mjs --outdir DIR) and compares.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const flag = process.argv.indexOf('--outdir');
const outdir = flag >= 0 ? path.resolve(process.argv[flag + 1]) : path.join(here, '..', 'static');

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
  absWorkingDir: here,
};

await esbuild.build({
  ...common,
  entryPoints: ['src/main.js'],
  outfile: path.join(outdir, 'editor.js'),
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  define: { 'process.env.NODE_ENV': '"production"' },
});

await esbuild.build({
  ...common,
  entryPoints: ['src/editor.css'],
  outfile: path.join(outdir, 'editor.css'),
  target: ['chrome100', 'firefox100', 'safari15'],
});
