/**
 * The app: reads the environment and the site catalog, builds the stacks.
 *
 *   SITE_CATALOG  folder holding fleet.yaml and the site files   (default: sites)
 *   SITES         comma-separated site ids to synthesize         (default: all)
 *   FLEET_SYNTH   `stock`: cdktf's own synthesis of every stack, SITES ignored, as the
 *                 benchmark's baseline (same output per stack)   (default: fast)
 *   SYNTH_WORKERS threads to add for site stacks                 (default: by fleet size and CPUs)
 *   FLEET_CATALOG_CACHE `off`: validate the catalog on every run, never from the
 *                 content-hashed cache in dist/cache             (default: on)
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
import { CatalogSources, parseCatalog, readCatalog } from './constructs/catalog/load';
import { CatalogError, formatProblem } from './constructs/catalog/problems';
import { Fleet } from './constructs/catalog/model';
import { PolicyError, PolicyViolation, formatViolation } from './constructs/policy/fleet-policy';
import { FleetApp, SiteSelectionError, buildFleet, buildSiteStacks, selectSites } from './stacks/fleet-app';
import { parseCached } from './stacks/catalog-cache';
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
 * The validated catalog: from the content-hashed cache next to the bundled app when
 * one matches (fast synthesis only), else parsed and validated (and then cached).
 */
function loadFleet(sources: CatalogSources, stock: boolean): Fleet {
  const setting = process.env.FLEET_CATALOG_CACHE ?? '';
  if (!['', 'on', 'off'].includes(setting)) {
    process.stderr.write(`FLEET_CATALOG_CACHE: '${setting}' is not allowed; allowed: on (default) or off\n`);
    process.exit(1);
  }
  // The build id is the bundle itself (rebuilt by tools/run.js whenever a source changes).
  if (stock || setting === 'off' || !__filename.endsWith('.js')) return parseCatalog(sources);
  const bundle = fs.statSync(__filename);
  return parseCached(sources, parseCatalog, { dir: path.join(path.dirname(__filename), '..', 'cache', 'catalog'), buildId: `${bundle.size}:${bundle.mtimeMs}` });
}

/** What a shard thread gets: the resolved catalog and its site ids. */
interface ShardInput {
  readonly fleet: Fleet;
  readonly siteIds: readonly string[];
}

type ShardMessage = { type: 'checked'; violations: PolicyViolation[] } | { type: 'done'; stacks: Record<string, unknown> };

/** A promise with its settle functions; a rejection nobody awaits is not an unhandled one. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * A worker thread that builds and writes some site stacks, in steps the main thread
 * releases. Started before the catalog is parsed, so that loading the app in the
 * thread overlaps with validation; given its sites once the catalog is valid.
 */
class Shard {
  readonly checked: Promise<readonly PolicyViolation[]>;
  readonly done: Promise<Record<string, unknown>>;
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(__filename);
    const checked = deferred<readonly PolicyViolation[]>();
    const done = deferred<Record<string, unknown>>();
    this.checked = checked.promise;
    this.done = done.promise;
    this.worker.on('message', (m: ShardMessage) => (m.type === 'checked' ? checked.resolve(m.violations) : done.resolve(m.stacks)));
    // Once settled, a promise ignores these.
    const fail = (e: Error) => (checked.reject(e), done.reject(e));
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a synthesis thread stopped (exit code ${code}) before finishing its sites`)));
  }

  /** Build these sites and check their policy. */
  start(input: ShardInput): void {
    this.worker.postMessage(input);
  }

  /** Write the stacks (no policy violation anywhere). */
  go(): void {
    this.worker.postMessage('synth');
  }

  /** Stop without writing anything. */
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
  try {
    const loadStart = sinceStart();
    const sources = readCatalog(catalogDir);
    const load = sinceStart() - loadStart;
    // Threads need the bundled app (node tools/run.js main.ts); stock runs in one thread.
    const workers = stock || !__filename.endsWith('.js') ? 0 : workersFor(siteIds?.length ?? sources.sites.length);
    shards = Array.from({ length: workers }, () => new Shard());
    const validateStart = sinceStart();
    const fleet = loadFleet(sources, stock);
    const timings = { load, validate: sinceStart() - validateStart };
    const selected = selectSites(fleet, siteIds).map((s) => s.id);
    const [own, ...others] = planShards(selected, workers);
    const app = new FleetApp(); // creates the output folder before any thread writes into it
    warnOfOrphans(fleet, path.resolve(app.outdir));
    // Threads get their sites first: they build while this one builds its own share.
    others.forEach((ids, i) => (ids.length > 0 ? shards[i].start({ fleet, siteIds: ids }) : shards[i].abort()));
    shards = shards.filter((_, i) => others[i].length > 0);
    buildFleet(app, fleet, { siteIds: siteIds === undefined && workers === 0 ? undefined : own, synthesis: stock ? 'stock' : 'fast' });
    // What this synthesis covered, so a review or the next run never reads a site that
    // SITES left out as a site removed from the catalog.
    const record = catalogRecord(fleet, siteIds === undefined ? undefined : selected);
    if (shards.length === 0) {
      app.synth();
      writeCatalogRecord(app.outdir, record);
      writeTimings(timings);
      return;
    }
    const violations = [...app.checkPolicy(), ...(await Promise.all(shards.map((s) => s.checked))).flat()];
    if (violations.length > 0) throw new PolicyError(inStackOrder(violations, selected));
    shards.forEach((s) => s.go());
    app.synth();
    const written = await Promise.all(shards.map((s) => s.done));
    app.writeManifestWith(Object.assign({}, ...written));
    writeCatalogRecord(app.outdir, record);
    writeTimings(timings);
  } catch (error) {
    shards.forEach((s) => s.abort());
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

/** A shard thread: build its sites, report violations, write when released, report its manifest entries. */
function shard(port: MessagePort, input: ShardInput): void {
  const app = new FleetApp();
  buildSiteStacks(app, input.fleet, { siteIds: input.siteIds });
  port.postMessage({ type: 'checked', violations: [...app.checkPolicy()] } satisfies ShardMessage);
  port.once('message', () => {
    app.synth(); // its manifest.json is rewritten by the main thread with every stack
    port.postMessage({ type: 'done', stacks: app.manifestStacks() } satisfies ShardMessage);
    port.close();
  });
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
