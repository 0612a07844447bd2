/**
 * The review of a whole fleet: collapsing identical changes across sites, the
 * summary, warnings, Markdown and JSON, run in-process on synth folders written by
 * the tests.
 */
import { runReview } from '../../tools/review/cli';
import { MARKDOWN_BUDGET } from '../../tools/review/markdown';
import { ChangeGroup, JsonObject, JsonValue, ReviewReport } from '../../tools/review/types';
import { Stack, clone, fleet, set, siteIds, siteStack, writeSynth } from './fixtures';

const OLD = 'v1.28.8---vmware.1-tkg.2';
const NEW = 'v1.29.4---vmware.1-tkg.1';

/** 14 canary sites (edge01..edge14) and 3 production sites (edge15..edge17), with the hub. */
function rings(): Record<string, string> {
  const sites: Record<string, string> = {};
  for (const id of siteIds('edge', 14)) sites[id] = 'canary';
  for (const id of siteIds('edge', 3, 15)) sites[id] = 'production';
  return sites;
}

/** Reviews base against head in-process. */
function reviewOf(base: Record<string, Stack>, head: Record<string, Stack>, format: 'json' | 'markdown' = 'json') {
  const run = runReview(['--base', writeSynth(base), '--head', writeSynth(head), '--format', format]);
  expect(run.stderr).toBe('');
  return run;
}

function jsonReview(base: Record<string, Stack>, head: Record<string, Stack>): ReviewReport {
  return JSON.parse(reviewOf(base, head).stdout) as ReviewReport;
}

/** The canary ring upgraded to NEW. */
function canaryUpgrade(): { base: Record<string, Stack>; head: Record<string, Stack> } {
  const sites = rings();
  return { base: fleet(sites), head: fleet(sites, (id) => (sites[id] === 'canary' ? NEW : undefined)) };
}

describe('collapsing', () => {
  test('a ring upgrade is one entry listing exactly the sites of the ring, with the path and old → new', () => {
    const { base, head } = canaryUpgrade();
    const report = jsonReview(base, head);
    expect(report.changed).toBe(true);
    expect(report.groups).toHaveLength(1);
    const [group] = report.groups;
    expect(group).toMatchObject({ id: 1, scope: 'site', status: 'changed', rings: [{ ring: 'canary', sites: 14 }] });
    // One rollout warning for the group: every node of each of the 14 clusters is replaced.
    expect(group.warnings).toEqual([
      {
        kind: 'rollout',
        address: 'kubernetes_manifest.cluster',
        type: 'kubernetes_manifest (Cluster)',
        message: `rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes ${OLD} → ${NEW}`,
      },
    ]);
    expect(group.sites).toEqual(siteIds('edge', 14));
    expect(group.changes).toEqual([
      {
        block: 'resource',
        address: 'kubernetes_manifest.cluster',
        type: 'kubernetes_manifest',
        manifestKind: 'Cluster',
        kind: 'changed',
        stateful: true,
        attributes: [{ path: 'manifest.spec.topology.version', op: 'changed', before: OLD, after: NEW }],
      },
    ]);
    expect(report.summary.stacks).toEqual({ total: 18, changed: 14, added: 0, removed: 0, unchanged: 4 });
    expect(report.summary.rings).toEqual([
      { ring: 'canary', total: 14, changed: 14, added: 0, removed: 0, unchanged: 0, sites: siteIds('edge', 14) },
      { ring: 'production', total: 3, changed: 0, added: 0, removed: 0, unchanged: 3, sites: [] },
    ]);
    expect(report.summary.fleetLevelChanged).toEqual([]);
  });

  test('a site with one more change gets its own entry; the others still collapse', () => {
    const { base, head } = canaryUpgrade();
    set(head.edge07, 'resource.vsphere_distributed_virtual_switch.vds.max_mtu', 9000);
    const report = jsonReview(base, head);
    expect(report.groups.map((g) => g.sites)).toEqual([siteIds('edge', 14).filter((id) => id !== 'edge07'), ['edge07']]);
    const single = report.groups[1];
    expect(single.changes.map((c) => [c.address, c.attributes.map((a) => [a.path, a.before, a.after])])).toEqual([
      ['kubernetes_manifest.cluster', [['manifest.spec.topology.version', OLD, NEW]]],
      ['vsphere_distributed_virtual_switch.vds', [['max_mtu', 1500, 9000]]],
    ]);
  });

  test('one field changed in one site: one entry for that site, real names', () => {
    const sites = rings();
    const base = fleet(sites);
    const head = clone(base);
    set(head.edge16, 'resource.vsphere_compute_cluster.cluster.vsan_stretched_cluster.0.witness_node', 'witness-02.hub.tanzu.lab');
    const report = jsonReview(base, head);
    expect(report.groups).toEqual([
      expect.objectContaining({ sites: ['edge16'], rings: [{ ring: 'production', sites: 1 }], status: 'changed' }),
    ]);
    expect(report.groups[0].changes[0].attributes).toEqual([
      { path: 'vsan_stretched_cluster[0].witness_node', op: 'changed', before: 'witness-01.hub.tanzu.lab', after: 'witness-02.hub.tanzu.lab' },
    ]);
    expect(report.summary.stacks.changed).toBe(1);
  });

  test('values holding the site id collapse through the placeholder; values that differ otherwise do not', () => {
    const sites = rings();
    const base = fleet(sites);
    const head = clone(base);
    for (const id of ['edge01', 'edge02', 'edge03']) set(head[id], 'resource.vsphere_distributed_virtual_switch.vds.name', `${id}-vds02`);
    set(head.edge04, 'resource.vsphere_distributed_port_group.mgmt.vlan_id', 400);
    set(head.edge05, 'resource.vsphere_distributed_port_group.mgmt.vlan_id', 500);
    const report = jsonReview(base, head);
    expect(report.groups.map((g) => g.sites)).toEqual([['edge01', 'edge02', 'edge03'], ['edge04'], ['edge05']]);
    expect(report.placeholder).toBe('<site>');
    expect(report.groups[0].changes[0].attributes).toEqual([{ path: 'name', op: 'changed', before: '<site>-vds01', after: '<site>-vds02' }]);
    expect(report.groups[1].changes[0].attributes[0]).toMatchObject({ before: 330, after: 400 });
  });

  test('cdktf hashes of construct paths holding the site id are abstracted too', () => {
    const hashed = (id: string, hash: string) => {
      const stack = siteStack(id, 'canary');
      set(stack, `resource.vsphere_host.${id}-esx03_${hash}`, { hostname: `esx03.${id}.tanzu.lab`, thumbprint: '00:11' });
      return stack;
    };
    const base = { edge01: hashed('edge01', '1A2B3C4D'), edge02: hashed('edge02', '99FF00AA') };
    const head = clone(base);
    set(head.edge01, 'resource.vsphere_host.edge01-esx03_1A2B3C4D.thumbprint', '22:33');
    set(head.edge02, 'resource.vsphere_host.edge02-esx03_99FF00AA.thumbprint', '22:33');
    const report = jsonReview(base, head);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0].changes[0].address).toBe('vsphere_host.<site>-esx03_<hash>');
  });
});

describe('sites added and removed, fleet-level stacks', () => {
  function addRemove(): ReviewReport {
    const sites = rings();
    const base = fleet(sites);
    const head = clone(base);
    delete head.edge17;
    head.edge30 = siteStack('edge30', 'canary');
    head.edge31 = siteStack('edge31', 'canary');
    set(head.hub, 'resource.vsphere_content_library.images.description', 'TKG node images (2025)');
    return jsonReview(base, head);
  }

  test('added sites collapse into one group; a removed site lists its stateful resources as orphaned, not destroyed', () => {
    const report = addRemove();
    expect(report.summary.stacks).toMatchObject({ total: 20, changed: 1, added: 2, removed: 1, unchanged: 16 });
    expect(report.summary.fleetLevelChanged).toEqual(['hub']);
    const byStatus = (status: ChangeGroup['status']) => report.groups.filter((g) => g.status === status && g.scope === 'site');
    expect(byStatus('added').map((g) => g.sites)).toEqual([['edge30', 'edge31']]);
    expect(byStatus('removed').map((g) => g.sites)).toEqual([['edge17']]);
    expect(report.warnings.filter((w) => w.kind === 'destroy')).toEqual([]);
    const orphaned = report.warnings.filter((w) => w.kind === 'orphaned').map((w) => [w.address, w.sites]);
    expect(orphaned).toEqual([
      ['kubernetes_manifest.cluster', ['edge17']],
      ['kubernetes_manifest.namespace', ['edge17']],
      ['vsphere_compute_cluster.cluster', ['edge17']],
      ['vsphere_datacenter.dc', ['edge17']],
      ['vsphere_distributed_virtual_switch.vds', ['edge17']],
      ['vsphere_host.esx01', ['edge17']],
      ['vsphere_host.esx02', ['edge17']],
    ]);
  });

  test('a fleet-level stack is its own group, first; a stateful ForceNew change warns of the replacement', () => {
    const report = addRemove();
    expect(report.groups[0]).toMatchObject({ id: 1, scope: 'fleet', sites: ['hub'], rings: [], status: 'changed' });
    expect(report.groups[0].changes[0]).toMatchObject({ address: 'vsphere_content_library.images', kind: 'replaced', replacedBecause: ['description changed'] });
    expect(report.warnings).toContainEqual({
      kind: 'replace',
      address: 'vsphere_content_library.images',
      type: 'vsphere_content_library',
      message: 'would be replaced (description changed)',
      group: 1,
      scope: 'fleet',
      sites: ['hub'],
    });
  });

  test('a rename of a stateful resource is called out', () => {
    const base = { edge01: siteStack('edge01', 'canary') };
    const head = clone(base);
    const managed = (head.edge01.resource as JsonObject).kubernetes_manifest as JsonObject;
    managed.workload_cluster = managed.cluster;
    delete managed.cluster;
    const report = jsonReview(base, head);
    expect(report.warnings).toEqual([
      expect.objectContaining({ kind: 'rename', address: 'kubernetes_manifest.cluster', message: 'renamed? (address changed: destroy and recreate) → kubernetes_manifest.workload_cluster' }),
    ]);
  });
});

describe('JSON', () => {
  test('has the documented shape', () => {
    const { base, head } = canaryUpgrade();
    delete head.edge15;
    const report = jsonReview(base, head);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'base', 'head', 'changed', 'placeholder', 'summary', 'headlines', 'warnings', 'groups']);
    expect(report.schemaVersion).toBe(1);
    expect(Object.keys(report.summary)).toEqual(['stacks', 'rings', 'fleetLevelChanged', 'warnings', 'groups', 'headlines', 'notCompared', 'partial']);
    expect(report.summary.groups).toBe(report.groups.length);
    expect(report.summary.headlines).toBe(report.headlines.length);
    expect(report.summary.warnings).toBe(report.warnings.length);
    for (const group of report.groups) {
      expect(Object.keys(group)).toEqual(['id', 'scope', 'status', 'sites', 'rings', 'changes', 'warnings', 'waivers']);
      for (const change of group.changes) expect(['added', 'removed', 'changed', 'replaced', 'moved']).toContain(change.kind);
    }
    for (const warning of report.warnings) {
      expect(Object.keys(warning).sort()).toEqual(['address', 'group', 'kind', 'message', 'scope', 'sites', 'type']);
      expect(report.groups[warning.group - 1].sites).toEqual(warning.sites);
    }
    expect(report.groups.map((g) => g.id)).toEqual(report.groups.map((_, i) => i + 1));
  });

  test('lists every site in full and keeps long values whole', () => {
    const sites: Record<string, string> = {};
    for (const id of siteIds('edge', 40)) sites[id] = 'canary';
    const long = `${'x'.repeat(300)}-v2`;
    const head = fleet(sites);
    for (const id of Object.keys(sites)) set(head[id], 'resource.kubernetes_manifest.cluster.manifest.spec.topology.class', long);
    const report = jsonReview(fleet(sites), head);
    expect(report.groups[0].sites).toHaveLength(40);
    expect(report.groups[0].changes[0].attributes[0].after).toBe(long);
  });

  test('is the same whatever the order of the manifest and of keys', () => {
    const { base, head } = canaryUpgrade();
    delete head.edge15;
    set(head.edge02, 'resource.helm_release.agent', { name: 'agent', namespace: 'ops', set: [{ name: 'a', value: '1' }] });
    const reverseKeys = (value: JsonValue): JsonValue => {
      if (Array.isArray(value)) return value.map(reverseKeys);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
    };
    const baseDir = writeSynth(base);
    const run = (stacks: Record<string, Stack>) => runReview(['--base', baseDir, '--head', writeSynth(stacks), '--format', 'json']).stdout.replace(/"head": "[^"]*"/, '');
    expect(run(reverseKeys(head) as Record<string, Stack>)).toBe(run(head));
  });
});

describe('Markdown', () => {
  test('title, summary table, warnings before the collapsed groups, long site lists in <details>', () => {
    const { base, head } = canaryUpgrade();
    delete head.edge16;
    const md = reviewOf(base, head, 'markdown').stdout;
    const lines = md.split('\n');
    expect(lines[0]).toBe('## Fleet review: 14 changed, 1 removed of 18 stacks · ⚠️ 8 warnings');
    expect(md).toContain('| ring `canary` | 14 | 0 | 0 | 0 | 14 |');
    expect(md).toContain('| ring `production` | 0 | 0 | 1 | 2 | 3 |');
    expect(md.indexOf('### ⚠️ Warnings')).toBeLessThan(md.indexOf('### Changes'));
    expect(md).toContain(
      '- ⚠️ edge16 — stack removed without decommissioning: Terraform destroys nothing, since it no longer plans the stack; what it managed keeps running, unmanaged, and stays in its state (terraform.edge16.tfstate). ' +
        'To retire the site: restore its file with phase: decommissioning, deploy, destroy, then remove the file (docs/security.md, Decommissioning a site) — 7 stateful resources: ' +
        '`kubernetes_manifest.cluster` (Cluster), `kubernetes_manifest.namespace` (Namespace), `vsphere_compute_cluster.cluster`, `vsphere_datacenter.dc`, ' +
        '`vsphere_distributed_virtual_switch.vds`, `vsphere_host.esx01`, `vsphere_host.esx02` (group 2)\n',
    );
    expect(md).toContain(
      'No longer in the configuration: 8 resources (7 stateful), 1 data source, 2 providers, 2 variables, 1 output. Removing a stack destroys nothing: Terraform no longer plans it (see Warnings).\n',
    );
    expect(md).toContain(`rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes ${OLD} → ${NEW}`);
    expect(md.indexOf('stack removed without decommissioning')).toBeGreaterThan(0);
    expect(md.indexOf('stack removed without decommissioning')).toBeLessThan(md.indexOf('rolls every node'));
    expect(md).toContain('#### 1. 14 sites (canary) — changed');
    expect(md).toContain('edge01, edge02, edge03, edge04, edge05, edge06, edge07, edge08, edge09, edge10, … (+4 more)');
    expect(md).toContain('<details><summary>All 14 sites</summary>');
    expect(md).toContain(`edge01, ${siteIds('edge', 14).slice(1).join(', ')}`);
    expect(md).toContain(`- \`manifest.spec.topology.version\`: \`"${OLD}"\` → \`"${NEW}"\``);
    expect(md).toContain('#### 2. edge16 (production) — removed');
  });

  test('no <details> for ten sites or fewer; no secret in the text; long values cut around the difference', () => {
    const sites: Record<string, string> = {};
    for (const id of siteIds('edge', 3)) sites[id] = 'canary';
    const base = fleet(sites);
    const head = clone(base);
    const prefix = 'a'.repeat(200);
    for (const id of Object.keys(sites)) {
      set(head[id], 'provider.vsphere.0.password', 'VMware1!');
      set(base[id], 'resource.kubernetes_manifest.cluster.manifest.spec.topology.class', `${prefix}-old-tail`);
      set(head[id], 'resource.kubernetes_manifest.cluster.manifest.spec.topology.class', `${prefix}-new-tail`);
    }
    const md = reviewOf(base, head, 'markdown').stdout;
    expect(md).toContain('#### 1. 3 sites (canary) — changed\n\nedge01, edge02, edge03\n');
    expect(md).not.toContain('<details>');
    expect(md).not.toContain('VMware1!');
    expect(md).toContain('- `password`: _(sensitive)_ → _(sensitive)_');
    const line = md.split('\n').find((l) => l.includes('manifest.spec.topology.class')) as string;
    expect(line).toContain('-old-tail');
    expect(line).toContain('-new-tail');
    expect(line.length).toBeLessThan(260);
  });

  test('stays under the size of a GitHub comment and says what it left out', () => {
    const sites: Record<string, string> = {};
    for (const id of siteIds('edge', 400)) sites[id] = 'production';
    const base = fleet(sites);
    const head = clone(base);
    Object.keys(sites).forEach((id, i) => set(head[id], 'resource.vsphere_distributed_port_group.mgmt.vlan_id', 1000 + i));
    const run = reviewOf(base, head, 'markdown');
    expect(run.code).toBe(2);
    expect(run.stdout.length).toBeLessThanOrEqual(MARKDOWN_BUDGET + 200);
    expect(run.stdout).toMatch(/_\d+ more groups not shown \(comment size\); run with `--format json` for all._\n$/);
    expect(JSON.parse(reviewOf(base, head).stdout).groups).toHaveLength(400);
  });

  test('no change: says so', () => {
    const sites = rings();
    const run = reviewOf(fleet(sites), fleet(sites), 'markdown');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('## Fleet review: no changes (18 stacks)');
    expect(run.stdout).not.toContain('### Changes');
  });
});
