/**
 * Synthesis helpers: build the fleet's stacks in a test app and read their JSON.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Testing } from 'cdktf';
import { Fleet } from '../../constructs/catalog/model';
import { FleetStacks, buildFleet } from '../../stacks/fleet-app';
import { parseCatalog } from '../../constructs/catalog/load';
import { EditableCatalog, FIXTURES, ROOT, editableSample, sampleFleet, toSources, writeCatalog } from './catalog';


/** Builds every stack of a fleet in a fresh test app. */
export function buildStacks(fleet: Fleet, siteIds?: string[]): FleetStacks {
  const app = Testing.app();
  return buildFleet(app, fleet, { siteIds });
}

/** Every site stack's JSON, by site id, of the sample catalog after an edit (none: as it is). */
export function siteStacksAfter(edit?: (c: EditableCatalog) => void): Record<string, TerraformJson> {
  let fleet = sampleFleet();
  if (edit) {
    const c = editableSample();
    edit(c);
    fleet = parseCatalog(toSources(c));
  }
  return Object.fromEntries(buildStacks(fleet).sites.map((s) => [s.node.id, stackJson(s)]));
}

/** Parsed Terraform JSON of a stack, validations run. */
export function stackJson(stack: Parameters<typeof Testing.synth>[0]): TerraformJson {
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/** The parts of a synthesized stack that tests read. */
export interface TerraformJson {
  readonly terraform: {
    readonly backend?: Record<string, Record<string, unknown>>;
    readonly cloud?: Record<string, unknown>;
    readonly required_providers: Record<string, { source: string; version: string }>;
    readonly required_version?: string;
  };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly variable?: Record<string, { sensitive?: boolean; description?: string; type?: string }>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
}

export interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Output folder (CDKTF_OUTDIR) of the run. */
  readonly outdir: string;
  /** Stacks written, sorted. */
  readonly stacks: string[];
}

/**
 * Runs the project's app command (cdktf.json "app") the way `cdktf synth` does, from
 * the project folder or from `cwd` (then SITE_CATALOG paths read relative to it).
 */
export function runApp(env: Record<string, string | undefined>, cwd: string = ROOT): AppRun {
  // Without SITE_CATALOG the app reads `sites` in its working folder: the tests' own
  // catalog (__tests__/fixtures/sites), never the product's sites/, which teams edit.
  if (cwd === ROOT && env.SITE_CATALOG === undefined) cwd = FIXTURES;
  // The run's own output folder unless the caller names one.
  const outdir = env.CDKTF_OUTDIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const command = cwd === ROOT ? app : app.replace('tools/run.js', JSON.stringify(path.join(ROOT, 'tools/run.js')));
  const result = spawnSync(command, {
    cwd,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, SITES: undefined, SITE_CATALOG: undefined, ...env, CDKTF_OUTDIR: outdir },
  });
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outdir, stacks };
}

/** The app command on the default catalog after an edit, as CI synthesizes it; the output folder (throws on a failed run). */
export function synthAfter(edit: (c: EditableCatalog) => void, env: Record<string, string> = {}): string {
  const c = editableSample();
  edit(c);
  const run = runApp({ ...env, SITE_CATALOG: writeCatalog(toSources(c)) });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.outdir;
}

/** Every file below a folder, path → content, for byte-for-byte comparisons. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}
