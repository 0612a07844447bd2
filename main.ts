/**
 * The app: reads the environment and the site catalog, builds the stacks.
 *
 *   SITE_CATALOG  folder holding fleet.yaml and the site files   (default: sites)
 *   SITES         comma-separated site ids to synthesize         (default: all)
 *   FLEET_SYNTH   `stock`: cdktf's own synthesis of every stack, SITES ignored, as the
 *                 benchmark's baseline (same output per stack)   (default: fast)
 *   SYNTH_WORKERS threads to add for checking site files and building site stacks
 *                 (default: by the sites to build, the files to parse and the CPUs)
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
import { CatalogSource, CatalogSources, PrecheckedSites, SiteCheck, checkSiteSource, parseCatalog, parseCatalogFor, readCatalog, sitesToParse } from './constructs/catalog/load';
import { CatalogError, formatProblem } from './constructs/catalog/problems';
import { Fleet } from './constructs/catalog/model';
import { PolicyError, PolicyViolation, formatViolation } from './constructs/policy/fleet-policy';
import { FleetApp, SiteSelectionError, buildFleet, selectSites, stackBuilders } from './stacks/fleet-app';
import { StackStream, commitStaged, discardStaged } from './stacks/stack-stream';
import { SiteFactsCache } from './stacks/catalog-cache';
import { FleetStackCache } from './stacks/stack-cache';
import { catalogRecord, writeCatalogRecord } from './stacks/catalog-record';
import { workerCount } from './stacks/shards';
import { WorkQueue, WorkQueueHandle } from './stacks/work-queue';
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

/** SYNTH_WORKERS when set: the threads to add, 0 for one thread. */
function requestedWorkers(): number | undefined {
  const requested = process.env.SYNTH_WORKERS;
  if (requested === undefined || requested === '') return undefined;
  if (!/^\d+$/.test(requested)) {
    process.stderr.write(`SYNTH_WORKERS: '${requested}' is not allowed; allowed: a whole number of worker threads (0: synthesize in one thread)\n`);
    process.exit(1);
  }
  return Number(requested);
}

/** Worker threads to add for building: SYNTH_WORKERS when set, else as many as the fleet size and the CPUs warrant. */
function workersFor(sites: number): number {
  return requestedWorkers() ?? workerCount(sites, os.availableParallelism());
}

/**
 * Site files to parse from which threads help (with no thread started to build):
 * about half a second of YAML, more than a thread costs to start on a spare CPU.
 */
const PARALLEL_CHECK_MIN = 1500;

/** Worker threads to add for checking `files` site files when none were started to build. */
function checkWorkersFor(files: number): number {
  return requestedWorkers() ?? (files >= PARALLEL_CHECK_MIN ? Math.min(os.availableParallelism() - 1, 7) : 0);
}

/** The catalog cache setting (FLEET_CATALOG_CACHE): false when off. */
function catalogCacheOn(): boolean {
  const setting = process.env.FLEET_CATALOG_CACHE ?? '';
  if (!['', 'on', 'off'].includes(setting)) {
    process.stderr.write(`FLEET_CATALOG_CACHE: '${setting}' is not allowed; allowed: on (default) or off\n`);
    process.exit(1);
  }
  return setting !== 'off';
}

/**
 * With a site selection (fast synthesis, bundled app, FLEET_CATALOG_CACHE not off),
 * the per-file cache of site facts next to the bundled app (stacks/catalog-cache.ts);
 * else none.
 */
function siteFactsCache(sources: CatalogSources, stock: boolean, siteIds: readonly string[] | undefined): SiteFactsCache | undefined {
  // The build id is the bundle itself (rebuilt by tools/run.js whenever a source changes).
  if (stock || !catalogCacheOn() || siteIds === undefined || !__filename.endsWith('.js')) return undefined;
  const bundle = fs.statSync(__filename);
  return new SiteFactsCache({ dir: path.join(path.dirname(__filename), '..', 'cache', 'catalog'), buildId: `${bundle.size}:${bundle.mtimeMs}`, fleet: sources.fleet });
}

/**
 * The validated catalog. With the facts cache (a site selection), resolved for the
 * selected sites only, the others' facts read from the cache and parsed only when
 * their file changed; else parsed, validated and resolved in full. Site files other
 * threads already checked come in `prechecked`.
 */
function loadFleet(sources: CatalogSources, siteIds: readonly string[] | undefined, cache: SiteFactsCache | undefined, prechecked: PrecheckedSites | undefined): Fleet {
  if (cache === undefined || siteIds === undefined) return parseCatalog(sources, prechecked);
  const fleet = parseCatalogFor(sources, siteIds, cache, prechecked);
  cache.save();
  return fleet;
}

/** Site files a thread checks per claim: about 15 ms of YAML. */
const CHECK_CHUNK = 64;

/**
 * Checks site files on this thread and on the helpers at once, each claiming the next
 * chunk when free. A helper still loading the app claims none, and this thread does
 * not wait for it: only for chunks a helper has claimed and not yet reported.
 */
async function checkInParallel(helpers: readonly Helper[], sources: readonly CatalogSource[]): Promise<PrecheckedSites> {
  const results = new Array<SiteCheck | undefined>(sources.length);
  let filled = 0;
  let complete: () => void = () => undefined;
  const whole = new Promise<void>((resolve) => (complete = resolve));
  const fill = (i: number, check: SiteCheck) => {
    if (results[i] !== undefined) return;
    results[i] = check;
    if (++filled === sources.length) complete();
  };
  const queue = WorkQueue.create(sources.length, CHECK_CHUNK);
  helpers.forEach((h) => h.check(sources, queue.handle, (start, checks) => checks.forEach((c, k) => fill(start + k, c))));
  for (let chunk = queue.claim(); chunk; chunk = queue.claim()) {
    for (let i = chunk[0]; i < chunk[1]; i++) fill(i, checkSiteSource(sources[i]));
  }
  if (filled < sources.length) await Promise.race([whole, ...helpers.map((h) => h.failed)]).catch(() => undefined);
  // What a helper that failed had claimed is checked here.
  return new Map(sources.map((source, i) => [source, results[i] ?? checkSiteSource(source)]));
}

/**
 * With a site selection (fast synthesis, bundled app, FLEET_CATALOG_CACHE not off), the
 * cache of the fleet-wide stacks' output (stacks/stack-cache.ts); else none.
 */
function fleetStackCache(stock: boolean, siteIds: readonly string[] | undefined): FleetStackCache | undefined {
  if (stock || siteIds === undefined || !catalogCacheOn() || !__filename.endsWith('.js')) return undefined;
  const bundle = fs.statSync(__filename);
  return new FleetStackCache({ dir: path.join(path.dirname(__filename), '..', 'cache', 'stacks'), buildId: `${bundle.size}:${bundle.mtimeMs}` });
}

/** Site stacks a thread builds per claim: about 100 ms. */
const BUILD_CHUNK = 8;

/** What a helper thread is asked to do. */
type HelperTask =
  /** Check site files (`checkSiteSource`), claiming chunks from the queue. */
  | { readonly kind: 'check'; readonly sources: readonly CatalogSource[]; readonly queue: WorkQueueHandle }
  /** Build, check and write site stacks into the staging folder, claiming chunks of `siteIds` from the queue. */
  | { readonly kind: 'build'; readonly fleet: Fleet; readonly siteIds: readonly string[]; readonly queue: WorkQueueHandle; readonly staging: string };

/** A helper's result of building: its stacks' violations, and the manifest entries of those it wrote. */
interface BuildResult {
  readonly violations: readonly PolicyViolation[];
  readonly stacks: Record<string, unknown>;
}

/** What a helper thread reports. */
type HelperReport = { readonly kind: 'checked'; readonly start: number; readonly checks: readonly SiteCheck[] } | ({ readonly kind: 'built' } & BuildResult);

/**
 * A worker thread that checks site files and builds site stacks beside this one.
 * Started before the catalog is parsed, so that loading the app in the thread
 * overlaps with the work here; it takes its share of the site files to check, then of
 * the sites to build, from shared queues, so no thread waits for another's fixed share.
 */
class Helper {
  /** Rejects when the thread fails or stops before it has built its sites. */
  readonly failed: Promise<never>;
  private readonly worker: Worker;
  private onChecked: (start: number, checks: readonly SiteCheck[]) => void = () => undefined;
  private onBuilt: (result: BuildResult) => void = () => undefined;

  constructor() {
    this.worker = new Worker(__filename);
    this.failed = new Promise<never>((_, reject) => {
      this.worker.on('error', reject);
      this.worker.on('exit', (code) => reject(new Error(`a synthesis thread stopped (exit code ${code}) before finishing its work`)));
    });
    this.failed.catch(() => undefined); // a rejection nobody awaits is not an unhandled one
    this.worker.on('message', (report: HelperReport) => (report.kind === 'checked' ? this.onChecked(report.start, report.checks) : this.onBuilt(report)));
  }

  /** Checks site files with the other threads; each chunk it finishes goes to `into`. */
  check(sources: readonly CatalogSource[], queue: WorkQueueHandle, into: (start: number, checks: readonly SiteCheck[]) => void): void {
    this.onChecked = into;
    this.worker.postMessage({ kind: 'check', sources, queue } satisfies HelperTask);
  }

  /** Builds site stacks with the other threads; resolves with what it wrote and found. */
  build(task: Omit<Extract<HelperTask, { kind: 'build' }>, 'kind'>): Promise<BuildResult> {
    const built = new Promise<BuildResult>((resolve) => (this.onBuilt = resolve));
    this.worker.postMessage({ kind: 'build', ...task } satisfies HelperTask);
    return Promise.race([built, this.failed]);
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
  let helpers: Helper[] = [];
  let staging: string | undefined;
  let stackCache: FleetStackCache | undefined;
  try {
    const loadStart = sinceStart();
    const sources = readCatalog(catalogDir);
    const load = sinceStart() - loadStart;
    // Threads need the bundled app (node tools/run.js main.ts); stock runs in one thread.
    const threads = !stock && __filename.endsWith('.js');
    helpers = Array.from({ length: threads ? workersFor(siteIds?.length ?? sources.sites.length) : 0 }, () => new Helper());
    const validateStart = sinceStart();
    const cache = siteFactsCache(sources, stock, siteIds);
    const toCheck = cache && siteIds ? sitesToParse(sources, siteIds, cache) : sources.sites;
    // Few sites selected but many files to parse (an empty cache, an edited fleet.yaml): threads to check them.
    if (threads && helpers.length === 0) helpers = Array.from({ length: checkWorkersFor(toCheck.length) }, () => new Helper());
    const prechecked = helpers.length > 0 ? await checkInParallel(helpers, toCheck) : undefined;
    const fleet = loadFleet(sources, siteIds, cache, prechecked);
    const timings = { load, validate: sinceStart() - validateStart };
    const selected = selectSites(fleet, siteIds).map((s) => s.id);
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
    // Helpers start on the sites while this thread builds the fleet-wide stacks; then
    // every thread takes the next few sites from the queue until none are left.
    const queue = WorkQueue.create(selected.length, BUILD_CHUNK);
    const building = selected.length > BUILD_CHUNK ? helpers : [];
    helpers.filter((h) => !building.includes(h)).forEach((h) => h.abort());
    helpers = building;
    const results = helpers.map((h) => h.build({ fleet, siteIds: selected, queue: queue.handle, staging: stream.staging }));
    const builders = stackBuilders(app, fleet, { siteIds: selected });
    stackCache = fleetStackCache(stock, siteIds);
    for (const stack of builders.fleet) stream.addFleetStack(stack.name, stack.build, stackCache, fleet);
    for (let chunk = queue.claim(); chunk; chunk = queue.claim()) {
      for (let i = chunk[0]; i < chunk[1]; i++) stream.add(builders.sites[i]);
    }
    const built = await Promise.all(results);
    const violations = [...stream.violations, ...built.flatMap((r) => r.violations)];
    if (violations.length > 0) throw new PolicyError(inStackOrder(violations, selected));
    commitStaged(staging, app.outdir);
    stackCache?.commit();
    app.writeManifestWith(Object.assign({}, ...built.map((r) => r.stacks)));
    writeCatalogRecord(app.outdir, record);
    writeTimings(timings);
  } catch (error) {
    helpers.forEach((h) => h.abort());
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

/** A helper thread: checks site files, then builds, checks and writes site stacks, as main() asks. */
function helper(port: MessagePort): void {
  port.on('message', (task: HelperTask) => {
    const queue = new WorkQueue(task.queue);
    if (task.kind === 'check') {
      for (let chunk = queue.claim(); chunk; chunk = queue.claim()) {
        port.postMessage({ kind: 'checked', start: chunk[0], checks: task.sources.slice(chunk[0], chunk[1]).map(checkSiteSource) } satisfies HelperReport);
      }
      return;
    }
    const app = new FleetApp({ outdir: path.dirname(task.staging) });
    const stream = new StackStream(app, task.staging);
    const builders = stackBuilders(app, task.fleet, { siteIds: task.siteIds }).sites;
    for (let chunk = queue.claim(); chunk; chunk = queue.claim()) {
      for (let i = chunk[0]; i < chunk[1]; i++) stream.add(builders[i]);
    }
    port.postMessage({ kind: 'built', violations: stream.violations, stacks: stream.manifestStacks() } satisfies HelperReport);
    port.close();
  });
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
} else if (parentPort) {
  helper(parentPort);
}
