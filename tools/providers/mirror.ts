/**
 * Where the locally built providers live, and the Terraform CLI configuration that
 * makes Terraform use them and nothing else. Shared by `npm run providers` (which
 * writes them) and `npm run validate` (which reads them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { projectRoot } from '../project-root';

/** The project root (works from the bundle tools/run.js writes too). */
export const PROJECT_ROOT = projectRoot();
/** Git-ignored folder for everything `npm run providers` writes. */
export const PROVIDERS_DIR = path.join(PROJECT_ROOT, '.providers');
/** Terraform filesystem mirror (unpacked layout). */
export const MIRROR_DIR = path.join(PROVIDERS_DIR, 'mirror');
/** Terraform CLI configuration: the mirror only, no registry. Use it as TF_CLI_CONFIG_FILE. */
export const CLI_CONFIG = path.join(PROVIDERS_DIR, 'terraformrc');
/** Registry host that a source address without a host belongs to. */
export const REGISTRY_HOST = 'registry.terraform.io';
/**
 * OpenTofu reads a source address without a host as registry.opentofu.org: the mirror
 * holds every binary under both hosts (hard links), so either CLI finds it.
 */
export const OPENTOFU_REGISTRY_HOST = 'registry.opentofu.org';

/** `linux_amd64` and the like: the platform Go builds for and Terraform looks up. */
export function platform(): string {
  const [goos, goarch] = execFileSync('go', ['env', 'GOOS', 'GOARCH'], { encoding: 'utf8' }).trim().split('\n');
  return `${goos}_${goarch}`;
}

/** Path of a provider binary in the unpacked mirror layout Terraform expects. */
export function mirrorBinary(source: string, version: string, target: string, host: string = REGISTRY_HOST): string {
  const [namespace, type] = source.split('/');
  return path.join(MIRROR_DIR, host, namespace, type, version, target, `terraform-provider-${type}_v${version}`);
}

/** The CLI configuration text: every provider from the mirror, none from anywhere else. */
export function cliConfigText(mirrorDir: string): string {
  return [
    '# Written by `npm run providers`: Terraform installs providers from the local mirror only.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirrorDir)}`,
    '    include = ["*/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * The environment of a Terraform run with the mirror only: the CLI configuration, a
 * plugin cache in `workDir` (created; init links providers from it instead of copying
 * each one into every stack), no prompts, no calls home.
 */
export function mirrorEnv(workDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const cache = path.join(workDir, 'plugin-cache');
  fs.mkdirSync(cache, { recursive: true });
  return { ...base, TF_CLI_CONFIG_FILE: CLI_CONFIG, TF_PLUGIN_CACHE_DIR: cache, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
}

/** Runs the Terraform CLI in `cwd`, output as text. */
export function runTerraform(binary: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  return spawnSync(binary, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The providers present in the mirror, as `namespace/type` → versions. */
export function mirroredProviders(target: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const hostDir = path.join(MIRROR_DIR, REGISTRY_HOST);
  if (!fs.existsSync(hostDir)) return found;
  for (const namespace of fs.readdirSync(hostDir)) {
    for (const type of fs.readdirSync(path.join(hostDir, namespace))) {
      const versions = fs
        .readdirSync(path.join(hostDir, namespace, type))
        .filter((version) => fs.existsSync(mirrorBinary(`${namespace}/${type}`, version, target)));
      if (versions.length > 0) found.set(`${namespace}/${type}`, versions);
    }
  }
  return found;
}
