/**
 * `npm run validate`: every stack of the catalog through the real Terraform providers.
 *
 * Synthesizes the catalog in SITE_CATALOG (default `sites`) twice, as it is with a
 * local backend and as a Terraform Cloud variant (its own `terraformCloud`, or a sample
 * one when it has none; this adds the `fleet` stack), with the app command of
 * cdktf.json. Then, in a copy of every stack, runs `terraform init -backend=false` and
 * `terraform validate` with the providers `npm run providers` built and nothing else
 * (TF_CLI_CONFIG_FILE = .providers/terraformrc). One line per stack.
 *
 * A provider the Go module proxy refuses (tools/providers/releases.ts,
 * UNAVAILABLE_PROVIDERS) cannot be checked: its resources are cut out and every
 * reference to them becomes an unknown variable (partial.ts), so the rest of the stack
 * is still validated, and the line says how many objects went unchecked and why.
 *
 * Exit 1 on any validation error, on a failed synthesis, on a missing terraform, and on
 * a provider that should have been built but is not in the mirror (run
 * `npm run providers`).
 *
 *   npm run validate
 *   npm run validate -- --keep     # keep the work folder and print its path
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseDocument } from 'yaml';
import { readCatalog } from '../../constructs/catalog/load';
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { CLI_CONFIG, PROJECT_ROOT, mirrorEnv, mirroredProviders, platform } from '../providers/mirror';
import { UNAVAILABLE_PROVIDERS } from '../providers/releases';
import { findTerraform } from '../providers/terraform';
import { TerraformConfig } from './partial';
import { StackResult, validateStack } from './terraform-validate';

/** The Terraform Cloud settings of the cloud variant when the catalog has none. */
const SAMPLE_TERRAFORM_CLOUD = {
  organization: 'tanzu-edge',
  project: 'edge-fleet',
  workspacePrefix: 'edge-fleet-',
  agentPool: 'hub-agents',
  terraformVersion: '1.11.4',
  variableSets: { hub: ['vsphere', 'kubernetes', 'harbor'], sites: ['vsphere', 'kubernetes', 'harbor', 'pki'] },
};

type Variant = 'local' | 'terraform-cloud';

/** Writes the catalog as one variant into `dir`, keeping site files' relative paths. */
function writeVariant(catalogDir: string, dir: string, variant: Variant): void {
  const sources = readCatalog(catalogDir, catalogDir);
  const fleet = parseDocument(sources.fleet.text);
  if (variant === 'local') fleet.delete('terraformCloud');
  else if (!fleet.has('terraformCloud')) fleet.set('terraformCloud', SAMPLE_TERRAFORM_CLOUD);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), fleet.toString());
  for (const site of sources.sites) {
    const target = path.join(dir, path.relative(catalogDir, path.resolve(catalogDir, site.path)));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, site.text);
  }
}

/** Runs the app command on a catalog into `outdir`; throws with its stderr on failure. */
function synthesize(catalogDir: string, outdir: string): void {
  const app = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const result = spawnSync(app, {
    cwd: PROJECT_ROOT,
    shell: true,
    encoding: 'utf8',
    env: { ...process.env, SITES: undefined, SITE_CATALOG: catalogDir, CDKTF_OUTDIR: outdir, FLEET_CATALOG_CACHE: 'off' },
  });
  if (result.status !== 0) throw new Error(`synthesis failed (exit ${result.status}):\n${result.stderr}`);
}

function main(argv: readonly string[]): number {
  const keep = argv.includes('--keep');
  const unknown = argv.filter((a) => a !== '--keep');
  if (unknown.length > 0) {
    process.stderr.write(`validate: unknown argument ${unknown.join(' ')}; allowed: --keep\n`);
    return 2;
  }
  const found = findTerraform();
  if (found.kind === 'missing') {
    process.stderr.write(`validate: ${found.problem}; run \`npm run providers\` for what it needs\n`);
    return 1;
  }
  if (!fs.existsSync(CLI_CONFIG)) {
    process.stderr.write('validate: no .providers/terraformrc; run `npm run providers` first\n');
    return 1;
  }
  const mirrored = new Set(mirroredProviders(platform()).keys());
  const catalogDir = path.resolve(PROJECT_ROOT, process.env.SITE_CATALOG ?? 'sites');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  const env = mirrorEnv(work);
  const results: StackResult[] = [];
  try {
    for (const variant of ['local', 'terraform-cloud'] as const) {
      const catalog = path.join(work, variant, 'catalog');
      const out = path.join(work, variant, 'out');
      try {
        writeVariant(catalogDir, catalog, variant);
        synthesize(catalog, out);
      } catch (error) {
        const message = error instanceof CatalogError ? error.problems.map(formatProblem).join('\n') : (error as Error).message;
        process.stderr.write(`validate: ${variant}: ${message}\n`);
        return 1;
      }
      const stacksDir = path.join(out, 'stacks');
      for (const stack of fs.readdirSync(stacksDir).sort()) {
        const config = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as TerraformConfig;
        const result = validateStack(stack, variant, config, path.join(work, variant, 'tf', stack), found.path, env, mirrored);
        results.push(result);
        process.stdout.write(`${result.line}\n`);
        for (const d of result.diagnostics) process.stdout.write(`  ${d}\n`);
      }
    }
  } finally {
    if (keep) process.stdout.write(`work folder: ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  const unavailable = Object.values(UNAVAILABLE_PROVIDERS).map((u) => `${u.source} ${u.wanted}`);
  process.stdout.write(
    `${results.length - failed.length} of ${results.length} stacks valid with terraform ${found.version}` +
      (unavailable.length > 0 ? `; not checked anywhere (Go module proxy refuses the release): ${unavailable.join(', ')}` : '') +
      '\n',
  );
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
