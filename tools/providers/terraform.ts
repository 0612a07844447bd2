/**
 * The Terraform CLI the checks run: TERRAFORM_BINARY if set, else the `terraform` on
 * PATH, else the OpenTofu `npm run providers` built; at least 1.7, the oldest version
 * that knows the stacks' `removed` blocks.
 */
import * as path from 'path';
import { spawnSync } from 'child_process';
import { PROVIDERS_DIR } from './mirror';

export const MIN_TERRAFORM = '1.7.0';
/** The Terraform version on the project's machines, which the checks run with (and CI installs where it has none). */
export const TESTED_TERRAFORM = '1.11.4';
/** Where `npm run providers` puts OpenTofu when no terraform is on PATH. */
export const OPENTOFU_BINARY = path.join(PROVIDERS_DIR, 'bin', 'tofu');

export type TerraformLookup =
  | { readonly kind: 'found'; readonly path: string; readonly version: string }
  | { readonly kind: 'missing'; readonly problem: string };

/** Numeric comparison of dotted versions (`1.11.4` > `1.7.0`); pre-release suffixes ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] => v.replace(/^v/, '').split('-')[0].split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Checks one binary's version; never throws. */
function check(binary: string, env: NodeJS.ProcessEnv): TerraformLookup {
  const result = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: { ...env, CHECKPOINT_DISABLE: '1' } });
  if (result.error || result.status !== 0) {
    return { kind: 'missing', problem: `no working '${binary}' (${result.error?.message ?? `exit ${result.status}`})` };
  }
  let version: string;
  try {
    // OpenTofu prints the same JSON (its own version under terraform_version).
    version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return { kind: 'missing', problem: `'${binary} version -json' printed no version` };
  }
  if (compareVersions(version, MIN_TERRAFORM) < 0) return { kind: 'missing', problem: `'${binary}' is ${version}, older than ${MIN_TERRAFORM}` };
  const which = spawnSync('sh', ['-c', 'command -v "$0"', binary], { encoding: 'utf8' });
  return { kind: 'found', path: which.stdout.trim() || binary, version };
}

/**
 * Finds the CLI: TERRAFORM_BINARY, else `terraform` on PATH, else (with
 * `openTofuFallback`) the OpenTofu of `npm run providers`.
 */
export function findTerraform(env: NodeJS.ProcessEnv = process.env, openTofuFallback = true): TerraformLookup {
  if (env.TERRAFORM_BINARY) return check(env.TERRAFORM_BINARY, env);
  const onPath = check('terraform', env);
  if (onPath.kind === 'found' || !openTofuFallback) return onPath;
  const tofu = check(OPENTOFU_BINARY, env);
  return tofu.kind === 'found' ? tofu : { kind: 'missing', problem: `${onPath.problem}, and no OpenTofu at ${OPENTOFU_BINARY}` };
}
