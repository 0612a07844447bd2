/**
 * `npm run providers`: builds the Terraform provider releases of `releases.ts` from the
 * Go module proxy into a filesystem mirror (`.providers/mirror`, git-ignored) and
 * writes `.providers/terraformrc`, a CLI configuration that uses that mirror and
 * nothing else. Then it makes sure a Terraform CLI of at least 1.7 is at hand: the
 * `terraform` on PATH, or else OpenTofu built from tools/opentofu into
 * `.providers/bin/tofu` (Terraform itself cannot be built from the module proxy: its
 * go.mod replaces its own backends with folders of its repository).
 *
 * Idempotent: a binary is rebuilt only when its wrapper module (go.mod, go.sum), the
 * Go version or the build flags changed since it was built (go-build.ts).
 *
 *   npm run providers                 # build what is missing or stale
 *   npm run providers -- --force      # rebuild everything
 *   npm run providers -- --opentofu   # also build OpenTofu when terraform is on PATH
 *
 * Exit 1 when a build fails or no Terraform CLI is at hand. Providers that the Go
 * module proxy refuses (`UNAVAILABLE_PROVIDERS`) are listed, not failed: nothing here
 * can change that.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GoBinary, buildGoBinary, goVersion } from './go-build';
import { PROVIDER_RELEASES, UNAVAILABLE_PROVIDERS, ProviderRelease } from './releases';
import { CLI_CONFIG, MIRROR_DIR, OPENTOFU_REGISTRY_HOST, PROJECT_ROOT, PROVIDERS_DIR, cliConfigText, mirrorBinary, platform } from './mirror';
import { MIN_TERRAFORM, OPENTOFU_BINARY, findTerraform } from './terraform';

/** A provider release as a Go binary in the mirror. */
function providerBinary(name: string, release: ProviderRelease, target: string): GoBinary {
  return {
    label: `${release.source} ${release.version}`,
    moduleDir: path.join(PROJECT_ROOT, 'tools', 'providers', name),
    pkg: release.module,
    output: mirrorBinary(release.source, release.version, target),
    // Providers report main.version in their user agent and logs.
    ldflags: `-s -w -X main.version=${release.version}`,
    stampFile: path.join(PROVIDERS_DIR, 'stamps', `${name}.sha256`),
  };
}

const OPENTOFU: GoBinary = {
  label: 'OpenTofu (tools/opentofu)',
  moduleDir: path.join(PROJECT_ROOT, 'tools', 'opentofu'),
  pkg: 'github.com/opentofu/opentofu/cmd/tofu',
  output: OPENTOFU_BINARY,
  // A release build: without this the version reads 1.10.6-dev.
  ldflags: '-s -w -X github.com/opentofu/opentofu/version.dev=no',
};

/** Hard-links a binary of the mirror under OpenTofu's default registry host too. */
function linkForOpenTofu(release: ProviderRelease, target: string): void {
  const link = mirrorBinary(release.source, release.version, target, OPENTOFU_REGISTRY_HOST);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true });
  fs.linkSync(mirrorBinary(release.source, release.version, target), link);
}

function main(argv: readonly string[]): number {
  const flags = new Set(argv);
  const unknown = argv.filter((arg) => arg !== '--force' && arg !== '--opentofu');
  if (unknown.length > 0) {
    process.stderr.write(`providers: unknown argument ${unknown.join(' ')}; allowed: --force, --opentofu\n`);
    return 2;
  }
  const force = flags.has('--force');
  const go = goVersion();
  if (!go) {
    process.stderr.write('providers: no `go` on PATH; install Go 1.26 (the providers are built from source)\n');
    return 1;
  }
  const target = platform();
  let failed = false;
  for (const [name, release] of Object.entries(PROVIDER_RELEASES)) {
    try {
      const result = buildGoBinary(providerBinary(name, release, target), go, force);
      linkForOpenTofu(release, target);
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

  const onPath = findTerraform({ ...process.env, TERRAFORM_BINARY: undefined }, false);
  if (onPath.kind === 'found') process.stdout.write(`terraform ${onPath.version}: ${onPath.path}\n`);
  if (onPath.kind === 'missing' || flags.has('--opentofu')) {
    if (onPath.kind === 'missing') process.stdout.write(`no usable terraform on PATH (${onPath.problem}); building OpenTofu instead\n`);
    try {
      const result = buildGoBinary(OPENTOFU, go, force);
      const tofu = findTerraform({ ...process.env, TERRAFORM_BINARY: OPENTOFU_BINARY }, false);
      if (tofu.kind === 'missing') throw new Error(tofu.problem);
      process.stdout.write(`OpenTofu ${tofu.version}: ${result.built ? `built in ${result.seconds.toFixed(1)} s` : 'up to date'} (${path.relative(PROJECT_ROOT, OPENTOFU_BINARY)})\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`providers: ${(error as Error).message}; allowed: a terraform binary of at least ${MIN_TERRAFORM} on PATH, or OpenTofu built from tools/opentofu\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
