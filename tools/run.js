#!/usr/bin/env node
/**
 * Runs a TypeScript entry point of this project fast: bundles it with esbuild into
 * dist/<name>.js (only when one of its inputs changed since the last bundle) and
 * runs the bundle in this process. This is the app command in cdktf.json and the
 * runner behind the npm scripts.
 *
 *   node tools/run.js main.ts
 *   node tools/run.js tools/review/main.ts --base a --head b
 *
 * Type checking is not done here; `npm test` runs `tsc --noEmit`.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node tools/run.js <entry.ts> [args...]\n');
  process.exit(2);
}
const entryPath = path.resolve(root, entry);
const name = path.relative(root, entryPath).replace(/\.ts$/, '').replace(/[\\/]/g, '__') + (process.env.CDKTF_TOKEN_STACK_TRACES === '1' ? '.traces' : '');
const outfile = path.join(root, 'dist', 'run', `${name}.js`);
const metafile = `${outfile}.meta.json`;

/** True when the bundle exists and no input recorded in its metafile, nor this file (its plugins), is newer or gone. */
function upToDate() {
  let built;
  try {
    built = fs.statSync(outfile).mtimeMs;
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8'));
    for (const input of Object.keys(meta.inputs)) {
      // Inputs of the plugins' own namespace (fleet:stable-json) are no files.
      if (!input.startsWith('fleet:') && fs.statSync(path.resolve(root, input)).mtimeMs > built) return false;
    }
    return fs.statSync(path.join(root, 'package-lock.json')).mtimeMs <= built && fs.statSync(__filename).mtimeMs <= built;
  } catch {
    return false;
  }
}

/**
 * cdktf captures a full stack trace (no depth limit) every time it creates a token,
 * only to print it if that token later fails to resolve. It never reaches the
 * output, and at fleet scale it is the largest single cost of a synth (profiled:
 * 6 of 19 s for 1000 sites). The bundle replaces that one function with one that
 * returns no trace. Set CDKTF_TOKEN_STACK_TRACES=1 to keep cdktf's behaviour when
 * debugging a token that does not resolve.
 */
const noTokenStackTraces = {
  name: 'no-token-stack-traces',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: 'exports.captureStackTrace = function captureStackTrace() { return []; };',
      loader: 'js',
    }));
  },
};
const tokenStackTraces = process.env.CDKTF_TOKEN_STACK_TRACES === '1';

/**
 * cdktf writes every stack file and manifest.json with json-stable-stringify, whose
 * generic machinery is about a tenth of a fleet synth. The bundle gives those two
 * callers stacks/stable-json.ts instead: the same bytes for the same value (a test
 * compares both), written several times faster. Other users of the package keep it.
 */
const fastStableJson = {
  name: 'fast-stable-json',
  setup(build) {
    build.onResolve({ filter: /^json-stable-stringify$/ }, (args) =>
      /[\\/]cdktf[\\/]lib[\\/](synthesize[\\/]synthesizer|manifest)\.js$/.test(args.importer) ? { path: 'stable-json', namespace: 'fleet' } : undefined,
    );
    build.onLoad({ filter: /^stable-json$/, namespace: 'fleet' }, () => ({
      contents: `module.exports = require(${JSON.stringify(path.join(root, 'stacks', 'stable-json.ts'))}).stableStringify;`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/** Bundles the entry (when stale) into dist/run, written atomically. */
async function bundle() {
  if (upToDate()) return;
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    write: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [...(tokenStackTraces ? [] : [noTokenStackTraces]), fastStableJson],
  });
  // Written under a temporary name and renamed: parallel runs (jest workers) never
  // load a half-written bundle.
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.writeFileSync(`${metafile}.${process.pid}.tmp`, JSON.stringify(result.metafile));
  fs.renameSync(tmp, outfile);
  fs.renameSync(`${metafile}.${process.pid}.tmp`, metafile);
}

bundle().then(
  () => {
    // The entry sees its own arguments as process.argv.slice(2).
    process.argv.splice(1, 2, outfile);
    require(outfile);
  },
  (error) => {
    process.stderr.write(`tools/run.js: could not bundle ${entry}: ${error.message}\n`);
    process.exit(1);
  },
);
