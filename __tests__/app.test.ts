/**
 * The real app command (cdktf.json "app"), run as `cdktf synth` runs it: the default
 * catalog, site selection, broken catalogs and deterministic output.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, SAMPLE_DIR, editableSample, sampleSources, setPath, toSources, writeCatalog } from './support/catalog';
import { readTree, runApp } from './support/synth';

describe('app command', () => {
  test('synthesizes the default catalog: hub plus one stack per sample site', () => {
    const run = runApp({});
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stacks).toEqual(['edge33', 'edge41', 'edge52', 'edge60', 'hub']);
    const edge33 = JSON.parse(fs.readFileSync(path.join(run.outdir, 'stacks/edge33/cdk.tf.json'), 'utf8'));
    expect(edge33['//'].metadata.stackName).toBe('edge33');
  });

  test('SITES selects sites; the hub is always synthesized', () => {
    expect(runApp({ SITES: 'edge33' }).stacks).toEqual(['edge33', 'hub']);
    expect(runApp({ SITES: ' edge52 ,edge41,' }).stacks).toEqual(['edge41', 'edge52', 'hub']);
  });

  test('every synthesis records what it covered: each site of the catalog with its phase and ring, and the SITES selection', () => {
    const record = (run: { outdir: string }) => JSON.parse(fs.readFileSync(path.join(run.outdir, 'fleet-catalog.json'), 'utf8')) as Record<string, unknown>;
    const sites = {
      edge33: { phase: 'active', ring: 'canary' },
      edge41: { phase: 'active', ring: 'production' },
      edge52: { phase: 'active', ring: 'production' },
      edge60: { phase: 'bootstrap', ring: 'canary' },
    };
    expect(record(runApp({}))).toEqual({ schemaVersion: 1, sites });
    expect(record(runApp({ SITES: 'edge52,edge33' }))).toEqual({ schemaVersion: 1, selected: ['edge33', 'edge52'], sites });
  });

  test('SITES naming an unknown site exits 1 and writes nothing', () => {
    const run = runApp({ SITES: 'edge33,edge99' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("SITES: unknown site 'edge99'; the catalog has: edge33, edge41, edge52, edge60\n");
    expect(run.stacks).toEqual([]);
  });

  test('HCL output (cdktf synth --hcl) is refused: cdktf 0.21 writes HCL Terraform cannot parse', () => {
    for (const value of ['true', '1']) {
      const run = runApp({ SYNTH_HCL_OUTPUT: value });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `SYNTH_HCL_OUTPUT: '${value}' (cdktf synth --hcl) is not allowed; allowed: the JSON output (leave out --hcl): cdktf 0.21 writes HCL that Terraform cannot parse (terraform validate of the default catalog's edge33: "Invalid number literal", "Argument or block definition required"); Terraform reads cdk.tf.json as it is, and npm run review shows a change\n`,
      );
      expect(run.stacks).toEqual([]);
    }
    // The CLI sets it to false without --hcl.
    expect(runApp({ SYNTH_HCL_OUTPUT: 'false', SITES: 'edge33' }).stacks).toEqual(['edge33', 'hub']);
  });

  test('SITE_CATALOG chooses the catalog folder', () => {
    const c = editableSample();
    delete c.sites.edge41;
    const run = runApp({ SITE_CATALOG: writeCatalog(toSources(c)) });
    expect(run.status).toBe(0);
    expect(run.stacks).toEqual(['edge33', 'edge52', 'edge60', 'hub']);
  });

  test('a broken catalog prints every problem, one per line, exits 1 and writes no stack', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'networks.vsan.vlan', 5000);
    c.sites.edge41.hosts.pop();
    setPath(c.sites.edge52, 'ring', 'nightly');
    setPath(c.fleet, 'vcenter.password', 'VMware1!');
    const dir = writeCatalog(toSources(c));
    const run = runApp({ SITE_CATALOG: dir });
    expect(run.status).toBe(1);
    expect(run.stacks).toEqual([]);
    const lines = run.stderr.trimEnd().split('\n');
    const f = (name: string) => path.join(dir, name);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${f('fleet.yaml')}: vcenter\\.password: key 'password' looks like a secret`)),
      `${f('edge33.yaml')}: networks.vsan.vlan: 5000 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094`,
      `${f('edge41.yaml')}: hosts: a list of 1 item is not allowed; allowed: exactly two ESXi hosts (a two-node vSAN cluster)`,
      `${f('edge52.yaml')}: ring: unknown ring 'nightly'; allowed: canary, production (rings are declared in ${f('fleet.yaml')})`,
      `error: the site catalog in ${dir} has 4 problems; nothing was synthesized`,
    ]);
  });

  test('a missing catalog folder is a clear error', () => {
    const run = runApp({ SITE_CATALOG: '/nonexistent/catalog' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/nonexistent/catalog: (document): the catalog folder does not exist; allowed: a folder holding fleet.yaml and one <site-id>.yaml per site');
  });

  test('output is byte-identical whatever order the files are written and read in', () => {
    const sources = sampleSources();
    const forward = writeCatalog(sources);
    const backward = writeCatalog({ fleet: sources.fleet, sites: [...sources.sites].reverse() });
    // Different creation order (and so directory order on most file systems); same bytes out.
    const a = runApp({ SITE_CATALOG: forward });
    const b = runApp({ SITE_CATALOG: backward });
    expect(a.status).toBe(0);
    expect(readTree(b.outdir)).toEqual(readTree(a.outdir));
    // And the same as the embedded catalog read from sites/.
    expect(readTree(runApp({}).outdir)).toEqual(readTree(a.outdir));
    expect(fs.existsSync(SAMPLE_DIR)).toBe(true);
  });
});

/**
 * The app command with a time limit and a command in front of it (runApp has neither):
 * a catalog entry that blocks a read must not hang synthesis, and root can only meet
 * a permission error without the capabilities that let it read any file.
 */
function runAppWith(env: Record<string, string>, options: { readonly timeoutMs: number; readonly prefix?: string }) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const app = (JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')) as { app: string }).app;
  const result = spawnSync(options.prefix ? `${options.prefix} ${app}` : app, {
    cwd: ROOT,
    shell: true,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    env: { ...process.env, SITES: undefined, FLEET_CATALOG_CACHE: 'off', ...env, CDKTF_OUTDIR: outdir },
  });
  const stacksDir = path.join(outdir, 'stacks');
  return { status: result.status, stderr: result.stderr, stacks: fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : [] };
}

/** Root reads every file; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it meets permissions as any user does. */
const AS_A_USER = process.getuid?.() === 0 ? 'setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search' : undefined;
const canMeetPermissions = AS_A_USER === undefined || spawnSync('setpriv', ['--version']).status === 0;

describe('app command: a catalog folder the loader cannot read ends in catalog messages, exit 1, nothing written', () => {
  test('a broken link (before: "Error: ENOENT: no such file or directory" and a stack trace)', () => {
    const dir = writeCatalog(sampleSources());
    fs.symlinkSync('/nonexistent/edge99.yaml', path.join(dir, 'edge99.yaml'));
    const run = runApp({ SITE_CATALOG: dir });
    expect(run.stderr).toBe(
      `${dir}/edge99.yaml: (document): a symbolic link to /nonexistent/edge99.yaml, which does not exist; allowed: a link to an existing file or folder, or no link\n` +
        `error: the site catalog in ${dir} has 1 problem; nothing was synthesized\n`,
    );
    expect(run.status).toBe(1);
    expect(run.stacks).toEqual([]);
  });

  test('an alias bomb (before: "ReferenceError: Excessive alias count indicates a resource exhaustion attack" and a stack trace)', () => {
    const dir = writeCatalog(sampleSources());
    const laughs = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`)];
    fs.writeFileSync(path.join(dir, 'edge60.yaml'), `${laughs.join('\n')}\n`);
    const run = runApp({ SITE_CATALOG: dir });
    expect(run.stderr).toBe(
      `${dir}/edge60.yaml: line 4, column 45: with this alias *a2, the aliases of the file copy more than 10000 values; allowed: aliases that copy at most 10000 values (scalars, mappings, lists) in one file, a guard against alias bombs ("billion laughs")\n` +
        `error: the site catalog in ${dir} has 1 problem; nothing was synthesized\n`,
    );
    expect(run.status).toBe(1);
    expect(run.stacks).toEqual([]);
  });

  test('a named pipe named like a site file (before: synthesis waited for a writer forever)', () => {
    const dir = writeCatalog(sampleSources());
    expect(spawnSync('mkfifo', [path.join(dir, 'edge99.yaml')]).status).toBe(0);
    const run = runAppWith({ SITE_CATALOG: dir }, { timeoutMs: 45000 });
    expect(run.stderr).toBe(`${dir}/edge99.yaml: (document): a named pipe, not a file; allowed: regular files only\nerror: the site catalog in ${dir} has 1 problem; nothing was synthesized\n`);
    expect(run.status).toBe(1);
    expect(run.stacks).toEqual([]);
  });

  (canMeetPermissions ? test : test.skip)('a site file and a folder without read permission (before: "Error: EACCES: permission denied" and a stack trace)', () => {
    const dir = writeCatalog(sampleSources());
    fs.chmodSync(path.join(dir, 'edge41.yaml'), 0o000);
    fs.mkdirSync(path.join(dir, 'emea'));
    fs.renameSync(path.join(dir, 'edge60.yaml'), path.join(dir, 'emea', 'edge60.yaml'));
    fs.chmodSync(path.join(dir, 'emea'), 0o000);
    try {
      const run = runAppWith({ SITE_CATALOG: dir }, { timeoutMs: 60000, prefix: AS_A_USER });
      expect(run.stderr).toBe(
        `${dir}/edge41.yaml: (document): the file cannot be read: permission denied (EACCES); allowed: a file the user running synthesis can read\n` +
          `${dir}/emea: (document): the folder cannot be read: permission denied (EACCES); allowed: a folder the user running synthesis can read\n` +
          `error: the site catalog in ${dir} has 2 problems; nothing was synthesized\n`,
      );
      expect(run.status).toBe(1);
      expect(run.stacks).toEqual([]);
      // The catalog folder itself: one line, not also "fleet.yaml is missing".
      fs.chmodSync(dir, 0o000);
      const locked = runAppWith({ SITE_CATALOG: dir }, { timeoutMs: 60000, prefix: AS_A_USER });
      expect(locked.stderr).toBe(
        `${dir}: (document): the folder cannot be read: permission denied (EACCES); allowed: a folder the user running synthesis can read\n` +
          `error: the site catalog in ${dir} has 1 problem; nothing was synthesized\n`,
      );
      expect(locked.status).toBe(1);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(dir, 'emea'), 0o755);
    }
  });
});
