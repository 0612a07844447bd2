/**
 * The app: reads the environment and the site catalog, builds the stacks.
 *
 *   SITE_CATALOG  folder holding fleet.yaml and the site files   (default: sites)
 *   SITES         comma-separated site ids to synthesize         (default: all)
 *   FLEET_SYNTH   `stock`: cdktf's own synthesis of every stack, SITES ignored, as the
 *                 benchmark's baseline (same output per stack)   (default: fast)
 *   SYNTH_WORKERS threads to add for site stacks                 (default: by fleet size and CPUs)
 *   FLEET_CATALOG_CACHE `off`: with SITES, parse every site file on every run, never
 *                 take the other sites' facts from the per-file cache in
 *                 dist/cache/catalog, and build the fleet-wide stacks (hub, fleet)
 *                 instead of taking their output from dist/cache/stacks (default: on)
 *   SYNTH_HCL_OUTPUT set by `cdktf synth --hcl`: refused, see below (default: JSON)
 *   FLEET_TIMINGS file to write the run's phases to, as JSON seconds from the start:
 *                 load (catalog folder read), validate (catalog parsed, validated and
 *                 resolved, or read from the cache), total (the benchmark reads it)
 *
 * A catalog with any problem prints every problem, one per line, and exits 1
 * without writing stacks; so does a policy violation. A site whose file is gone
 * although it was not decommissioned gets a warning (stacks/orphans.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessagePort, Worker, isMainThread, parentPort } from 'worker_threads';
import { CatalogSources, parseCatalog, parseCatalogFor, readCatalog } from './constructs/catalog/load';
import { CatalogError, formatProblem } from './constructs/catalog/problems';
import { Fleet } from './constructs/catalog/model';
import { PolicyError, PolicyViolation, formatViolation } from './constructs/policy/fleet-policy';
import { FleetApp, SiteSelectionError, buildFleet, selectSites, stackBuilders } from './stacks/fleet-app';
import { StackStream, commitStaged, discardStaged } from './stacks/stack-stream';
import { SiteFactsCache } from './stacks/catalog-cache';
import { FleetStackCache } from './stacks/stack-cache';
import { catalogRecord, writeCatalogRecord } from './stacks/catalog-record';
import { planShards, workerCount } from './stacks/shards';
import { knownStacks, orphanWarnings, readLocalStates, readPreviousStacks } from './stacks/orphans';

function parseSites(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

/**
 * Warns of sites removed without decommissioning: the previous synthesis in the output
 * folder (read before this one replaces it) had them, or, with local backends, their
 * state next to the output folder (where the stacks' LOCAL_STATE_DIR points) still
 * manages resources.
 */
function warnOfOrphans(fleet: Fleet, outdir: string): void {
  const previous = readPreviousStacks(outdir, knownStacks(fleet));
  const states = fleet.terraformCloud ? [] : readLocalStates(path.dirname(outdir));
  for (const warning of orphanWarnings(fleet, { previous, states })) process.stderr.write(`${warning}\n`);
}

/** Worker threads to add: SYNTH_WORKERS when set, else as many as the fleet size and the CPUs warrant. */
function workersFor(sites: number): number {
  const requested = process.env.SYNTH_WORKERS;
  if (requested !== undefined && requested !== '') {
    if (!/^\d+$/.test(requested)) {
      process.stderr.write(`SYNTH_WORKERS: '${requested}' is not allowed; allowed: a whole number of worker threads (0: synthesize in one thread)\n`);
      process.exit(1);
    }
    return Number(requested);
  }
  return workerCount(sites, os.availableParallelism());
}

/**
 * The validated catalog. With a site selection (fast synthesis), resolved for the
 * selected sites only, the others' facts read from the per-file cache next to the
 * bundled app (stacks/catalog-cache.ts) and parsed only when their file changed; else
 * parsed, validated and resolved in full.
 */
function loadFleet(sources: CatalogSources, stock: boolean, siteIds: readonly string[] | undefined): Fleet {
  const setting = process.env.FLEET_CATALOG_CACHE ?? '';
  if (!['', 'on', 'off'].includes(setting)) {
    process.stderr.write(`FLEET_CATALOG_CACHE: '${setting}' is not allowed; allowed: on (default) or off\n`);
    process.exit(1);
  }
  // The build id is the bundle itself (rebuilt by tools/run.js whenever a source changes).
  if (stock || setting === 'off' || siteIds === undefined || !__filename.endsWith('.js')) return parseCatalog(sources);
  const bundle = fs.statSync(__filename);
  const cache = new SiteFactsCache({ dir: path.join(path.dirname(__filename), '..', 'cache', 'catalog'), buildId: `${bundle.size}:${bundle.mtimeMs}`, fleet: sources.fleet });
  const fleet = parseCatalogFor(sources, siteIds, cache);
  cache.save();
  return fleet;
}

/**
 * With a site selection (fast synthesis, bundled app, FLEET_CATALOG_CACHE not off), the
 * cache of the fleet-wide stacks' output (stacks/stack-cache.ts); else none.
 */
function fleetStackCache(stock: boolean, siteIds: readonly string[] | undefined): FleetStackCache | undefined {
  if (stock || siteIds === undefined || process.env.FLEET_CATALOG_CACHE === 'off' || !__filename.endsWith('.js')) return undefined;
  const bundle = fs.statSync(__filename);
  return new FleetStackCache({ dir: path.join(path.dirname(__filename), '..', 'cache', 'stacks'), buildId: `${bundle.size}:${bundle.mtimeMs}` });
}

/** What a shard thread gets: the resolved catalog, its site ids and the staging folder. */
interface ShardInput {
  readonly fleet: Fleet;
  readonly siteIds: readonly string[];
  readonly staging: string;
}

/** A shard's result: its stacks' violations, and the manifest entries of those it wrote. */
interface ShardResult {
  readonly violations: readonly PolicyViolation[];
  readonly stacks: Record<string, unknown>;
}

/**
 * A worker thread that builds, checks and writes some site stacks into the staging
 * folder, one at a time. Started before the catalog is parsed, so that loading the
 * app in the thread overlaps with validation; given its sites once the catalog is valid.
 */
class Shard {
  readonly done: Promise<ShardResult>;
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(__filename);
    let resolve: (r: ShardResult) => void = () => undefined;
    let reject: (e: Error) => void = () => undefined;
    this.done = new Promise<ShardResult>((res, rej) => ((resolve = res), (reject = rej)));
    this.done.catch(() => undefined); // a rejection nobody awaits is not an unhandled one
    this.worker.on('message', (m: ShardResult) => resolve(m));
    // Once settled, a promise ignores these.
    this.worker.on('error', reject);
    this.worker.on('exit', (code) => reject(new Error(`a synthesis thread stopped (exit code ${code}) before finishing its sites`)));
  }

  start(input: ShardInput): void {
    this.worker.postMessage(input);
  }

  /** Stop without writing anything more. */
  abort(): void {
    void this.worker.terminate();
  }
}

/** Violations in the order a single-threaded synth reports them: hub, sites in catalog order, then the rest. */
function inStackOrder(violations: readonly PolicyViolation[], siteIds: readonly string[]): PolicyViolation[] {
  const rank = new Map<string, number>([['hub', -1], ...siteIds.map((id, i) => [id, i] as [string, number])]);
  const at = (v: PolicyViolation) => rank.get(v.stack) ?? siteIds.length;
  return violations.map((v, i) => ({ v, i })).sort((a, b) => at(a.v) - at(b.v) || a.i - b.i).map(({ v }) => v);
}

/** Seconds since the process started (the benchmark's phases). */
function sinceStart(): number {
  return performance.now() / 1000;
}

/** Writes the phases to FLEET_TIMINGS when it is set. */
function writeTimings(phases: Record<string, number>): void {
  const file = process.env.FLEET_TIMINGS;
  if (file) fs.writeFileSync(file, `${JSON.stringify({ ...phases, total: sinceStart() })}\n`);
}

async function main(): Promise<void> {
  const catalogDir = process.env.SITE_CATALOG || 'sites';
  const stock = process.env.FLEET_SYNTH === 'stock';
  if (process.env.FLEET_SYNTH !== undefined && process.env.FLEET_SYNTH !== '' && !stock && process.env.FLEET_SYNTH !== 'fast') {
    process.stderr.write(`FLEET_SYNTH: '${process.env.FLEET_SYNTH}' is not allowed; allowed: fast (default) or stock\n`);
    process.exit(1);
  }
  // `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT: cdktf 0.21's HCL writer produces text
  // Terraform cannot parse (number literals, nested blocks), so refuse it before writing.
  const hcl = process.env.SYNTH_HCL_OUTPUT;
  if (hcl === 'true' || hcl === '1') {
    process.stderr.write(
      `SYNTH_HCL_OUTPUT: '${hcl}' (cdktf synth --hcl) is not allowed; allowed: the JSON output (leave out --hcl): cdktf 0.21 writes HCL that Terraform cannot parse (terraform validate of the default catalog's edge33: "Invalid number literal", "Argument or block definition required"); Terraform reads cdk.tf.json as it is, and npm run review shows a change\n`,
    );
    process.exit(1);
  }
  // Stock cdktf builds every stack whatever the CLI later selects.
  const siteIds = stock ? undefined : parseSites(process.env.SITES);
  let shards: Shard[] = [];
  let staging: string | undefined;
  let stackCache: FleetStackCache | undefined;
  try {
    const loadStart = sinceStart();
    const sources = readCatalog(catalogDir);
    const load = sinceStart() - loadStart;
    // Threads need the bundled app (node tools/run.js main.ts); stock runs in one thread.
    const workers = stock || !__filename.endsWith('.js') ? 0 : workersFor(siteIds?.length ?? sources.sites.length);
    shards = Array.from({ length: workers }, () => new Shard());
    const validateStart = sinceStart();
    const fleet = loadFleet(sources, stock, siteIds);
    const timings = { load, validate: sinceStart() - validateStart };
    const selected = selectSites(fleet, siteIds).map((s) => s.id);
    const [own, ...others] = planShards(selected, workers);
    const app = new FleetApp(); // creates the output folder before any thread writes into it
    warnOfOrphans(fleet, path.resolve(app.outdir));
    // What this synthesis covered, so a review or the next run never reads a site that
    // SITES left out as a site removed from the catalog.
    const record = catalogRecord(fleet, siteIds === undefined ? undefined : selected);
    if (stock) {
      buildFleet(app, fleet, { siteIds, synthesis: 'stock' });
      app.synth();
      writeCatalogRecord(app.outdir, record);
      writeTimings(timings);
      return;
    }
    // Every stack is written into the staging folder as it is built, and moved into
    // place once no stack of any thread has a policy violation.
    staging = path.join(app.outdir, `.staging-${process.pid}`);
    const stream = new StackStream(app, staging);
    // Threads get their sites first: they build while this one builds its own share.
    others.forEach((ids, i) => (ids.length > 0 ? shards[i].start({ fleet, siteIds: ids, staging: stream.staging }) : shards[i].abort()));
    shards = shards.filter((_, i) => others[i].length > 0);
    const builders = stackBuilders(app, fleet, { siteIds: own });
    const [hub, ...rest] = builders.fleet;
    stackCache = fleetStackCache(stock, siteIds);
    stream.addFleetStack(hub.name, hub.build, stackCache, fleet);
    for (const build of builders.sites) stream.add(build);
    for (const other of rest) stream.addFleetStack(other.name, other.build, stackCache, fleet);
    const results = await Promise.all(shards.map((s) => s.done));
    const violations = [...stream.violations, ...results.flatMap((r) => r.violations)];
    if (violations.length > 0) throw new PolicyError(inStackOrder(violations, selected));
    commitStaged(staging, app.outdir);
    stackCache?.commit();
    app.writeManifestWith(Object.assign({}, ...results.map((r) => r.stacks)));
    writeCatalogRecord(app.outdir, record);
    writeTimings(timings);
  } catch (error) {
    shards.forEach((s) => s.abort());
    if (staging !== undefined) discardStaged(staging);
    stackCache?.discard();
    if (error instanceof CatalogError) {
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`error: the site catalog in ${catalogDir} has ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; nothing was synthesized\n`);
      process.exit(1);
    }
    if (error instanceof PolicyError) {
      for (const violation of error.violations) process.stderr.write(`policy: ${formatViolation(violation)}\n`);
      process.stderr.write(`error: ${error.violations.length} policy violation${error.violations.length === 1 ? '' : 's'}; nothing was synthesized (docs/security.md, section Waivers, says how to waive a rule)\n`);
      process.exit(1);
    }
    if (error instanceof SiteSelectionError) {
      process.stderr.write(`SITES: ${error.message}\n`);
      process.exit(1);
    }
    // cdktf's own validations (a Terraform binary too old for the cloud block, say): the message, not a stack trace.
    if (error instanceof Error && error.message.startsWith('Validation failed with the following errors:')) {
      process.stderr.write(`error: ${error.message.trim()}\nnothing was synthesized\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A shard thread: build, check and write its sites one at a time; report violations and manifest entries. */
function shard(port: MessagePort, input: ShardInput): void {
  const app = new FleetApp({ outdir: path.dirname(input.staging) });
  const stream = new StackStream(app, input.staging);
  for (const build of stackBuilders(app, input.fleet, { siteIds: input.siteIds }).sites) stream.add(build);
  port.postMessage({ violations: stream.violations, stacks: stream.manifestStacks() } satisfies ShardResult);
  port.close();
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
} else if (parentPort) {
  const port = parentPort;
  port.once('message', (input: ShardInput) => shard(port, input));
}
