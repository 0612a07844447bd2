/**
 * Stateful resources cannot be destroyed by a catalog edit: they carry
 * prevent_destroy unless their site is marked for decommissioning.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCatalog } from '../../constructs/catalog/load';
import { isStateful } from '../../constructs/policy/stateful';
import { orphanWarnings } from '../../stacks/orphans';
import { editableSample, sampleFleet, setPath, toSources, writeCatalog } from '../support/catalog';
import { TerraformJson, buildStacks, runApp, stackJson } from '../support/synth';

type Resource = Record<string, unknown> & { lifecycle?: { prevent_destroy?: boolean }; manifest?: { kind?: string; metadata?: { name?: string } } };

/** Every resource of a stack as [address, body]. */
const resources = (json: TerraformJson): Array<[string, Resource]> =>
  Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, body]): [string, Resource] => [`${type}.${name}`, body as Resource]));
const stateful = ([address, body]: [string, Resource]) => isStateful(address.split('.')[0], body.manifest?.kind, body.manifest?.metadata?.name);

describe('destroy protection', () => {
  const stacks = buildStacks(sampleFleet());

  test('every stateful resource of every stack carries prevent_destroy; nothing else does', () => {
    for (const stack of [stacks.hub, ...stacks.sites]) {
      for (const entry of resources(stackJson(stack))) {
        expect([stack.node.id, entry[0], entry[1].lifecycle?.prevent_destroy === true]).toEqual([stack.node.id, entry[0], stateful(entry)]);
      }
    }
  });

  test('edge33 protects its hosts, cluster, switch, datacenter, namespace and workload cluster', () => {
    const protectedAddresses = resources(stackJson(stacks.sites[0]))
      .filter(([, body]) => body.lifecycle?.prevent_destroy === true)
      .map(([address]) => address.replace(/_[0-9A-F]{8}$/, ''));
    expect(protectedAddresses.sort()).toEqual(
      expect.arrayContaining([
        'vsphere_datacenter.datacenter',
        'vsphere_host.hosts_preferred',
        'vsphere_host.hosts_secondary',
        'vsphere_compute_cluster.cluster',
        'vsphere_distributed_virtual_switch.network_switch',
        'kubernetes_namespace_v1.namespace',
        'kubernetes_manifest.workload-cluster',
      ]),
    );
  });

  test("Harbor's generated secrets are protected too: replacing one would lock Harbor out of its data", () => {
    for (const stack of [stacks.hub, stacks.sites[0]]) {
      const passwords = resources(stackJson(stack)).filter(([address]) => address.startsWith('random_password.'));
      expect(passwords.length).toBeGreaterThan(0);
      for (const [address, body] of passwords) expect([stack.node.id, address, body.lifecycle?.prevent_destroy]).toEqual([stack.node.id, address, true]);
    }
    const site = resources(stackJson(stacks.sites[0])).map(([address]) => address.replace(/_[0-9A-F]{8}$/, ''));
    expect(site).toEqual(expect.arrayContaining(['random_password.addons_harbor_secret-key', 'random_password.addons_harbor_database-password']));
  });

  test('keeps what a construct set in lifecycle (the witness ignores vApp changes)', () => {
    const vm = resources(stackJson(stacks.hub)).find(([address]) => address.startsWith('vsphere_virtual_machine.'));
    expect(vm?.[1].lifecycle).toEqual({ ignore_changes: ['vapp'], prevent_destroy: true });
  });

  test('a site marked for decommissioning lifts the protection of its own resources only', () => {
    const c = editableSample();
    setPath(c.sites.edge41, 'phase', 'decommissioning');
    const fleet = parseCatalog(toSources(c));
    const [edge33, edge41] = buildStacks(fleet).sites.map(stackJson);
    const lifted = resources(edge41).filter(stateful);
    expect(lifted.length).toBeGreaterThan(5);
    for (const [address, body] of lifted) expect([address, body.lifecycle?.prevent_destroy]).toEqual([address, false]);
    expect(resources(edge33).filter(stateful).every(([, body]) => body.lifecycle?.prevent_destroy === true)).toBe(true);
    // Decommissioning keeps the whole site (the workload cluster too) until it is destroyed.
    expect(resources(edge41).some(([address]) => address.startsWith('kubernetes_manifest.workload-cluster_'))).toBe(true);
  });
});

describe('a site file removed without decommissioning', () => {
  const HOW_TO = 'it was removed without decommissioning; restore its file with phase: decommissioning, deploy, destroy it, then remove the file (docs/security.md, section Decommissioning a site)';

  test('its leftover local state produces a synth-time warning', () => {
    const warnings = orphanWarnings(sampleFleet(), {
      states: [
        { stack: 'edge33', resources: 40 },
        { stack: 'hub', resources: 12 },
        { stack: 'edge77', resources: 42 },
        { stack: 'edge78', resources: 0 },
      ],
    });
    expect(warnings).toEqual([`warning: site 'edge77' has no site file, but terraform.edge77.tfstate still manages 42 resource(s): ${HOW_TO}`]);
  });

  test('so does its stack in the previous synthesis, unless it was being decommissioned (what tells with Terraform Cloud)', () => {
    const warnings = orphanWarnings(sampleFleet(), {
      previous: [{ stack: 'hub' }, { stack: 'fleet' }, { stack: 'edge33', phase: 'active' }, { stack: 'edge77', phase: 'active' }, { stack: 'edge78', phase: 'decommissioning' }, { stack: 'edge79' }],
      states: [{ stack: 'edge77', resources: 3 }],
    });
    expect(warnings).toEqual([
      `warning: site 'edge77' has no site file, but terraform.edge77.tfstate still manages 3 resource(s), and the previous synthesis had its stack in phase active: ${HOW_TO}`,
      `warning: site 'edge79' has no site file, but the previous synthesis had its stack in phase (unknown): ${HOW_TO}`,
    ]);
  });

  /** A project folder: the output folder inside it, state files beside it, as `cdktf synth` lays them out. */
  const project = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orphans-'));
    return { dir, outdir: path.join(dir, 'cdktf.out') };
  };

  test('the app command reads local state next to its output folder (where the stacks keep it), prints the warning and still synthesizes', () => {
    const { dir, outdir } = project();
    fs.writeFileSync(path.join(dir, 'terraform.edge77.tfstate'), JSON.stringify({ version: 4, resources: [{ type: 'vsphere_host' }, { type: 'vsphere_compute_cluster' }] }));
    // State in the working directory is not the stacks' state: no warning for it.
    const run = runApp({ CDKTF_OUTDIR: outdir });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("warning: site 'edge77' has no site file, but terraform.edge77.tfstate still manages 2 resource(s): it was removed");
    expect(run.stacks).toContain('edge33');
    fs.rmSync(dir, { recursive: true });
  });

  test('the app command compares with the previous synthesis in its output folder: a site dropped from the catalog is named', () => {
    const { dir, outdir } = project();
    const c = editableSample();
    const catalog = writeCatalog(toSources(c));
    expect(runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: catalog }).status).toBe(0);
    delete c.sites.edge41;
    const again = runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)) });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(`warning: site 'edge41' has no site file, but the previous synthesis had its stack in phase active: ${HOW_TO}`);
    // Once that synthesis replaced the previous one, only state could still tell.
    expect(runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)) }).stderr).not.toContain('warning: site');
    fs.rmSync(dir, { recursive: true });
  });

  test('a partial synthesis (SITES) in between does not hide a site removed without decommissioning', () => {
    const { dir, outdir } = project();
    const c = editableSample();
    expect(runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)) }).status).toBe(0);
    // Deploying one site writes only its stack and the hub's; its catalog record still names every site.
    expect(runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)), SITES: 'edge33' }).status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(['edge33', 'hub']);
    delete c.sites.edge41;
    const again = runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)) });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(`warning: site 'edge41' has no site file, but the previous synthesis had its stack in phase active: ${HOW_TO}`);
    fs.rmSync(dir, { recursive: true });
  });

  test('the app command stays quiet for a site removed after decommissioning', () => {
    const { dir, outdir } = project();
    const c = editableSample();
    setPath(c.sites.edge41, 'phase', 'decommissioning');
    expect(runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)) }).status).toBe(0);
    delete c.sites.edge41;
    const again = runApp({ CDKTF_OUTDIR: outdir, SITE_CATALOG: writeCatalog(toSources(c)) });
    expect([again.status, again.stderr]).toEqual([0, '']);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('a catalog edit that drops a stateful resource makes Terraform forget it, not destroy it', () => {
  type Removed = { from: string; lifecycle: Array<{ destroy: boolean }> };
  const site = (fleet: ReturnType<typeof sampleFleet>, id: string) => stackJson(buildStacks(fleet, [id]).sites[0]) as TerraformJson & { removed?: Removed[] };
  const statefulOf = (json: TerraformJson) => resources(json).filter(stateful).map(([address]) => address);
  const allOf = (json: TerraformJson) => resources(json).map(([address]) => address);
  /** Provider configurations as `name` or `name.alias`. */
  const providersOf = (json: TerraformJson) =>
    Object.entries(json.provider ?? {})
      .flatMap(([name, configs]) => configs.map((c) => (c.alias ? `${name}.${c.alias}` : name)))
      .sort();

  test('Harbor turned off at a built site: every Harbor resource it had is forgotten (destroy = false), through the providers it was created with', () => {
    const before = site(sampleFleet(), 'edge33');
    const c = editableSample();
    setPath(c.sites.edge33, 'addons.harbor', { enabled: false });
    setPath(c.sites.edge33, 'backup', { enabled: false });
    setPath(c.sites.edge33, 'delivery', { enabled: false });
    const after = site(parseCatalog(toSources(c)), 'edge33');
    // backup.enabled: false uninstalls Velero and delivery.enabled: false Argo CD, Flagger and the
    // applications (destroyed, as any add-on switched off); the rest is forgotten.
    const velero = allOf(before).filter((a) => /^(kubernetes_manifest|kubernetes_secret_v1)\.(velero|delivery)_|^harbor_robot_account\.(velero|delivery)-robot$/.test(a));
    expect(velero).toHaveLength(5 + 10);
    const dropped = allOf(before).filter((a) => !allOf(after).includes(a) && !velero.includes(a));
    expect((after.removed ?? []).map((r) => r.from)).not.toEqual(expect.arrayContaining([velero[0]]));
    expect(statefulOf(before).filter((a) => dropped.includes(a))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.addons_harbor_package_install_/), expect.stringMatching(/^harbor_registry\./), expect.stringMatching(/^random_password\.addons_harbor_secret-key_/)]),
    );
    // Not only the stateful ones: the values Secret the forgotten PackageInstall reads,
    // the hub's push rules and the site's robot account stay too.
    expect(dropped).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_secret_v1\.addons_harbor_package_values_/), expect.stringMatching(/^harbor_replication\./), expect.stringMatching(/^harbor_robot_account\./)]));
    expect(after.removed?.every((r) => r.lifecycle[0].destroy === false && r.lifecycle.length === 1)).toBe(true);
    expect((after.removed ?? []).map((r) => r.from).sort()).toEqual(dropped.sort());
    // Terraform refreshes a forgotten object through the (aliased) provider configuration
    // it was created with: without harbor.site and harbor.hub the plan fails.
    expect(providersOf(after)).toEqual(providersOf(before));
    expect(after.terraform.required_providers).toEqual(before.terraform.required_providers);
  });

  test('a site moved back to bootstrap forgets everything its active shape ran, and keeps every provider configuration', () => {
    const active = site(sampleFleet(), 'edge33');
    const c = editableSample();
    setPath(c.sites.edge33, 'phase', 'bootstrap');
    const bootstrap = site(parseCatalog(toSources(c)), 'edge33');
    const dropped = allOf(active).filter((a) => !allOf(bootstrap).includes(a));
    expect(dropped).toEqual(
      expect.arrayContaining([
        'kubernetes_namespace_v1.namespace',
        expect.stringMatching(/^kubernetes_manifest\.workload-cluster_/),
        // The kept Cluster's vSphere identity and the add-ons installed into it.
        expect.stringMatching(/^kubernetes_secret_v1\.workload-cluster_vsphere-credentials_/),
        expect.stringMatching(/^kubernetes_manifest\.addons_cert-manager_install_/),
      ]),
    );
    expect((bootstrap.removed ?? []).map((r) => r.from).sort()).toEqual(dropped.sort());
    expect(providersOf(bootstrap)).toEqual(['harbor.hub', 'harbor.site', 'kubernetes', 'random', 'tls', 'vsphere']);
    expect(providersOf(bootstrap)).toEqual(providersOf(active));
    expect(bootstrap.terraform.required_providers).toEqual(active.terraform.required_providers);
  });

  test('a new site (bootstrap) carries the same blocks: no-ops until something exists; an active site with Harbor none', () => {
    const fleet = sampleFleet();
    expect(site(fleet, 'edge60').removed?.length).toBeGreaterThan(3);
    expect(site(fleet, 'edge33').removed).toBeUndefined();
  });

  test('a decommissioning site has none: there destroying is the point', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'phase', 'decommissioning');
    setPath(c.sites.edge33, 'addons.harbor', { enabled: false });
    setPath(c.sites.edge33, 'backup', { enabled: false });
    setPath(c.sites.edge33, 'delivery', { enabled: false });
    expect(site(parseCatalog(toSources(c)), 'edge33').removed).toBeUndefined();
  });
});
