/**
 * The `terraform` binary the checks run: the one on PATH (or TERRAFORM_BINARY), at
 * least 1.7, the oldest version that knows the stacks' `removed` blocks.
 */
import { spawnSync } from 'child_process';

export const MIN_TERRAFORM = '1.7.0';

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

/** Finds terraform and checks its version; never throws. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): TerraformLookup {
  const binary = env.TERRAFORM_BINARY || 'terraform';
  const result = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: { ...env, CHECKPOINT_DISABLE: '1' } });
  if (result.error || result.status !== 0) {
    return { kind: 'missing', problem: `no working '${binary}' (${result.error?.message ?? `exit ${result.status}`})` };
  }
  let version: string;
  try {
    version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return { kind: 'missing', problem: `'${binary} version -json' printed no version` };
  }
  if (compareVersions(version, MIN_TERRAFORM) < 0) {
    return { kind: 'missing', problem: `'${binary}' is ${version}, older than ${MIN_TERRAFORM}` };
  }
  const which = spawnSync('sh', ['-c', 'command -v "$0"', binary], { encoding: 'utf8' });
  return { kind: 'found', path: which.stdout.trim() || binary, version };
}
