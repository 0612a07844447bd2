/**
 * The Terraform Cloud settings of the site catalog, as GitHub step outputs for the
 * speculative plans of the pull-request workflow:
 *
 *   npm run --silent tfc-settings >> "$GITHUB_OUTPUT"
 *
 * Reads and validates the catalog in SITE_CATALOG (default: sites) with the app's own
 * loader and prints `enabled`, `hostname`, `organization`, `workspace_prefix` and
 * `terraform_version`, one `key=value` line each. Without `terraformCloud` in
 * fleet.yaml, `enabled=false` and the other values are empty (stacks keep local state).
 * A catalog with problems prints every problem on stderr and exits 1, printing nothing
 * on stdout.
 */
import * as path from 'path';
import { parseCatalog, readCatalog } from '../../constructs/catalog/load';
import { Fleet } from '../../constructs/catalog/model';
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { TESTED_TERRAFORM } from '../providers/terraform';

/** What the workflow needs to plan in the stacks' workspaces. */
export interface TfcSettings {
  /** The catalog has `terraformCloud`: every stack has a `cloud` block. */
  readonly enabled: boolean;
  readonly hostname: string;
  readonly organization: string;
  readonly workspacePrefix: string;
  readonly terraformVersion: string;
  /**
   * The Terraform CLI the workflow installs for the tests, the validation and the
   * synthesis: `terraformVersion` with Terraform Cloud, else the version the project's
   * checks run with (TESTED_TERRAFORM).
   */
  readonly cliVersion: string;
}

/** The settings of a resolved catalog; empty strings without `terraformCloud`. */
export function tfcSettings(fleet: Fleet): TfcSettings {
  const tfc = fleet.terraformCloud;
  if (!tfc) return { enabled: false, hostname: '', organization: '', workspacePrefix: '', terraformVersion: '', cliVersion: TESTED_TERRAFORM };
  return { enabled: true, hostname: tfc.hostname, organization: tfc.organization, workspacePrefix: tfc.workspacePrefix, terraformVersion: tfc.terraformVersion, cliVersion: tfc.terraformVersion };
}

/** The settings as `$GITHUB_OUTPUT` lines, each ending in a newline. */
export function outputLines(settings: TfcSettings): string {
  const outputs: ReadonlyArray<readonly [string, string]> = [
    ['enabled', String(settings.enabled)],
    ['hostname', settings.hostname],
    ['organization', settings.organization],
    ['workspace_prefix', settings.workspacePrefix],
    ['terraform_version', settings.terraformVersion],
    ['cli_version', settings.cliVersion],
  ];
  // The catalog schema already rules these out; a line break would add another output.
  for (const [key, value] of outputs) if (/[\r\n]/.test(value)) throw new Error(`${key}: a line break in ${JSON.stringify(value)}`);
  return outputs.map(([key, value]) => `${key}=${value}\n`).join('');
}

/** What a run prints and how it exits. */
export interface TfcSettingsRun {
  /** 0: settings printed; 1: the catalog has problems. */
  readonly code: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

/** Reads the catalog in `catalogDir` (paths in messages relative to `cwd`) and renders its settings. */
export function runTfcSettings(catalogDir: string, cwd: string = process.cwd()): TfcSettingsRun {
  try {
    const fleet = parseCatalog(readCatalog(path.resolve(cwd, catalogDir), cwd));
    return { code: 0, stdout: outputLines(tfcSettings(fleet)), stderr: '' };
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    const n = error.problems.length;
    const lines = [...error.problems.map(formatProblem), `tfc-settings: the site catalog in ${catalogDir} has ${n} problem${n === 1 ? '' : 's'}`];
    return { code: 1, stdout: '', stderr: lines.map((l) => `${l}\n`).join('') };
  }
}

// Only as the entry point: tools/run.js sets argv[1] to the bundle it runs (require.main
// is run.js itself), and tests import this file.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename) {
  const run = runTfcSettings(process.env.SITE_CATALOG || 'sites');
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  process.exitCode = run.code;
}
