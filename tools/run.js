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
const name = path.relative(root, entryPath).replace(/\.ts$/, '').replace(/[\\/]/g, '__');
const outfile = path.join(root, 'dist', 'run', `${name}.js`);
const metafile = `${outfile}.meta.json`;

/** True when the bundle exists and no input recorded in its metafile is newer or gone. */
function upToDate() {
  let built;
  try {
    built = fs.statSync(outfile).mtimeMs;
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8'));
    for (const input of Object.keys(meta.inputs)) {
      if (fs.statSync(path.resolve(root, input)).mtimeMs > built) return false;
    }
    return fs.statSync(path.join(root, 'package-lock.json')).mtimeMs <= built;
  } catch {
    return false;
  }
}

if (!upToDate()) {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
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
    // Keep class and function names as written (error messages, construct types).
    keepNames: true,
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

// The entry sees its own arguments as process.argv.slice(2).
process.argv.splice(1, 2, outfile);
require(outfile);
