/**
 * The fleet synthesis benchmark: `npm run bench`.
 *
 * Generates catalogs of 1, 10, 100, 1000 and 10,000 sites (tools/bench/generate.ts),
 * then synthesizes each with the product's app command (cdktf.json "app") and, up to
 * --stock-max sites (stock cdktf cannot finish 10,000 in reasonable time and memory),
 * with a stock configuration (the cdktf template's defaults: `npx ts-node main.ts`, and
 * FLEET_SYNTH=stock: cdktf's own synthesis of every stack, no site selection, no
 * threads, no catalog cache, token stack traces on). It prints wall time, time per
 * site and peak memory of each, the app's own loading and validation time, the ratios,
 * whether the outputs are byte-identical, the one-site figures (`SITES=<one>` against
 * the largest catalog: validated on the run, with a cold catalog cache, after one site
 * file changed, unchanged), the review tool's time on two outputs of the largest
 * catalog that differ in one ring, and the issues' targets.
 *
 *   npm run bench                                  # everything (about fifteen minutes)
 *   npm run bench -- --sizes 1,10,100 --no-stock   # quicker
 *   npm run bench -- --sizes 10000 --runs 1 --no-stock   # the 10,000-site figures
 *   npm run bench -- --runs 5 --stock-runs 3       # medians (defaults: 3 and 1)
 *   npm run bench -- --keep                        # keep catalogs and outputs
 *   npm run bench -- --save DIR                    # keep each size's output in DIR/out-<N>
 *   npm run bench -- --reference DIR               # compare each size's output byte for
 *                                                  # byte with DIR/out-<N> of an earlier build
 *   npm run bench -- --terraform-cloud             # catalogs with terraformCloud: a cloud
 *                                                  # block per stack and the fleet stack
 *
 * The product figures are for a catalog validated on that run (FLEET_CATALOG_CACHE
 * off), except the rows that say they use the catalog cache. The app reports its
 * phases through FLEET_TIMINGS (main.ts).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { MAX_SITES, generateCatalog, siteId } from './generate';
import { projectRoot } from '../project-root';

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly stockRuns: number;
  readonly stock: boolean;
  readonly keep: boolean;
  /** Catalogs with `terraformCloud`: a cloud block in every stack, and the fleet stack. */
  readonly terraformCloud: boolean;
  /** Largest catalog stock cdktf is run on. */
  readonly stockMax: number;
  /** Folder to copy each size's product output into (out-<N>). */
  readonly save?: string;
  /** Folder with out-<N> outputs of an earlier build to compare with byte for byte. */
  readonly reference?: string;
  /** Measure the review tool on two outputs of the largest catalog. */
  readonly review: boolean;
}

/** What --terraform-cloud appends to fleet.yaml (names only: the synth never calls Terraform Cloud). */
const TERRAFORM_CLOUD = `
terraformCloud:
  organization: tanzu-edge
  project: edge-fleet
  workspacePrefix: edge-fleet-
  agentPool: hub-agents
  terraformVersion: 1.11.4
  variableSets: { hub: [vsphere-credentials], sites: [vsphere-credentials] }
`;

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [--sizes 1,10,100,1000,10000] [--runs N] [--stock-runs N] [--no-stock] [--stock-max N] [--no-review] [--keep] [--save DIR] [--reference DIR] [--terraform-cloud]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  let sizes = [1, 10, 100, 1000, 10000];
  let runs = 3;
  let stockRuns = 1;
  let stock = true;
  let keep = false;
  let terraformCloud = false;
  let stockMax = 1000;
  let save: string | undefined;
  let reference: string | undefined;
  let review = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') {
      const value = argv[++i] ?? '';
      if (!/^\d+(,\d+)*$/.test(value) || value.split(',').some((n) => Number(n) < 1 || Number(n) > MAX_SITES)) usage(`--sizes '${value}' is not allowed; allowed: comma-separated site counts from 1 to ${MAX_SITES}`);
      sizes = value.split(',').map(Number).sort((a, b) => a - b);
    } else if (arg === '--runs' || arg === '--stock-runs') {
      const value = argv[++i] ?? '';
      if (!/^[1-9]\d*$/.test(value)) usage(`${arg} '${value}' is not allowed; allowed: a whole number of 1 or more`);
      if (arg === '--runs') runs = Number(value);
      else stockRuns = Number(value);
    } else if (arg === '--stock-max') {
      const value = argv[++i] ?? '';
      if (!/^[1-9]\d*$/.test(value)) usage(`--stock-max '${value}' is not allowed; allowed: a site count of 1 or more`);
      stockMax = Number(value);
    } else if (arg === '--save' || arg === '--reference') {
      const value = argv[++i];
      if (value === undefined || value === '') usage(`${arg} needs a folder`);
      if (arg === '--save') save = path.resolve(value);
      else reference = path.resolve(value);
    } else if (arg === '--no-stock') stock = false;
    else if (arg === '--no-review') review = false;
    else if (arg === '--keep') keep = true;
    else if (arg === '--terraform-cloud') terraformCloud = true;
    else usage(`unknown argument '${arg}'`);
  }
  return { sizes, runs, stockRuns, stock, keep, terraformCloud, stockMax, save, reference, review };
}

interface Measurement {
  readonly seconds: number;
  /** Peak resident memory of the synthesizing process, bytes. */
  readonly peakBytes: number;
  /** CPU time of the process and its threads (user + system), seconds; measured with GNU time only. */
  readonly cpuSeconds?: number;
  /** The app's own phases (FLEET_TIMINGS), seconds. */
  readonly phases?: Phases;
}

/** What main.ts writes to FLEET_TIMINGS: seconds from its start. */
interface Phases {
  /** Reading the catalog folder. */
  readonly load: number;
  /** Parsing, validating and resolving it (or reading it from the cache). */
  readonly validate: number;
}

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((t) => spawnSync(t, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0);

/** Peak memory of a process tree by polling /proc (each process's VmHWM) when GNU time is missing. */
async function runPolling(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stderr: string; peak: number }> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const hwm = new Map<number, number>();
  const sample = () => {
    const tree = new Set([child.pid as number]);
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (tree.has(ppid)) tree.add(Number(name));
      } catch {
        // gone
      }
    }
    for (const pid of tree) {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (kb) hwm.set(pid, Math.max(hwm.get(pid) ?? 0, Number(kb[1]) * 1024));
      } catch {
        // gone
      }
    }
  };
  const timer = setInterval(sample, 20);
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearInterval(timer);
  return { status, stderr, peak: Math.max(0, ...hwm.values()) };
}

/** Runs a command once; wall time, peak memory and the app's phases. Exit codes in `ok` count as success. */
async function measure(command: string, args: readonly string[], env: Record<string, string>, cwd: string, ok: readonly number[] = [0]): Promise<Measurement> {
  const timings = path.join(os.tmpdir(), `bench-phases-${process.pid}.json`);
  fs.rmSync(timings, { force: true });
  const fullEnv = { ...process.env, CHECKPOINT_DISABLE: '1', SITES: '', FLEET_TIMINGS: timings, ...env };
  const started = process.hrtime.bigint();
  let status: number | null;
  let stderr: string;
  let peak: number;
  let cpuSeconds: number | undefined;
  if (GNU_TIME) {
    const report = path.join(os.tmpdir(), `bench-time-${process.pid}`);
    const result = spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', report, command, ...args], { cwd, env: fullEnv, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    status = result.status;
    stderr = result.stderr;
    const [kb, user, system] = (fs.readFileSync(report, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    peak = kb * 1024;
    cpuSeconds = user + system;
  } else {
    ({ status, stderr, peak } = await runPolling(command, args, fullEnv, cwd));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (status === null || !ok.includes(status)) throw new Error(`${command} ${args.join(' ')} failed (exit ${status}):\n${stderr}`);
  let phases: Phases | undefined;
  try {
    phases = JSON.parse(fs.readFileSync(timings, 'utf8')) as Phases;
  } catch {
    phases = undefined; // stock cdktf through ts-node: the same main.ts, but a run that wrote none is reported without
  }
  return { seconds, peakBytes: peak, ...(cpuSeconds === undefined || Number.isNaN(cpuSeconds) ? {} : { cpuSeconds }), ...(phases ? { phases } : {}) };
}

/**
 * What limits a run that missed its target, from what was measured: its phases (how
 * long reading and validating the catalog took before any stack was built) and its CPU
 * time against the wall time and the CPUs there are.
 */
function limitOf(m: Measurement, sites: number, target: number): string {
  const cpus = os.availableParallelism();
  const parts: string[] = [];
  if (m.phases) parts.push(`reading the catalog ${seconds(m.phases.load)}, validating it ${seconds(m.phases.validate)}, building and writing the stacks ${seconds(m.seconds - m.phases.validate - m.phases.load)}`);
  if (m.cpuSeconds !== undefined) {
    const busy = m.cpuSeconds / m.seconds;
    const perSite = m.cpuSeconds / sites;
    parts.push(
      busy >= 0.85 * cpus
        ? `CPU-bound: ${seconds(m.cpuSeconds)} of CPU in ${seconds(m.seconds)} on ${cpus} CPUs (${busy.toFixed(1)} busy on average)` +
            (sites > 1 ? `, ${millis(perSite)} of CPU per site; the target needs ${millis((target * busy) / sites)} per site at this parallelism, or ${Math.ceil(m.cpuSeconds / target)} CPUs as busy` : '')
        : `not CPU-bound: ${busy.toFixed(1)} of ${cpus} CPUs busy on average (${seconds(m.cpuSeconds)} of CPU in ${seconds(m.seconds)}): time goes to waiting (disk, threads, a loaded machine)`,
    );
  }
  return parts.length > 0 ? `; what limits it: ${parts.join('; ')}` : '';
}

/** The median run by wall time. */
async function median(runs: number, once: () => Promise<Measurement>): Promise<Measurement> {
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  all.sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)];
}

/** True when both folders hold the same files with the same bytes (only `only` stacks when given). */
function sameOutput(a: string, b: string, only?: readonly string[]): boolean {
  const files = (dir: string): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else out.push(path.relative(dir, full));
      }
    };
    walk(dir);
    return out.sort();
  };
  const pick = (list: string[]) => (only ? list.filter((f) => only.some((s) => f.startsWith(`stacks${path.sep}${s}${path.sep}`))) : list);
  const left = pick(files(a));
  const right = pick(files(b));
  return left.length > 0 && left.join('\n') === right.join('\n') && left.every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

const seconds = (s: number) => (s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`);
const millis = (s: number) => `${(s * 1000).toFixed(s * 1000 >= 100 ? 0 : 1)} ms`;
const megabytes = (b: number) => `${Math.round(b / 2 ** 20)} MB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

interface Row {
  readonly label: string;
  readonly sites: number;
  readonly product: Measurement;
  readonly stock?: Measurement;
  /** Stock's catalog size when it differs from the row's (one-site rows: the whole catalog). */
  readonly stockSites?: number;
  readonly identical?: boolean;
  /** Compared with the output of an earlier build (--reference): identical or not. */
  readonly reference?: boolean;
}

/** Sets the worker replicas of a generated site with fixed replicas (a one-line edit of its file). */
function setReplicas(file: string, replicas: number): void {
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace(/(workers:\n\s+replicas: )\d+/, `$1${replicas}`);
  if (edited === text && !text.includes(`replicas: ${replicas}\n`)) throw new Error(`bench: ${file} has no worker replicas to edit`);
  fs.writeFileSync(file, edited);
}

/** fleet.yaml with one ring upgraded to the first ring's Kubernetes version: `early` (or the last ring). */
function upgradeOneRing(fleetText: string): { text: string; ring: string } {
  const fleet = parse(fleetText) as { rings: Record<string, { tkgVersion: string; clusterAutoscalerImage?: string }> };
  const names = Object.keys(fleet.rings);
  const ring = names.includes('early') ? 'early' : names[names.length - 1];
  const first = fleet.rings[names[0]];
  fleet.rings[ring] = { ...fleet.rings[ring], tkgVersion: first.tkgVersion, ...(first.clusterAutoscalerImage ? { clusterAutoscalerImage: first.clusterAutoscalerImage } : {}) };
  return { text: stringify(fleet, { lineWidth: 0 }), ring };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const root = projectRoot();
  const app = (JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');
  const reviewApp = ['node', 'tools/run.js', 'tools/review/main.ts'];
  const stockApp = ['npx', '--no-install', 'ts-node', 'main.ts'];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  const fleetTemplate = fs.readFileSync(path.join(root, 'sites', 'fleet.yaml'), 'utf8') + (options.terraformCloud ? TERRAFORM_CLOUD : '');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // The caches of the bundled app (main.ts: site facts, fleet-wide stacks' output): emptied for the cold rows.
  const cacheDir = path.join(root, 'dist', 'cache');

  const product = (catalog: string, out: string, env: Record<string, string> = {}) =>
    measure(app[0], app.slice(1), { SITE_CATALOG: catalog, CDKTF_OUTDIR: out, FLEET_CATALOG_CACHE: 'off', ...env }, root);
  const stock = (catalog: string, out: string) => measure(stockApp[0], stockApp.slice(1), { SITE_CATALOG: catalog, CDKTF_OUTDIR: out, FLEET_SYNTH: 'stock' }, root);
  const fresh = (out: string) => fs.rmSync(out, { recursive: true, force: true });

  // Build the app bundles once, outside the measurements (tools/run.js rebuilds one only when a source changed).
  const warm = path.join(work, 'warm');
  generateCatalog(warm, 1, fleetTemplate);
  await product(warm, path.join(work, 'warm-out'));
  if (options.review) await measure(reviewApp[0], [...reviewApp.slice(1), '--base', path.join(work, 'warm-out'), '--head', path.join(work, 'warm-out')], {}, root, [0, 2]);

  const rows: Row[] = [];
  for (const n of options.sizes) {
    const catalog = path.join(work, `catalog-${n}`);
    generateCatalog(catalog, n, fleetTemplate);
    log(`bench: ${n} site${n === 1 ? '' : 's'}...`);
    const outP = path.join(work, `out-product-${n}`);
    const outS = path.join(work, `out-stock-${n}`);
    const p = await median(options.runs, () => (fresh(outP), product(catalog, outP)));
    const s = options.stock && n <= options.stockMax ? await median(options.stockRuns, () => (fresh(outS), stock(catalog, outS))) : undefined;
    const earlier = options.reference ? path.join(options.reference, `out-${n}`) : undefined;
    const reference = earlier && fs.existsSync(earlier) ? sameOutput(outP, earlier) : undefined;
    if (options.save) {
      fresh(path.join(options.save, `out-${n}`));
      fs.cpSync(outP, path.join(options.save, `out-${n}`), { recursive: true });
    }
    if (s) fresh(outS);
    rows.push({ label: `${n} site${n === 1 ? '' : 's'}`, sites: n, product: p, stock: s, identical: s ? sameOutput(outP, outS) : undefined, reference });
  }

  // One site selected from the largest catalog: validated on the run, with empty caches,
  // after one site file changed (another site's, then its own), and unchanged.
  const largest = options.sizes[options.sizes.length - 1];
  const one = siteId(Math.floor(largest / 2));
  const other = siteId(largest > 1 ? 1 : 0); // fixed worker replicas in generated catalogs
  const catalog = path.join(work, `catalog-${largest}`);
  const full = path.join(work, `out-product-${largest}`);
  const outOne = path.join(work, 'out-one');
  const largestRow = rows[rows.length - 1];
  const oneRow = (label: string, m: Measurement, only: readonly string[]): Row => ({
    label: `SITES=${one} of ${largest}${label}`,
    sites: 1,
    product: m,
    stock: largestRow.stock,
    stockSites: largest,
    identical: sameOutput(outOne, full, only),
  });
  log(`bench: SITES=${one} of ${largest}...`);
  const cached = (env: Record<string, string> = {}) => product(catalog, outOne, { SITES: one, FLEET_CATALOG_CACHE: 'on', ...env });
  rows.push(oneRow('', await median(options.runs, () => (fresh(outOne), product(catalog, outOne, { SITES: one }))), [one, 'hub']));
  rows.push(oneRow(', caches cold', await median(options.runs, () => (fresh(outOne), fs.rmSync(cacheDir, { recursive: true, force: true }), cached())), [one, 'hub']));
  const otherFile = path.join(catalog, `${other}.yaml`);
  const otherText = fs.readFileSync(otherFile, 'utf8');
  let edit = 3;
  if (other !== one) {
    rows.push(oneRow(`, after ${other}.yaml changed`, await median(options.runs, () => (fresh(outOne), setReplicas(otherFile, edit++), cached())), [one, 'hub']));
    fs.writeFileSync(otherFile, otherText);
  }
  const oneFile = path.join(catalog, `${one}.yaml`);
  const oneText = fs.readFileSync(oneFile, 'utf8');
  if (/workers:\n\s+replicas: \d+/.test(oneText)) {
    rows.push(oneRow(`, after ${one}.yaml changed`, await median(options.runs, () => (fresh(outOne), setReplicas(oneFile, edit++), cached())), ['hub']));
    fs.writeFileSync(oneFile, oneText);
  }
  await cached(); // the restored files
  rows.push(oneRow(', catalog cached', await median(options.runs, () => (fresh(outOne), cached())), [one, 'hub']));

  // The review of two outputs of the largest catalog that differ in one ring's Kubernetes version.
  let review: { seconds: number; peakBytes: number; ring: string; changed: number } | undefined;
  if (options.review) {
    const head = path.join(work, `catalog-${largest}-head`);
    fs.cpSync(catalog, head, { recursive: true });
    const upgraded = upgradeOneRing(fs.readFileSync(path.join(catalog, 'fleet.yaml'), 'utf8'));
    fs.writeFileSync(path.join(head, 'fleet.yaml'), upgraded.text);
    const outHead = path.join(work, `out-head-${largest}`);
    log(`bench: review of ${largest} sites, ring ${upgraded.ring} upgraded...`);
    await product(head, outHead);
    const stackFile = (dir: string, stack: string) => path.join(dir, 'stacks', stack, 'cdk.tf.json');
    const changed = fs.readdirSync(path.join(full, 'stacks')).filter((s) => !fs.readFileSync(stackFile(full, s)).equals(fs.readFileSync(stackFile(outHead, s)))).length;
    const m = await median(options.runs, () => measure(reviewApp[0], [...reviewApp.slice(1), '--base', full, '--head', outHead], {}, root, [0, 2]));
    review = { seconds: m.seconds, peakBytes: m.peakBytes, ring: upgraded.ring, changed };
  }

  const lines: string[] = [];
  const runs = (n: number) => (n === 1 ? 'one run' : `median of ${n} runs`);
  lines.push(`Fleet synthesis benchmark: ${os.availableParallelism()} CPUs, Node ${process.version}; product ${runs(options.runs)}${options.stock ? `, stock ${runs(options.stockRuns)} up to ${options.stockMax} sites` : ''} per row`);
  lines.push(`product: \`${app.join(' ')}\` (cdktf.json app)${options.stock ? `; stock: \`${stockApp.filter((a) => a !== '--no-install').join(' ')}\` with FLEET_SYNTH=stock (cdktf template defaults)` : ''}`);
  lines.push(`peak memory: ${GNU_TIME ? 'GNU time, max resident set' : 'sampled from /proc every 20 ms'}; load: reading the catalog folder; validate: parsing, validating and resolving it (or reading it from the cache), both as the app measures them`);
  if (options.terraformCloud) lines.push('catalogs with terraformCloud: a cloud block in every stack, and the fleet stack with a workspace per site');
  lines.push('');
  const withReference = rows.some((r) => r.reference !== undefined);
  lines.push(`| catalog | product | per site | peak | load | validate | stock | per site | peak | faster | memory | output |${withReference ? ' earlier build |' : ''}`);
  lines.push(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|${withReference ? '---|' : ''}`);
  const phase = (m: Measurement, key: keyof Phases) => (m.phases ? seconds(m.phases[key]) : '–');
  for (const r of rows) {
    const s = r.stock;
    const same = r.identical === undefined ? '–' : r.identical ? 'identical' : 'DIFFERENT';
    lines.push(
      `| ${r.label} | ${seconds(r.product.seconds)} | ${millis(r.product.seconds / r.sites)} | ${megabytes(r.product.peakBytes)} | ${phase(r.product, 'load')} | ${phase(r.product, 'validate')} | ` +
        (s
          ? `${seconds(s.seconds)} | ${millis(s.seconds / (r.stockSites ?? r.sites))} | ${megabytes(s.peakBytes)} | ${ratio(s.seconds, r.product.seconds)} | ${ratio(s.peakBytes, r.product.peakBytes)} | ${same}${r.stockSites ? ' (with the full synth)' : ''} |`
          : `– | – | – | – | – | ${same}${r.stockSites && r.identical !== undefined ? ' (with the full synth)' : ''} |`) +
        (withReference ? ` ${r.reference === undefined ? '–' : r.reference ? 'identical' : 'DIFFERENT'} |` : ''),
    );
  }
  if (largestRow.stock) lines.push(`\nStock cdktf synthesizes every stack whatever the CLI selects, so its one-site rows are its ${largest}-site run.`);
  if (review) {
    lines.push(`\nReview of two ${largest}-site outputs that differ in ring '${review.ring}' (its tkgVersion, ${review.changed} stacks changed): ${seconds(review.seconds)}, ${megabytes(review.peakBytes)} peak`);
  }

  const base = rows.find((r) => r.sites === 1 && !r.label.startsWith('SITES='));
  const sized = rows.filter((r) => !r.label.startsWith('SITES=') && r.sites > 1);
  if (base && sized.length > 0) {
    lines.push(`\nMarginal cost per site, (wall(N) − wall(1)) / (N − 1): ${sized.map((r) => `${r.sites}: ${millis((r.product.seconds - base.product.seconds) / (r.sites - 1))}`).join(', ')}`);
  }
  const at = (n: number) => rows.find((r) => r.sites === n && !r.label.startsWith('SITES='));
  const [thousand, tenThousand] = [at(1000), at(10000)];
  if (thousand && tenThousand) {
    const v = (r: Row) => r.product.phases?.validate ?? NaN;
    lines.push(
      `\n10,000 against 1,000 sites: wall ${ratio(tenThousand.product.seconds, thousand.product.seconds)}, peak ${ratio(tenThousand.product.peakBytes, thousand.product.peakBytes)}, validation ${ratio(v(tenThousand), v(thousand))} (linear: 10.0×)`,
    );
  }
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const oneOf = (label: string) => rows.find((r) => r.label === `SITES=${one} of ${largest}${label}`)?.product.seconds;
  const [validated, cold, afterOther, afterOwn, warmCache] = ['', ', caches cold', `, after ${other}.yaml changed`, `, after ${one}.yaml changed`, ', catalog cached'].map(oneOf);
  const s = (x: number | undefined) => (x === undefined ? '–' : seconds(x));
  if (thousand && largest === 1000) {
    lines.push('\nTargets (issue 8, 2-core machine):');
    lines.push(`- 1000 sites in 10 s or less: ${check(thousand.product.seconds <= 10)} (${seconds(thousand.product.seconds)})`);
    lines.push(`- 1000 sites under 1 GB peak: ${check(thousand.product.peakBytes < 2 ** 30)} (${megabytes(thousand.product.peakBytes)})`);
    lines.push(`- one site of 1000 in 1 s or less: ${check((warmCache ?? Infinity) <= 1)} (${s(validated)} validated without the cache, ${s(cold)} cold cache, ${s(warmCache)} cached)`);
  }
  if (tenThousand && largest === 10000) {
    const changed = Math.max(afterOther ?? Infinity, afterOwn ?? Infinity);
    lines.push('\nTargets (issue 19, 2-core machine):');
    lines.push(`- 10,000 sites in 60 s or less: ${check(tenThousand.product.seconds <= 60)} (${seconds(tenThousand.product.seconds)})${tenThousand.product.seconds <= 60 ? '' : limitOf(tenThousand.product, 10000, 60)}`);
    lines.push(`- 10,000 sites under 2 GB peak: ${check(tenThousand.product.peakBytes < 2 * 2 ** 30)} (${megabytes(tenThousand.product.peakBytes)})`);
    const oneRowOf = (label: string) => rows.find((r) => r.label === `SITES=${one} of ${largest}${label}`)?.product;
    const slower = (afterOther ?? 0) >= (afterOwn ?? 0) ? oneRowOf(`, after ${other}.yaml changed`) : oneRowOf(`, after ${one}.yaml changed`);
    const coldRow = oneRowOf(', caches cold');
    lines.push(`- one site of 10,000 in 1.5 s or less after a single site file changed: ${check(changed <= 1.5)} (${s(afterOther)} after another site's file, ${s(afterOwn)} after its own)${changed <= 1.5 || !slower ? '' : limitOf(slower, 1, 1.5)}`);
    lines.push(`- one site of 10,000 in 5 s or less cold: ${check((cold ?? Infinity) <= 5)} (${s(cold)} with empty caches; ${s(validated)} with the caches off)${(cold ?? Infinity) <= 5 || !coldRow ? '' : limitOf(coldRow, 1, 5)}`);
    if (review) lines.push(`- review of two 10,000-site outputs in 30 s or less: ${check(review.seconds <= 30)} (${seconds(review.seconds)})`);
    if (withReference) lines.push(`- outputs byte-identical to the earlier build: ${check(rows.every((r) => r.reference !== false))}`);
  }
  if (!(thousand && largest === 1000) && !(tenThousand && largest === 10000)) lines.push('\n(run with 1000 or 10000 as the largest size to check the targets)');
  process.stdout.write(`${lines.join('\n')}\n`);

  if (options.keep) log(`bench: catalogs and outputs kept in ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
