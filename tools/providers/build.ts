/**
 * `npm run providers`: builds the Terraform provider releases of `releases.ts` from the
 * Go module proxy into a filesystem mirror (`.providers/mirror`, git-ignored) and
 * writes `.providers/terraformrc`, a CLI configuration that uses that mirror and
 * nothing else. Then it makes sure a `terraform` of at least 1.7 is at hand.
 *
 * Idempotent: a provider is rebuilt only when its wrapper module (go.mod, go.sum),
 * the Go version or the build flags changed since the binary in the mirror was built.
 * Go's own module and build caches make a rebuild after such a change cheap.
 *
 *   npm run providers              # build what is missing or stale
 *   npm run providers -- --force   # rebuild every provider
 *
 * Exit 1 when a build fails or no usable terraform is found. Providers that the Go
 * module proxy refuses (`UNAVAILABLE_PROVIDERS`) are listed, not failed: nothing here
 * can change that.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { PROVIDER_RELEASES, UNAVAILABLE_PROVIDERS, ProviderRelease } from './releases';
import { CLI_CONFIG, PROJECT_ROOT, PROVIDERS_DIR, MIRROR_DIR, cliConfigText, mirrorBinary, platform } from './mirror';
import { findTerraform, MIN_TERRAFORM } from './terraform';

const WRAPPERS = path.join(PROJECT_ROOT, 'tools', 'providers');
const STAMPS = path.join(PROVIDERS_DIR, 'stamps');

/** Build flags; part of the stamp, so changing them rebuilds. */
function ldflags(release: ProviderRelease): string {
  // Providers report main.version in their user agent and logs.
  return `-s -w -X main.version=${release.version}`;
}

/** Environment of every go command: the local toolchain, go.sum as committed. */
function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly -trimpath' };
}

function stampOf(name: string, release: ProviderRelease, goVersion: string): string {
  const hash = crypto.createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) hash.update(fs.readFileSync(path.join(WRAPPERS, name, file)));
  hash.update(`${goVersion}\n${ldflags(release)}\n${release.module}\n`);
  return hash.digest('hex');
}

interface BuildResult {
  readonly name: string;
  readonly binary: string;
  readonly built: boolean;
  readonly seconds: number;
}

function buildOne(name: string, release: ProviderRelease, target: string, goVersion: string, force: boolean): BuildResult {
  const started = Date.now();
  const binary = mirrorBinary(release.source, release.version, target);
  const stampFile = path.join(STAMPS, `${name}.sha256`);
  const stamp = stampOf(name, release, goVersion);
  const current = fs.existsSync(binary) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (current && !force) return { name, binary, built: false, seconds: 0 };

  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const partial = `${binary}.partial`;
  const result = spawnSync('go', ['build', '-ldflags', ldflags(release), '-o', partial, release.module], {
    cwd: path.join(WRAPPERS, name),
    env: goEnv(),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`building ${release.source} ${release.version} failed (go build in tools/providers/${name}, exit ${result.status ?? result.signal})`);
  }
  fs.renameSync(partial, binary);
  fs.mkdirSync(STAMPS, { recursive: true });
  fs.writeFileSync(stampFile, stamp);
  return { name, binary, built: true, seconds: (Date.now() - started) / 1000 };
}

function main(argv: readonly string[]): number {
  const force = argv.includes('--force');
  const unknown = argv.filter((arg) => arg !== '--force');
  if (unknown.length > 0) {
    process.stderr.write(`providers: unknown argument ${unknown.join(' ')}; allowed: --force\n`);
    return 2;
  }
  let goVersion: string;
  try {
    goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', env: goEnv() }).trim();
  } catch {
    process.stderr.write('providers: no `go` on PATH; install Go 1.26 (the providers are built from source)\n');
    return 1;
  }
  const target = platform();
  let failed = false;
  for (const [name, release] of Object.entries(PROVIDER_RELEASES)) {
    try {
      const result = buildOne(name, release, target, goVersion, force);
      const what = result.built ? `built in ${result.seconds.toFixed(1)} s` : 'up to date';
      process.stdout.write(`${release.source} ${release.version}: ${what} (${path.relative(PROJECT_ROOT, result.binary)})\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`providers: ${(error as Error).message}\n`);
    }
  }
  for (const unavailable of Object.values(UNAVAILABLE_PROVIDERS)) {
    const releases = unavailable.refused.map((asked) => /\((v[^)]+)\)/.exec(asked)?.[1] ?? asked).join(', ');
    process.stdout.write(`${unavailable.source} ${unavailable.wanted}: not built: the Go module proxy refuses ${releases} (tools/providers/releases.ts)\n`);
  }
  fs.mkdirSync(PROVIDERS_DIR, { recursive: true });
  fs.writeFileSync(CLI_CONFIG, cliConfigText(MIRROR_DIR));
  process.stdout.write(`CLI configuration: ${path.relative(PROJECT_ROOT, CLI_CONFIG)} (TF_CLI_CONFIG_FILE; the mirror only)\n`);

  const terraform = findTerraform();
  if (terraform.kind === 'found') {
    process.stdout.write(`terraform ${terraform.version}: ${terraform.path}\n`);
  } else {
    failed = true;
    process.stderr.write(`providers: ${terraform.problem}; allowed: a terraform binary of at least ${MIN_TERRAFORM} on PATH\n`);
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
