/**
 * The fleet synthesis benchmark: `npm run bench`.
 *
 * Generates catalogs of 1, 10, 100 and 1000 sites (tools/bench/generate.ts), then
 * synthesizes each twice in the same run: with the product's app command
 * (cdktf.json "app") and with a stock configuration (the cdktf template's defaults:
 * `npx ts-node main.ts`, and FLEET_SYNTH=stock: cdktf's own synthesis of every
 * stack, no site selection, no threads, no catalog cache, token stack traces on).
 * It prints wall time, time per site and peak memory of each, the ratios, whether
 * the two outputs are byte-identical, the one-site figures (`SITES=<one>` against
 * the 1000-site catalog) and the issue's targets.
 *
 *   npm run bench                                  # everything (about two minutes)
 *   npm run bench -- --sizes 1,10,100 --no-stock   # quicker
 *   npm run bench -- --runs 5 --stock-runs 3       # medians (defaults: 3 and 1)
 *   npm run bench -- --keep                        # keep catalogs and outputs
 *   npm run bench -- --terraform-cloud             # catalogs with terraformCloud: a cloud
 *                                                  # block per stack and the fleet stack
 *
 * The product figures are for a catalog validated on that run (FLEET_CATALOG_CACHE
 * off), except the row that says it reads the catalog from the cache.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateCatalog, siteId } from './generate';
import { projectRoot } from '../project-root';

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly stockRuns: number;
  readonly stock: boolean;
  readonly keep: boolean;
  /** Catalogs with `terraformCloud`: a cloud block in every stack, and the fleet stack. */
  readonly terraformCloud: boolean;
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
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [--sizes 1,10,100,1000] [--runs N] [--stock-runs N] [--no-stock] [--keep] [--terraform-cloud]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  let sizes = [1, 10, 100, 1000];
  let runs = 3;
  let stockRuns = 1;
  let stock = true;
  let keep = false;
  let terraformCloud = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') {
      const value = argv[++i] ?? '';
      if (!/^\d+(,\d+)*$/.test(value) || value.split(',').some((n) => Number(n) < 1)) usage(`--sizes '${value}' is not allowed; allowed: comma-separated site counts of 1 or more`);
      sizes = value.split(',').map(Number).sort((a, b) => a - b);
    } else if (arg === '--runs' || arg === '--stock-runs') {
      const value = argv[++i] ?? '';
      if (!/^[1-9]\d*$/.test(value)) usage(`${arg} '${value}' is not allowed; allowed: a whole number of 1 or more`);
      if (arg === '--runs') runs = Number(value);
      else stockRuns = Number(value);
    } else if (arg === '--no-stock') stock = false;
    else if (arg === '--keep') keep = true;
    else if (arg === '--terraform-cloud') terraformCloud = true;
    else usage(`unknown argument '${arg}'`);
  }
  return { sizes, runs, stockRuns, stock, keep, terraformCloud };
}

interface Measurement {
  readonly seconds: number;
  /** Peak resident memory of the synthesizing process, bytes. */
  readonly peakBytes: number;
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

/** Runs a command once; wall time and peak memory. */
async function measure(command: string, args: readonly string[], env: Record<string, string>, cwd: string): Promise<Measurement> {
  const fullEnv = { ...process.env, CHECKPOINT_DISABLE: '1', SITES: '', ...env };
  const started = process.hrtime.bigint();
  let status: number | null;
  let stderr: string;
  let peak: number;
  if (GNU_TIME) {
    const report = path.join(os.tmpdir(), `bench-time-${process.pid}`);
    const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', report, command, ...args], { cwd, env: fullEnv, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    status = result.status;
    stderr = result.stderr;
    peak = Number(fs.readFileSync(report, 'utf8').trim().split('\n').pop()) * 1024;
  } else {
    ({ status, stderr, peak } = await runPolling(command, args, fullEnv, cwd));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${status}):\n${stderr}`);
  return { seconds, peakBytes: peak };
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
  readonly identical?: boolean;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const root = projectRoot();
  const app = (JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as { app: string }).app.split(' ');
  const stockApp = ['npx', '--no-install', 'ts-node', 'main.ts'];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
  const fleetTemplate = fs.readFileSync(path.join(root, 'sites', 'fleet.yaml'), 'utf8') + (options.terraformCloud ? TERRAFORM_CLOUD : '');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const product = (catalog: string, out: string, env: Record<string, string> = {}) =>
    measure(app[0], app.slice(1), { SITE_CATALOG: catalog, CDKTF_OUTDIR: out, FLEET_CATALOG_CACHE: 'off', ...env }, root);
  const stock = (catalog: string, out: string) => measure(stockApp[0], stockApp.slice(1), { SITE_CATALOG: catalog, CDKTF_OUTDIR: out, FLEET_SYNTH: 'stock' }, root);

  // Build the app bundle once, outside the measurements (tools/run.js rebuilds it only when a source changes).
  const warm = path.join(work, 'warm');
  generateCatalog(warm, 1, fleetTemplate);
  await product(warm, path.join(work, 'warm-out'));

  const rows: Row[] = [];
  for (const n of options.sizes) {
    const catalog = path.join(work, `catalog-${n}`);
    generateCatalog(catalog, n, fleetTemplate);
    log(`bench: ${n} site${n === 1 ? '' : 's'}...`);
    const outP = path.join(work, `out-product-${n}`);
    const outS = path.join(work, `out-stock-${n}`);
    const p = await median(options.runs, () => (fs.rmSync(outP, { recursive: true, force: true }), product(catalog, outP)));
    const s = options.stock ? await median(options.stockRuns, () => (fs.rmSync(outS, { recursive: true, force: true }), stock(catalog, outS))) : undefined;
    rows.push({ label: `${n} site${n === 1 ? '' : 's'}`, sites: n, product: p, stock: s, identical: s ? sameOutput(outP, outS) : undefined });
  }

  // One site selected from the largest catalog: validated on the run, then from the catalog cache.
  const largest = options.sizes[options.sizes.length - 1];
  const one = siteId(Math.floor(largest / 2));
  const catalog = path.join(work, `catalog-${largest}`);
  const outOne = path.join(work, 'out-one');
  log(`bench: SITES=${one} of ${largest}...`);
  const stockLargest = rows[rows.length - 1].stock;
  const compareOne = () => (stockLargest ? sameOutput(outOne, path.join(work, `out-stock-${largest}`), [one, 'hub']) : undefined);
  const validated = await median(options.runs, () => (fs.rmSync(outOne, { recursive: true, force: true }), product(catalog, outOne, { SITES: one })));
  rows.push({ label: `SITES=${one} of ${largest}`, sites: 1, product: validated, stock: stockLargest, identical: compareOne() });
  await product(catalog, outOne, { SITES: one, FLEET_CATALOG_CACHE: 'on' }); // fills the cache
  const cached = await median(options.runs, () => (fs.rmSync(outOne, { recursive: true, force: true }), product(catalog, outOne, { SITES: one, FLEET_CATALOG_CACHE: 'on' })));
  rows.push({ label: `SITES=${one} of ${largest}, catalog cached`, sites: 1, product: cached, stock: stockLargest, identical: compareOne() });

  const lines: string[] = [];
  const runs = (n: number) => (n === 1 ? 'one run' : `median of ${n} runs`);
  lines.push(`Fleet synthesis benchmark: ${os.availableParallelism()} CPUs, Node ${process.version}; product ${runs(options.runs)}${options.stock ? `, stock ${runs(options.stockRuns)}` : ''} per row`);
  lines.push(`product: \`${app.join(' ')}\` (cdktf.json app)${options.stock ? `; stock: \`${stockApp.filter((a) => a !== '--no-install').join(' ')}\` with FLEET_SYNTH=stock (cdktf template defaults)` : ''}`);
  lines.push(`peak memory: ${GNU_TIME ? 'GNU time, max resident set' : 'sampled from /proc every 20 ms'}`);
  if (options.terraformCloud) lines.push('catalogs with terraformCloud: a cloud block in every stack, and the fleet stack with a workspace per site');
  lines.push('');
  lines.push('| catalog | product | per site | peak | stock | per site | peak | faster | memory | output |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const s = r.stock;
    lines.push(
      `| ${r.label} | ${seconds(r.product.seconds)} | ${millis(r.product.seconds / r.sites)} | ${megabytes(r.product.peakBytes)} | ` +
        (s
          ? `${seconds(s.seconds)} | ${millis(s.seconds / (r.label.startsWith('SITES=') ? largest : r.sites))} | ${megabytes(s.peakBytes)} | ${ratio(s.seconds, r.product.seconds)} | ${ratio(s.peakBytes, r.product.peakBytes)} | ${r.identical ? 'identical' : 'DIFFERENT'} |`
          : '– | – | – | – | – | – |'),
    );
  }
  if (stockLargest) lines.push(`\nStock cdktf synthesizes every stack whatever the CLI selects, so its one-site rows are its ${largest}-site run.`);

  const base = rows.find((r) => r.sites === 1 && !r.label.startsWith('SITES='));
  const sized = rows.filter((r) => !r.label.startsWith('SITES=') && r.sites > 1);
  if (base && sized.length > 0) {
    lines.push(`\nMarginal cost per site, (wall(N) − wall(1)) / (N − 1): ${sized.map((r) => `${r.sites}: ${millis((r.product.seconds - base.product.seconds) / (r.sites - 1))}`).join(', ')}`);
  }
  const full = rows.find((r) => r.sites === 1000 && !r.label.startsWith('SITES='));
  const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
  lines.push('\nTargets (issue 8, 2-core machine):');
  if (full) {
    lines.push(`- 1000 sites in 10 s or less: ${check(full.product.seconds <= 10)} (${seconds(full.product.seconds)})`);
    lines.push(`- 1000 sites under 1 GB peak: ${check(full.product.peakBytes < 2 ** 30)} (${megabytes(full.product.peakBytes)})`);
    lines.push(`- one site of 1000 in 1 s or less: ${check(validated.seconds <= 1)} (${seconds(validated.seconds)} validated, ${seconds(cached.seconds)} from the catalog cache)`);
  } else lines.push('- run with 1000 in --sizes to check them');
  process.stdout.write(`${lines.join('\n')}\n`);

  if (options.keep) log(`bench: catalogs and outputs kept in ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
