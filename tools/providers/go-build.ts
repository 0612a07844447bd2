/**
 * Builds a Go program from a wrapper module of this project (tools/providers/<name>,
 * tools/opentofu, tools/kube-apiserver) into a fixed path, only when the wrapper
 * module, the Go version or the build flags changed since the last build (a stamp file
 * beside the binary records them). Go's own module and build caches make a needed
 * rebuild cheap; a skipped one costs a hash of two files.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';

export interface GoBinary {
  /** What is built, for messages (`hashicorp/random 3.7.2`). */
  readonly label: string;
  /** The wrapper module's folder. */
  readonly moduleDir: string;
  /** The main package to build (a package of a required module). */
  readonly pkg: string;
  /** Where the binary goes. */
  readonly output: string;
  readonly ldflags?: string;
  /**
   * The stamp file; outside the provider mirror, where Terraform could take a file
   * named after the provider for its executable.
   * @default - `<output>.stamp`
   */
  readonly stampFile?: string;
}

export interface GoBuildResult {
  readonly binary: string;
  readonly built: boolean;
  readonly seconds: number;
}

/** Environment of every go command: the local toolchain, go.sum exactly as committed. */
export function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly -trimpath' };
}

/** `go1.26.8`, or undefined without a go command. */
export function goVersion(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv() }).trim();
  } catch {
    return undefined;
  }
}

function stampOf(binary: GoBinary, go: string): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) hash.update(fs.readFileSync(path.join(binary.moduleDir, file)));
  hash.update(`${go}\n${binary.pkg}\n${binary.ldflags ?? ''}\n`);
  return hash.digest('hex');
}

/** Builds `binary` unless its output is current; throws with the go command's exit on failure. */
export function buildGoBinary(binary: GoBinary, go: string, force = false): GoBuildResult {
  const started = Date.now();
  const stampFile = binary.stampFile ?? `${binary.output}.stamp`;
  const stamp = stampOf(binary, go);
  const current = fs.existsSync(binary.output) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (current && !force) return { binary: binary.output, built: false, seconds: 0 };

  fs.mkdirSync(path.dirname(binary.output), { recursive: true });
  const partial = `${binary.output}.partial`;
  const args = ['build', ...(binary.ldflags ? ['-ldflags', binary.ldflags] : []), '-o', partial, binary.pkg];
  const result = spawnSync('go', args, { cwd: binary.moduleDir, env: goEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`building ${binary.label} failed (go ${args.join(' ')} in ${binary.moduleDir}, exit ${result.status ?? result.signal})`);
  }
  fs.renameSync(partial, binary.output);
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, stamp);
  return { binary: binary.output, built: true, seconds: (Date.now() - started) / 1000 };
}
