/**
 * `npm run --silent cluster-config -- <site>`: the legacy flat configuration, derived
 * from the same resolved site as the Cluster object.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parse } from 'yaml';
import { ROOT, SAMPLE_DIR, editableSample, setPath, toSources, writeCatalog } from '../support/catalog';

function run(args: string[], env: Record<string, string> = {}) {
  // The tests' own catalog unless the test names one: never the product's sites/.
  const r = spawnSync('node', ['tools/run.js', 'tools/cluster-config.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SITE_CATALOG: SAMPLE_DIR, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SEED = path.resolve(ROOT, '..', 'shared', 'seeds', '003_22fb220273cbab8a.txt');

describe('cluster-config', () => {
  const out = run(['edge33']);
  const config = parse(out.stdout) as Record<string, unknown>;

  test('prints edge33 with the seed’s names and paths', () => {
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
    expect(config).toMatchObject({
      CLUSTER_NAME: 'tkg-edge33-wld01',
      NAMESPACE: 'edge33',
      VSPHERE_SERVER: 'vcenter-edge.tanzu.lab',
      VSPHERE_DATACENTER: '/edge33-dc',
      VSPHERE_DATASTORE: '/edge33-dc/datastore/edge33-vsan',
      VSPHERE_FOLDER: '/edge33-dc/vm',
      VSPHERE_NETWORK: '/edge33-dc/network/edge33-vds01-tkg',
      VSPHERE_RESOURCE_POOL: '/edge33-dc/host/edge33-Cloud/Resources',
      VSPHERE_USERNAME: 'administrator@vsphere.local',
      VSPHERE_SSH_AUTHORIZED_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK4RbFUWNKNuUTCkgSuLCkHtdu026AaRG4jxUAu8iuIg console',
      VSPHERE_CONTROL_PLANE_ENDPOINT: '10.33.3.10',
      OS_NAME: 'photon',
      OS_VERSION: '3',
      OS_ARCH: 'amd64',
      CNI: 'antrea',
      CONTROL_PLANE_MACHINE_COUNT: 1,
      WORKER_MACHINE_COUNT: 2,
      VSPHERE_CONTROL_PLANE_NUM_CPUS: 2,
      VSPHERE_CONTROL_PLANE_MEM_MIB: 8192,
      VSPHERE_CONTROL_PLANE_DISK_GIB: 40,
      VSPHERE_WORKER_NUM_CPUS: 2,
      VSPHERE_WORKER_MEM_MIB: 4096,
      VSPHERE_WORKER_DISK_GIB: 40,
      KUBERNETES_VERSION: 'v1.25.7+vmware.2-tkg.1',
      ENABLE_AUTOSCALER: false,
    });
    expect(out.stdout).toMatch(/^#! -{69}\n#! Basic cluster creation configuration\n#! -{69}\n\nCLUSTER_NAME: tkg-edge33-wld01\n/);
  });

  (fs.existsSync(SEED) ? test : test.skip)('every key the seed sets has the seed’s value (SSH key aside: the seed elides it)', () => {
    const seed = fs.readFileSync(SEED, 'utf8');
    const pairs = [...seed.matchAll(/^([A-Z][A-Z0-9_]+): (.+)$/gm)].map((m) => [m[1], m[2]] as const).filter(([key]) => key !== 'VSPHERE_SSH_AUTHORIZED_KEY');
    expect(pairs.map(([k]) => k)).toEqual(['CLUSTER_NAME', 'VSPHERE_SERVER', 'VSPHERE_DATASTORE', 'VSPHERE_FOLDER', 'VSPHERE_NETWORK', 'VSPHERE_RESOURCE_POOL', 'VSPHERE_USERNAME', 'OS_NAME', 'OS_ARCH']);
    for (const [key, value] of pairs) expect([key, config[key]]).toEqual([key, value]);
  });

  test('never prints the password', () => {
    expect(out.stdout).not.toMatch(/^VSPHERE_PASSWORD:/m);
    expect(out.stdout).toContain('#! VSPHERE_PASSWORD is never written here');
  });

  test('a single-node site and an autoscaled site', () => {
    const edge41 = parse(run(['edge41']).stdout) as Record<string, unknown>;
    expect(edge41).toMatchObject({ WORKER_MACHINE_COUNT: 0, CONTROL_PLANE_MACHINE_COUNT: 1, VSPHERE_CONTROL_PLANE_NUM_CPUS: 4 });
    expect(edge41).not.toHaveProperty('VSPHERE_WORKER_NUM_CPUS');
    const edge52 = parse(run(['edge52']).stdout) as Record<string, unknown>;
    expect(edge52).toMatchObject({ CLUSTER_PLAN: 'prod', ENABLE_AUTOSCALER: true, AUTOSCALER_MIN_SIZE_0: 2, AUTOSCALER_MAX_SIZE_0: 6, VSPHERE_FOLDER: '/edge52-dc/vm/tkg' });
  });

  test('says what has no flat variable instead of dropping it', () => {
    expect(out.stdout).toContain("#! Trusted CA 'fleet-ca' has no flat variable: the class-based Cluster carries it (trust.additionalTrustedCAs).");
  });

  test('follows SITE_CATALOG', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'tkg.workers.replicas', 3);
    const r = run(['edge33'], { SITE_CATALOG: writeCatalog(toSources(c)) });
    expect((parse(r.stdout) as Record<string, unknown>).WORKER_MACHINE_COUNT).toBe(3);
  });

  test('an unknown site is a clear error', () => {
    expect(run(['edge99'])).toEqual({ status: 1, stdout: '', stderr: "cluster-config: unknown site 'edge99'; the catalog has: edge33, edge41, edge52, edge60\n" });
  });

  test('a broken catalog lists its problems', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'networks.vsan.vlan', 9999);
    const r = run(['edge33'], { SITE_CATALOG: writeCatalog(toSources(c)) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/edge33\.yaml: networks\.vsan\.vlan: 9999 is not allowed/);
  });

  test('without a site id it prints its usage', () => {
    expect(run([])).toMatchObject({ status: 2, stderr: 'usage: npm run --silent cluster-config -- <site-id>\n' });
  });
});
