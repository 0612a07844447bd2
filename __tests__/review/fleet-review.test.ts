/**
 * The review tool on real synthesized outputs of the default catalog and changed
 * copies of it, synthesized by the app command as CI does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parse, parseDocument } from 'yaml';
import { runReview } from '../../tools/review/cli';
import { Headline } from '../../tools/review/types';
import { EditableCatalog, ROOT, cloneSite, setPath } from '../support/catalog';
import { runApp, synthAfter } from '../support/synth';

const base = runApp({}).outdir;

type Report = {
  changed: boolean;
  summary: { stacks: Record<string, number>; rings: Array<{ ring: string; sites: string[] }>; notCompared: string[]; partial: { base?: string[]; head?: string[] } };
  headlines: Headline[];
  warnings: Array<{ kind: string; address: string; sites: string[]; message: string }>;
  groups: Array<{
    status: string;
    sites: string[];
    changes: Array<{ address: string; kind: string; attributes: Array<{ path: string; before?: unknown; after?: unknown; sensitive?: boolean; lineDiff?: string[] }> }>;
  }>;
};

function review(head: string, from: string = base): { code: number; markdown: string; json: Report } {
  const md = runReview(['--base', from, '--head', head]);
  const json = runReview(['--base', from, '--head', head, '--format', 'json']);
  return { code: md.code, markdown: md.stdout, json: JSON.parse(json.stdout) as Report };
}

describe('fleet review of real synth outputs', () => {
  test('no change: exit 0', () => {
    const r = review(runApp({}).outdir);
    expect(r.code).toBe(0);
    expect(r.json.changed).toBe(false);
  });

  test('a ring upgrade names exactly the sites of that ring, the changed spec.topology.version, and a rollout warning per site', () => {
    const r = review(
      synthAfter((c) => {
        setPath(c.fleet, 'rings.production.tkgVersion', 'v1.25.7+vmware.2-tkg.1');
        // edge52 autoscales: the ring's cluster-autoscaler must be the new minor's (the validator refuses otherwise).
        setPath(c.fleet, 'rings.production.clusterAutoscalerImage', 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1');
      }),
    );
    expect(r.code).toBe(2);
    expect(r.json.groups.flatMap((g) => g.sites).sort()).toEqual(['edge41', 'edge52']);
    for (const group of r.json.groups) {
      const cluster = group.changes.find((c) => c.address.startsWith('kubernetes_manifest.workload-cluster_'));
      expect(cluster?.attributes).toEqual([{ path: 'manifest.spec.topology.version', op: 'changed', before: 'v1.24.10+vmware.1-tkg.1', after: 'v1.25.7+vmware.2-tkg.1' }]);
    }
    expect(r.json.warnings.filter((w) => w.kind === 'rollout').flatMap((w) => w.sites).sort()).toEqual(['edge41', 'edge52']);
    expect(r.json.summary.rings.find((ring) => ring.ring === 'production')?.sites).toEqual(['edge41', 'edge52']);
    expect(r.markdown).toContain('`manifest.spec.topology.version`: `"v1.24.10+vmware.1-tkg.1"` → `"v1.25.7+vmware.2-tkg.1"`');
    expect(r.markdown).toContain('rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes v1.24.10+vmware.1-tkg.1 → v1.25.7+vmware.2-tkg.1');
  });

  test('one field of one site: that site only, that path only', () => {
    const r = review(synthAfter((c) => setPath(c.sites.edge33, 'tkg.workers.replicas', 3)));
    expect(r.json.groups.map((g) => g.sites)).toEqual([['edge33']]);
    const paths = r.json.groups[0].changes.flatMap((c) => c.attributes.map((a) => a.path));
    expect(paths).toEqual(['manifest.spec.topology.workers.machineDeployments[0].replicas']);
  });

  /** edge60 copied as edge70: own id, networks and host thumbprints. */
  const addEdge70 = (c: EditableCatalog) => {
    c.sites.edge70 = cloneSite(c.sites.edge60, 'edge70', 70);
  };

  test('a new site is reported as added', () => {
    const r = review(synthAfter(addEdge70));
    expect(r.json.summary.stacks).toMatchObject({ added: 1, removed: 0, changed: 0 });
    expect(r.json.groups).toEqual([expect.objectContaining({ status: 'added', sites: ['edge70'] })]);
  });

  test('a partial synthesis (SITES) is never reported as destruction: the sites it left out are not compared', () => {
    // Adding one site and synthesizing only it, as `SITES=edge70 npx cdktf deploy edge70` does.
    const r = review(synthAfter(addEdge70, { SITES: 'edge70' }));
    expect(r.json.summary.stacks).toMatchObject({ added: 1, removed: 0 });
    expect(r.json.summary.notCompared).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
    expect(r.json.summary.partial).toEqual({ head: ['edge70'] });
    expect(r.json.warnings).toEqual([]);
    expect(r.json.groups).toEqual([expect.objectContaining({ status: 'added', sites: ['edge70'] })]);
    expect(r.markdown).toContain(
      'ℹ️ The head synthesis was partial (`SITES=edge70`). Sites `edge33`, `edge41`, `edge52`, `edge60`, in the catalog of both sides but synthesized on one only, are not compared: neither added nor removed. Synthesize both sides without `SITES` to review every site.',
    );
    // A site the partial side's catalog no longer has is still a removal.
    const removed = review(synthAfter((c) => delete c.sites.edge41, { SITES: 'edge33' }));
    expect(removed.json.summary.stacks).toMatchObject({ removed: 1 });
    expect(removed.json.summary.notCompared).toEqual(['edge52', 'edge60']);
    expect(removed.json.warnings.filter((w) => w.kind === 'orphaned').length).toBeGreaterThan(0);
  });

  test('a removed site is reported with what happens to each stateful resource: nothing is destroyed, it keeps running, unmanaged', () => {
    const r = review(synthAfter((c) => delete c.sites.edge41));
    expect(r.json.summary.stacks).toMatchObject({ removed: 1 });
    expect(r.json.warnings.filter((w) => w.kind === 'destroy')).toEqual([]);
    const orphaned = r.json.warnings.filter((w) => w.kind === 'orphaned');
    expect(orphaned.map((w) => w.address)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vsphere_host\.hosts_preferred_/),
        expect.stringMatching(/^vsphere_compute_cluster\.cluster_/),
        expect.stringMatching(/^kubernetes_manifest\.workload-cluster_[0-9A-F]+$/),
        'vsphere_datacenter.datacenter',
      ]),
    );
    expect([...new Set(orphaned.map((w) => w.message))]).toEqual([
      'stack removed without decommissioning (phase active in base): Terraform destroys nothing, since it no longer plans the stack; ' +
        'what it managed keeps running, unmanaged, and stays in its state (terraform.edge41.tfstate). ' +
        'To retire the site: restore its file with phase: decommissioning, deploy, destroy, then remove the file (docs/security.md, Decommissioning a site)',
    ]);
    expect(r.markdown).toContain(`- ⚠️ edge41 — stack removed without decommissioning (phase active in base): Terraform destroys nothing`);
    expect(r.markdown).toContain(` — ${orphaned.length} stateful resources: \``);
  });

  test('Harbor turned off at a site: its Harbor leaves Terraform (removed blocks), reported as such, not as destroyed', () => {
    // Velero's chart and images come from the site Harbor: the catalog refuses Harbor off with backups on.
    const r = review(
      synthAfter((c) => {
        setPath(c.sites.edge33, 'addons.harbor', { enabled: false });
        setPath(c.sites.edge33, 'backup', { enabled: false });
        setPath(c.sites.edge33, 'delivery', { enabled: false });
      }),
    );
    const forgotten = r.json.warnings.filter((w) => w.kind === 'forget').map((w) => w.address);
    expect(forgotten).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.addons_harbor_package_install_/), expect.stringMatching(/^harbor_registry\./)]));
    expect(r.json.warnings.filter((w) => w.kind === 'destroy' && forgotten.includes(w.address))).toEqual([]);
    expect(r.markdown).toContain('leaves Terraform, not destroyed (removed block, destroy = false)');
  });
});

describe('the review, read by a reviewer (issue 15, item 7), on real synth outputs', () => {
  test("a site removed: the hub's alert rules lose that site's block as a line diff, naming no other site", () => {
    const r = review(synthAfter((c) => delete c.sites.edge41));
    const hub = r.json.groups.find((g) => g.sites[0] === 'hub');
    const rules = hub?.changes.find((c) => c.address.startsWith('helm_release.monitoring_release_'))?.attributes;
    expect(rules?.map((a) => [a.path, a.lineDiff])).toEqual([
      [
        'values[0]',
        [
          '@@ -58,14 +58,4 @@',
          '               summary: Site edge33 sends no metrics to the hub',
          '               description: The hub has no sample from edge33 in the last 15m.',
          '-          - alert: FleetSiteAbsent',
          '-            expr: "absent_over_time(up{job=\\"prometheus\\",site=\\"edge41\\"}[15m])"',
          '-            for: 5m',
          '-            labels:',
          '-              severity: critical',
          '-              signal: store-and-forward',
          '-              site: edge41',
          '-            annotations:',
          '-              summary: Site edge41 sends no metrics to the hub',
          '-              description: The hub has no sample from edge41 in the last 15m.',
          '           - alert: FleetSiteAbsent',
          '             expr: "absent_over_time(up{job=\\"prometheus\\",site=\\"edge52\\"}[15m])"',
        ],
      ],
    ]);
    expect(r.markdown).toContain('  - `values[0]`: 10 lines removed, 0 added\n    ```diff\n    @@ -58,14 +58,4 @@\n');
    // Before: `…site=\"edge41\"…` → `…site=\"edge52\"…`, which read as edge41 renamed to edge52.
    expect(r.markdown).not.toMatch(/site=\\{0,3}"edge52\\{0,3}"\}\[15m\]\)\\{0,3}"` →/);
  });

  test('a site removed after its decommissioning: destroyed before by cdktf destroy, if that ran; removing the stack destroys nothing', () => {
    const decommissioning = synthAfter((c) => setPath(c.sites.edge41, 'phase', 'decommissioning'));
    const r = review(synthAfter((c) => delete c.sites.edge41), decommissioning);
    expect([...new Set(r.json.warnings.map((w) => `${w.kind}: ${w.message}`))]).toEqual([
      'decommissioned: stack removed after decommissioning (phase decommissioning in base): removing it destroys nothing; ' +
        'what it managed was destroyed by SITES=edge41 npx cdktf destroy edge41 (docs/security.md, Decommissioning a site, step 3) if that ran to the end, ' +
        'else it keeps running, unmanaged, in its state (terraform.edge41.tfstate)',
    ]);
    expect(r.json.warnings).toHaveLength(18);
  });

  test('decommissioning: one headline; its 18 prevent-destroy-removed warnings on one Markdown line, all 18 in JSON', () => {
    const r = review(synthAfter((c) => setPath(c.sites.edge41, 'phase', 'decommissioning')));
    expect(r.json.headlines).toEqual([
      {
        kind: 'phase',
        message:
          'phase active → decommissioning: destroy protection is lifted from 18 stateful resources (lifecycle.prevent_destroy removed: the 18 prevent-destroy-removed warnings); ' +
          'nothing is destroyed yet. Next (docs/security.md, Decommissioning a site): deploy, destroy it (SITES=edge41 npx cdktf destroy edge41), then remove the site file',
        stacks: ['edge41'],
        groups: [1],
        from: 'active',
        to: 'decommissioning',
        warningKind: 'prevent-destroy-removed',
      },
    ]);
    expect(r.json.warnings.map((w) => w.kind)).toEqual(Array(18).fill('prevent-destroy-removed'));
    const section = r.markdown.slice(r.markdown.indexOf('### Headlines'), r.markdown.indexOf('### Changes'));
    const lines = section.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '- **edge41** (group 1): phase active → decommissioning: destroy protection is lifted from 18 stateful resources (lifecycle.prevent_destroy removed: ' +
        'the 18 prevent-destroy-removed warnings); nothing is destroyed yet. Next (docs/security.md, Decommissioning a site): deploy, destroy it (SITES=edge41 npx cdktf destroy edge41), then remove the site file',
    );
    expect(lines[1]).toMatch(/^- ⚠️ edge41 — lifecycle.prevent_destroy removed \(phase active → decommissioning: see Headlines\) — 18 resources: `harbor_project\..*`vsphere_host\.hosts_secondary_[0-9A-F]{8}` \(group 1\)$/);
  });

  test('a site back to bootstrap and another built out: a headline each, no secret variable line (the sites had them all)', () => {
    const r = review(
      synthAfter((c) => {
        setPath(c.sites.edge33, 'phase', 'bootstrap');
        setPath(c.sites.edge60, 'phase', 'active');
      }),
    );
    const forgotten = r.json.warnings.filter((w) => w.kind === 'forget').length;
    expect(forgotten).toBeGreaterThan(20);
    expect(r.json.headlines.map((h) => [h.kind, h.stacks, h.message])).toEqual([
      [
        'phase',
        ['edge33'],
        `phase active → bootstrap: back to the bootstrap shape (vSphere only, HA off); Terraform forgets ${forgotten} resources (removed blocks, destroy = false: the ${forgotten} forget warnings), ` +
          'so the workload cluster, its add-ons and Harbor keep running, unmanaged; managing them again needs terraform import',
      ],
      ['phase', ['edge60'], expect.stringMatching(/^phase bootstrap → active: the site is built out \(HA on, content library, TKG workload cluster, add-ons\); \d+ resources added \(\d+ stateful\)$/)],
      // edge60's storefront starts; edge33's is forgotten with its App, not stopped (no headline).
      ['application', ['edge60'], 'application storefront starts at 1.4.2 in ring canary: Argo CD syncs it from the site Harbor (with its canary analysis where it has one) at 1 site: edge60'],
    ]);
  });

  test('a new required secret variable: Loki with a username needs log_store_password at the hub, a line of its own', () => {
    const r = review(synthAfter((c) => setPath(c.fleet, 'hub.monitoring.logSink.loki', { host: 'loki.hub.tanzu.lab', username: 'fleet-logs' })));
    expect(r.json.headlines).toEqual([
      {
        kind: 'secret-variable',
        message:
          'new required secret variable log_store_password for hub: no stack needed it before; set TF_VAR_log_store_password before applying hub ' +
          '(with Terraform Cloud, in the variable set terraformCloud.variableSets.hub); ' +
          'the variable: "Password of the Loki or OpenSearch user in fleet.yaml hub.monitoring.logSink (only when a username is set)."',
        stacks: ['hub'],
        groups: [1],
        variable: 'log_store_password',
        declaredInBase: [],
      },
    ]);
    expect(r.markdown).toContain('### Headlines (1)\n\n- **Secret variable**: new required secret variable log_store_password for hub:');
  });

  test('apply order: a new node image in the hub content library before the ring upgrade that needs it; a new witness before the site that moves to it', () => {
    const upgrade = review(
      synthAfter((c) => {
        setPath(c.fleet, 'hub.contentLibrary.items', [
          ...(c.fleet.hub.contentLibrary?.items ?? []),
          { name: 'photon-3-kube-v1.25.13+vmware.1', url: 'https://repo.hub.tanzu.lab/tkg/2.3/photon-3-kube-v1.25.13+vmware.1-tkg.1.ova' },
        ]);
        setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.25.13+vmware.1-tkg.1');
      }),
    );
    expect(upgrade.json.headlines.map((h) => [h.kind, h.message])).toEqual([
      [
        'apply-order',
        expect.stringMatching(
          /^apply hub before edge33: the workload cluster of edge33 moves to Kubernetes v1\.25\.13\+vmware\.1-tkg\.1, whose node image photon-3-kube-v1\.25\.13\+vmware\.1 the hub stack adds to its content library \(vsphere_content_library_item\.content-library_item-photon-3-kube-v12513vmware1_[0-9A-F]{8}\)$/,
        ),
      ],
    ]);
    const witness = review(
      synthAfter((c) => {
        const witnesses = c.fleet.hub.witnesses ?? [];
        setPath(c.fleet, 'hub.witnesses', [
          ...witnesses,
          { ...witnesses[0], name: 'witness-02', fqdn: 'witness-02.hub.tanzu.lab', address: '10.10.0.22/24', thumbprint: '6D:1A:7E:0B:93:44:D2:6F:18:A0:3B:C9:72:E5:4D:8F:61:B7:2A:91' },
        ]);
        setPath(c.sites.edge41, 'witness', 'witness-02');
      }),
    );
    expect(witness.json.headlines.map((h) => [h.kind, h.message])).toEqual([
      [
        'apply-order',
        expect.stringMatching(
          /^apply hub before edge41: edge41 now looks up vsphere_host witness-02\.hub\.tanzu\.lab \(data\.vsphere_host\.hub_witness_[0-9A-F]{8}\), which the hub stack creates \(vsphere_host\.witnesses_witness-02_host_[0-9A-F]{8}\): the lookup fails until it exists$/,
        ),
      ],
    ]);
  });

  test("masking: an add-on's values.yaml is shown as a line diff, with <site> in a collapsed group; Secret and kubeconfig names shown; secrets still masked", () => {
    const retention = review(synthAfter((c) => setPath(c.fleet, 'defaults.addons', { prometheus: { retentionTime: '10d' } })));
    expect(retention.json.groups.map((g) => [g.sites, g.changes.map((ch) => [ch.address, ch.attributes.map((a) => [a.path, a.sensitive ?? false, a.lineDiff])])])).toEqual([
      [
        ['edge33', 'edge52'],
        [
          [
            expect.stringMatching(/^kubernetes_secret_v1\.addons_prometheus_values_[0-9A-F]{8}$/),
            [
              [
                'data["values.yaml"]',
                false,
                [
                  '@@ -4,5 +4,5 @@',
                  '     containers:',
                  '       args:',
                  '-        - "--storage.tsdb.retention.time=7d"',
                  '+        - "--storage.tsdb.retention.time=10d"',
                  '         - "--storage.tsdb.retention.size=40GB"',
                  '         - "--config.file=/etc/config/prometheus.yml"',
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
    const text = JSON.stringify(retention.json.groups[0].changes);
    expect(text).toContain('site: <site>');
    expect(text).not.toMatch(/edge33|edge52/);

    const active = review(synthAfter((c) => setPath(c.sites.edge60, 'phase', 'active')));
    const edge60 = active.json.groups.find((g) => g.sites[0] === 'edge60');
    const attributes = (edge60?.changes ?? []).flatMap((ch) => ch.attributes.map((a) => ({ ...a, address: ch.address })));
    const at = (address: RegExp, path: string) => attributes.find((a) => address.test(a.address) && a.path === path);
    expect(at(/^kubernetes_manifest\.addons_harbor_package_install_/, 'manifest.spec.cluster.kubeconfigSecretRef.name')).toMatchObject({ after: 'tkg-edge60-wld01-kubeconfig' });
    expect(at(/^kubernetes_manifest\.addons_harbor_package_install_/, 'manifest.spec.values[1].secretRef.name')).toMatchObject({ after: 'harbor-values' });
    expect(at(/^kubernetes_secret_v1\.addons_harbor_package_values_/, 'data["values.yaml"]')?.after).toMatch(/^namespace: tanzu-system-registry\nhostname: harbor\.edge60\.tanzu\.lab\n/);
    for (const [address, path] of [
      [/^kubernetes_secret_v1\.addons_harbor_package_values_/, 'data["secret-values.yaml"]'],
      [/^kubernetes_secret_v1\.workload-cluster_vsphere-credentials_/, 'data.password'],
      [/^tls_locally_signed_cert\./, 'ca_private_key_pem'],
      [/^harbor_registry\./, 'access_secret'],
    ] as const) {
      expect(at(address, path)).toMatchObject({ after: '(sensitive)', sensitive: true });
    }
  });
});

type Step = { id?: string; name?: string; run?: string; uses?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> };
type Workflow = {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[]; needs?: string; if?: string }>;
};

function readWorkflow(file: string): { text: string; workflow: Workflow } {
  const text = fs.readFileSync(path.join(ROOT, '.github/workflows', file), 'utf8');
  return { text, workflow: parse(text) as Workflow };
}

const allSteps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);

describe('the pull-request workflow', () => {
  const { text: reviewText, workflow } = readWorkflow('fleet-review.yml');
  const { text: commentText, workflow: comment } = readWorkflow('fleet-review-comment.yml');
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const plans = workflow.jobs['speculative-plans'];
  const planStep = plans.steps.find((s) => s.run?.includes('terraform plan')) as Step;
  const commentSteps = comment.jobs.comment.steps;

  test('both files are YAML without errors or warnings', () => {
    for (const text of [reviewText, commentText]) {
      const doc = parseDocument(text, { uniqueKeys: true });
      expect([...doc.errors, ...doc.warnings].map((e) => e.message)).toEqual([]);
    }
  });

  test('runs on pull requests with a read-only token, and has the review and plan jobs', () => {
    expect(workflow.name).toBe('Fleet review');
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(workflow.jobs)).toEqual(['review', 'speculative-plans']);
    expect(plans.needs).toBe('review');
    expect(allSteps(workflow).some((s) => s.uses?.startsWith('actions/github-script'))).toBe(false);
  });

  test('installs, tests, synthesizes base and head, reviews, keeps the report and the PR number as an artifact', () => {
    const steps = workflow.jobs.review.steps;
    const runs = steps.map((s) => s.run ?? s.uses ?? '').join('\n');
    for (const expected of ['npm ci', 'npm test', 'npx cdktf synth --output "$RUNNER_TEMP/head"', 'npx cdktf synth --output "$RUNNER_TEMP/base"', 'npm run --silent review --', '>> "$GITHUB_STEP_SUMMARY"']) {
      expect(runs).toContain(expected);
    }
    expect(scripts.review).toBe('node tools/run.js tools/review/main.ts');
    const keep = steps.find((s) => s.run?.includes('pr-number')) as Step;
    expect(keep.env).toEqual({ PR_NUMBER: '${{ github.event.pull_request.number }}' });
    const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4') as Step;
    expect(steps.indexOf(upload)).toBe(steps.length - 1);
    expect(upload.with).toMatchObject({ name: 'fleet-review', path: '${{ runner.temp }}/fleet-review/', 'if-no-files-found': 'error' });
  });

  test('installs Terraform (the catalog\'s version with terraformCloud: cdktf checks the binary for the cloud block) before testing and synthesizing', () => {
    const steps = workflow.jobs.review.steps;
    const tfc = steps.findIndex((s) => s.run === 'npm run --silent tfc-settings >> "$GITHUB_OUTPUT"');
    const setup = steps.findIndex((s) => s.uses === 'hashicorp/setup-terraform@v3');
    const test = steps.findIndex((s) => s.run === 'npm test');
    const synth = steps.findIndex((s) => s.run?.includes('npx cdktf synth'));
    expect([tfc >= 0, tfc < setup, setup < test, setup < synth]).toEqual([true, true, true, true]);
    expect(steps[setup].if).toBeUndefined();
    expect(steps[setup].with).toMatchObject({ terraform_version: '${{ steps.tfc.outputs.cli_version }}' });
  });

  test('builds the providers and the API server and installs etcd before the tests (GitHub sets CI=true: missing tools fail them), validates after', () => {
    const steps = workflow.jobs.review.steps;
    const at = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);
    const go = at((s) => s.uses === 'actions/setup-go@v5');
    const etcd = at((s) => s.run?.includes('apt-get install') === true && s.run.includes('etcd-server'));
    const build = at((s) => s.run === 'npm run providers && npm run apiserver');
    const test = at((s) => s.run === 'npm test');
    const validate = at((s) => s.run === 'npm run validate');
    expect([go >= 0, go < build, etcd >= 0, etcd < test, build < test, test < validate]).toEqual([true, true, true, true, true, true]);
    expect(steps[go].with).toMatchObject({ 'go-version': '1.26' });
    expect([scripts.providers, scripts.apiserver, scripts.validate]).toEqual(['node tools/run.js tools/providers/build.ts', 'node tools/run.js tools/sim/build.ts', 'node tools/run.js tools/validate/validate.ts']);
  });

  test('the comment workflow: after "Fleet review", may comment, never checks out the pull request', () => {
    expect(comment.on).toEqual({ workflow_run: { workflows: ['Fleet review'], types: ['completed'] } });
    expect(comment.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
    expect(comment.jobs.comment.if).toContain("github.event.workflow_run.event == 'pull_request'");
    for (const step of allSteps(comment)) {
      expect(step.uses ?? '').not.toMatch(/^actions\/checkout/);
      expect(step.run ?? '').not.toMatch(/\b(npm|npx|node|git)\b/);
    }
    const download = commentSteps.find((s) => s.uses === 'actions/download-artifact@v4') as Step;
    expect(download.with).toMatchObject({ name: 'fleet-review', 'run-id': '${{ github.event.workflow_run.id }}', 'github-token': '${{ github.token }}' });
  });

  test('the comment workflow validates the PR number before posting the single marker comment', () => {
    const validate = commentSteps.find((s) => s.id === 'pr') as Step;
    expect(validate.run).toContain('[[ "$number" =~ ^[0-9]{1,10}$ ]]');
    expect(validate.run).toMatch(/exit 1/);
    const post = commentSteps.find((s) => s.uses === 'actions/github-script@v7') as Step;
    expect(commentSteps.indexOf(post)).toBeGreaterThan(commentSteps.indexOf(validate));
    expect(post.env).toMatchObject({ PR_NUMBER: '${{ steps.pr.outputs.number }}', HEAD_SHA: '${{ github.event.workflow_run.head_sha }}' });
    const script = post.with?.script ?? '';
    expect(script).toContain("const marker = '<!-- tanzu-edge-fleet-review -->'");
    expect(script).toContain('pull.head.sha !== process.env.HEAD_SHA');
    expect(script).toMatch(/updateComment[\s\S]*createComment/);
  });

  test('plans only for same-repository pull requests, only the changed stacks, only with a token and terraformCloud', () => {
    expect(plans.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(plans.if).toContain("needs.review.outputs.changed == 'true'");
    const settings = plans.steps.find((s) => s.id === 'tfc') as Step;
    expect(settings.if).toBe("steps.token.outputs.present == 'true'");
    expect(settings.run).toContain('npm run --silent tfc-settings');
    expect(settings.run).toContain('>> "$GITHUB_OUTPUT"');
    expect(settings.run).toMatch(/No terraformCloud in .* >> "\$GITHUB_STEP_SUMMARY"/);
    expect(scripts['tfc-settings']).toBe('node tools/run.js tools/ci/tfc-settings.ts');
    const after = plans.steps.slice(plans.steps.indexOf(settings) + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.if === "steps.tfc.outputs.enabled == 'true'")).toBe(true);
    expect(planStep.run).toMatch(/SITES="\$sites" npx cdktf synth/);
  });

  test('Terraform version and host come from the catalog settings, not literals', () => {
    const setup = plans.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform')) as Step;
    expect(setup.with).toMatchObject({
      terraform_version: '${{ steps.tfc.outputs.terraform_version }}',
      cli_config_credentials_hostname: '${{ steps.tfc.outputs.hostname }}',
      cli_config_credentials_token: '${{ secrets.TF_API_TOKEN }}',
    });
    expect(reviewText).not.toMatch(/\b\d+\.\d+\.\d+\b/);
    expect(planStep.env).toEqual({
      TFC_HOSTNAME: '${{ steps.tfc.outputs.hostname }}',
      TFC_ORGANIZATION: '${{ steps.tfc.outputs.organization }}',
      WORKSPACE_PREFIX: '${{ steps.tfc.outputs.workspace_prefix }}',
    });
  });

  test('checks that the workspace exists before terraform init, and skips a missing one', () => {
    const run = planStep.run as string;
    expect(run).toContain('"https://$TFC_HOSTNAME/api/v2/organizations/$TFC_ORGANIZATION$1"');
    expect(run).toContain('--header "Authorization: Bearer $TF_API_TOKEN"');
    expect(run).toContain('--header "Content-Type: application/vnd.api+json"');
    const check = run.indexOf('status=$(tfc_status "/workspaces/$workspace")');
    const init = run.indexOf('terraform init -input=false');
    expect(check).toBeGreaterThan(0);
    expect(check).toBeLessThan(init);
    const missing = run.slice(check, init);
    expect(missing).toContain('if [ "$status" = "404" ]');
    expect(missing).toContain('workspace created when the fleet stack is applied; no plan.');
    expect(missing).toMatch(/continue/);
    expect(missing).toMatch(/if \[ "\$status" != "200" \]; then[\s\S]*exit 1/);
  });

  test('both files: every run: block is valid bash, every github-script valid JavaScript', () => {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    const steps = [...allSteps(workflow), ...allSteps(comment)];
    expect(steps.filter((s) => s.run).length).toBeGreaterThanOrEqual(12);
    for (const step of steps) {
      if (step.run) {
        // GitHub replaces ${{ ... }} before bash sees the script.
        const script = step.run.replace(/\$\{\{[^}]*\}\}/g, 'x');
        const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
        expect({ step: step.name ?? step.run, status: check.status, stderr: check.stderr }).toEqual({ step: step.name ?? step.run, status: 0, stderr: '' });
      }
      if (step.uses?.startsWith('actions/github-script')) {
        expect(() => new AsyncFunction('require', 'github', 'context', 'core', step.with?.script ?? '')).not.toThrow();
      }
    }
  });
});
