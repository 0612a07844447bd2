/**
 * The review as a reviewer reads it (issue 15, item 7): texts of several lines as line
 * diffs, names of secrets shown while secrets stay masked, headlines for phase changes,
 * new secret variables and the apply order across stacks. On synth folders written by
 * the tests; fleet-review.test.ts has the same on real synthesized outputs.
 */
import { runReview } from '../../tools/review/cli';
import { diffStack } from '../../tools/review/diff';
import { lineDiff } from '../../tools/review/lines';
import { MAX_DIFF_LINES } from '../../tools/review/markdown';
import { maskItem } from '../../tools/review/report';
import { PLAIN_VALUES_KEY, maskEmbedded } from '../../tools/review/rules';
import { VALUES_KEY } from '../../constructs/packages/package-install';
import { AttributeChange, JsonObject, ReviewReport } from '../../tools/review/types';
import { Stack, clone, fleet, set, siteStack, writeSynth } from './fixtures';

/** Reviews base against head in-process. */
function review(base: Record<string, Stack>, head: Record<string, Stack>, format: 'json' | 'markdown' = 'json'): string {
  const run = runReview(['--base', writeSynth(base), '--head', writeSynth(head), '--format', format]);
  expect(run.stderr).toBe('');
  return run.stdout;
}

function jsonReview(base: Record<string, Stack>, head: Record<string, Stack>): ReviewReport {
  return JSON.parse(review(base, head)) as ReviewReport;
}

/** The hub's alert rules: one `FleetSiteAbsent` block per site, as the hub monitoring values hold them. */
function alertRules(sites: readonly string[]): string {
  const block = (id: string) =>
    [`  - alert: FleetSiteAbsent`, `    expr: absent_over_time(up{site="${id}"}[15m])`, `    labels:`, `      site: ${id}`, `    annotations:`, `      summary: Site ${id} sends no metrics to the hub`];
  return ['rules:', ...sites.flatMap(block), '  - alert: FleetSiteLogsDropped', '    for: 1m', ''].join('\n');
}

describe('texts of several lines: a line diff', () => {
  test('one line changed: that line removed and added, two lines of context, a unified-diff hunk header', () => {
    expect(lineDiff('a\nb\nc\nd\ne\nf\ng\n', 'a\nb\nc\nD\ne\nf\ng\n')).toEqual(['@@ -2,5 +2,5 @@', ' b', ' c', '-d', '+D', ' e', ' f']);
  });

  test('changes far apart make two hunks, changes close together one; equal texts none', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const changed = (at: readonly number[]) => lines.map((l, i) => (at.includes(i + 1) ? `${l} changed` : l)).join('\n');
    expect(lineDiff(lines.join('\n'), changed([3, 17]))).toEqual([
      '@@ -1,5 +1,5 @@',
      ' line 1',
      ' line 2',
      '-line 3',
      '+line 3 changed',
      ' line 4',
      ' line 5',
      '@@ -15,5 +15,5 @@',
      ' line 15',
      ' line 16',
      '-line 17',
      '+line 17 changed',
      ' line 18',
      ' line 19',
    ]);
    expect(lineDiff(lines.join('\n'), changed([3, 7]))[0]).toBe('@@ -1,9 +1,9 @@');
    expect(lineDiff('same\n', 'same\n')).toEqual([]);
  });

  test("a site's block leaves a list of per-site blocks: the whole block is removed, and no other site is named as added", () => {
    expect(lineDiff(alertRules(['edge33', 'edge41', 'edge52']), alertRules(['edge33', 'edge52']))).toEqual([
      '@@ -6,10 +6,4 @@',
      '     annotations:',
      '       summary: Site edge33 sends no metrics to the hub',
      '-  - alert: FleetSiteAbsent',
      '-    expr: absent_over_time(up{site="edge41"}[15m])',
      '-    labels:',
      '-      site: edge41',
      '-    annotations:',
      '-      summary: Site edge41 sends no metrics to the hub',
      '   - alert: FleetSiteAbsent',
      '     expr: absent_over_time(up{site="edge52"}[15m])',
    ]);
  });

  test('in the report: a fleet-level text that loses a site gets its line diff in JSON and a diff block in Markdown, not a cut that reads as a rename', () => {
    const base = fleet({ edge01: 'canary' });
    set(base.hub, 'resource.helm_release.monitoring', { name: 'kube-prometheus-stack', namespace: 'monitoring', values: [alertRules(['edge33', 'edge41', 'edge52'])] });
    const head = clone(base);
    set(head.hub, 'resource.helm_release.monitoring.values', [alertRules(['edge33', 'edge52'])]);
    const report = jsonReview(base, head);
    const attribute = report.groups[0].changes[0].attributes[0];
    expect(attribute.lineDiff).toEqual(lineDiff(alertRules(['edge33', 'edge41', 'edge52']), alertRules(['edge33', 'edge52'])));
    const md = review(base, head, 'markdown');
    expect(md).toContain(
      [
        '  - `values[0]`: 6 lines removed, 0 added',
        '    ```diff',
        '    @@ -6,10 +6,4 @@',
        '         annotations:',
        '           summary: Site edge33 sends no metrics to the hub',
        '    -  - alert: FleetSiteAbsent',
        '    -    expr: absent_over_time(up{site="edge41"}[15m])',
        '    -    labels:',
        '    -      site: edge41',
        '    -    annotations:',
        '    -      summary: Site edge41 sends no metrics to the hub',
        '       - alert: FleetSiteAbsent',
        '         expr: absent_over_time(up{site="edge52"}[15m])',
        '    ```',
      ].join('\n'),
    );
    expect(md).not.toMatch(/^ *\+.*edge52/m);
  });

  test('in a collapsed group the text says <site>, never the id of one of its sites', () => {
    const sites = { edge01: 'canary', edge02: 'canary', edge03: 'canary' };
    const document = (id: string, retention: string) => `namespace: monitoring\nargs:\n  - --retention=${retention}\nexternal_labels:\n  site: ${id}\n`;
    const base = fleet(sites);
    const head = clone(base);
    for (const id of Object.keys(sites)) {
      set(base[id], 'resource.kubernetes_secret_v1.values', { metadata: { name: 'prometheus-values', namespace: id }, data: { 'values.yaml': document(id, '7d') } });
      set(head[id], 'resource.kubernetes_secret_v1.values', { metadata: { name: 'prometheus-values', namespace: id }, data: { 'values.yaml': document(id, '10d') } });
    }
    const report = jsonReview(base, head);
    expect(report.groups.map((g) => g.sites)).toEqual([['edge01', 'edge02', 'edge03']]);
    expect(report.groups[0].changes[0].attributes).toEqual([
      {
        path: 'data["values.yaml"]',
        op: 'changed',
        before: document('<site>', '7d'),
        after: document('<site>', '10d'),
        lineDiff: ['@@ -1,5 +1,5 @@', ' namespace: monitoring', ' args:', '-  - --retention=7d', '+  - --retention=10d', ' external_labels:', '   site: <site>'],
      },
    ]);
    expect(JSON.stringify(report.groups[0].changes)).not.toMatch(/edge0\d/);
  });

  test('Markdown cuts a long line diff and says so; a fence longer than any backtick run in the text', () => {
    const many = (suffix: string) => Array.from({ length: 60 }, (_, i) => `key${i}: value ${i}${suffix}`).join('\n');
    const base = fleet({ edge01: 'canary' });
    set(base.hub, 'resource.helm_release.chart', { name: 'chart', namespace: 'x', values: [many(''), 'a: ```code```\nb: 1\n'] });
    const head = clone(base);
    set(head.hub, 'resource.helm_release.chart.values', [many(' new'), 'a: ```code```\nb: 2\n']);
    const md = review(base, head, 'markdown');
    expect(md).toContain(`    … ${1 + 120 - MAX_DIFF_LINES} more lines of this diff (run with --format json for all)\n    \`\`\`\n`);
    expect(md).toContain(['  - `values[1]`: 1 line removed, 1 added', '    ````diff', '    @@ -1,3 +1,3 @@', '     a: ```code```', '    -b: 1', '    +b: 2', '     ', '    ````'].join('\n'));
  });
});

describe('masking: secrets, not their names', () => {
  /** The masked attributes of an item of a site stack, edited from the fixture. */
  function masked(edit: (head: JsonObject) => void, address: string): Record<string, AttributeChange> {
    const base = siteStack('edge33', 'canary');
    const head = clone(base);
    edit(head);
    const diff = diffStack('edge33', { name: 'edge33', json: base, text: JSON.stringify(base) }, { name: 'edge33', json: head, text: JSON.stringify(head) });
    const item = diff.changes.find((c) => c.address === address);
    return Object.fromEntries((item === undefined ? [] : maskItem(item).attributes).map((a) => [a.path, a]));
  }

  test("an add-on's values Secret: values.yaml shown (the construct's plain values), secret-values.yaml and other Secret data masked", () => {
    expect(PLAIN_VALUES_KEY).toBe(VALUES_KEY);
    const attrs = masked(
      (h) =>
        set(h, 'resource.kubernetes_secret_v1.values', {
          metadata: { name: 'harbor-values', namespace: 'edge33' },
          data: { 'values.yaml': 'hostname: harbor.edge33.tanzu.lab\nharborAdminPassword: Harbor12345\n', 'secret-values.yaml': '${yamlencode({"secretKey" = random_password.key.result})}' },
        }),
      'kubernetes_secret_v1.values',
    );
    expect(attrs['data["values.yaml"]']).toEqual({ path: 'data["values.yaml"]', op: 'added', after: 'hostname: harbor.edge33.tanzu.lab\nharborAdminPassword: (sensitive)\n' });
    expect(attrs['data["secret-values.yaml"]']).toEqual({ path: 'data["secret-values.yaml"]', op: 'added', after: '(sensitive)', sensitive: true });
    const credentials = masked((h) => set(h, 'resource.kubernetes_secret_v1.credentials', { data: { username: 'administrator@vsphere.local', password: '${var.vsphere_password}' } }), 'kubernetes_secret_v1.credentials');
    expect([credentials['data.password'].after, credentials['data.username'].after]).toEqual(['(sensitive)', '(sensitive)']);
  });

  test('names of Secrets and kubeconfigs are shown: secretRef, kubeconfigSecretRef, ytt-paths-from-secret-name, a secret volume, tls_secret_name, a boolean', () => {
    const attrs = masked((h) => {
      set(h, 'resource.kubernetes_manifest.install', {
        manifest: {
          apiVersion: 'packaging.carvel.dev/v1alpha1',
          kind: 'PackageInstall',
          metadata: { name: 'harbor', annotations: { 'ext.packaging.carvel.dev/ytt-paths-from-secret-name.0': 'harbor-hub-ca-ytt' } },
          spec: { cluster: { kubeconfigSecretRef: { name: 'tkg-edge33-wld01-kubeconfig', key: 'value' } }, values: [{ secretRef: { name: 'harbor-values', key: 'values.yaml' } }] },
        },
      });
    }, 'kubernetes_manifest.install');
    expect(Object.values(attrs).filter((a) => a.sensitive)).toEqual([]);
    expect(attrs['manifest.spec.cluster.kubeconfigSecretRef.name'].after).toBe('tkg-edge33-wld01-kubeconfig');
    const deployment = masked((h) => {
      set(h, 'resource.kubernetes_deployment_v1.autoscaler', {
        spec: { template: { spec: { automount_service_account_token: true, volume: [{ name: 'kubeconfig', secret: { secret_name: 'tkg-edge33-wld01-kubeconfig', items: [{ key: 'value', path: 'value' }] } }] } } },
      });
    }, 'kubernetes_deployment_v1.autoscaler');
    expect(Object.entries(deployment).map(([path, a]) => [path, a.after, a.sensitive ?? false])).toEqual([
      ['spec.template.spec.automount_service_account_token', true, false],
      ['spec.template.spec.volume[0].name', 'kubeconfig', false],
      ['spec.template.spec.volume[0].secret.items[0].key', 'value', false],
      ['spec.template.spec.volume[0].secret.items[0].path', 'value', false],
      ['spec.template.spec.volume[0].secret.secret_name', 'tkg-edge33-wld01-kubeconfig', false],
    ]);
    expect(masked((h) => set(h, 'resource.vsphere_host.esx01.tls_secret_name', 'harbor-tls'), 'vsphere_host.esx01').tls_secret_name.after).toBe('harbor-tls');
  });

  test('in YAML texts: Secret names shown (secretName, a secret volume, the ingress-nginx auth-secret annotation), secrets masked, also on the lines after their key', () => {
    const values = [
      'expose:',
      '  tls:',
      '    certSource: secret',
      '    secret:',
      '      secretName: harbor-tls',
      'ingress:',
      '  annotations:',
      '    nginx.ingress.kubernetes.io/auth-secret: remote-write-auth',
      '  tls:',
      '    - secretName: monitoring-tls',
      'harborAdminPassword: Harbor12345',
      'client_secret: "s3cr3t"',
      'vault:',
      '  secret_id: 6a1f',
      'token:',
      '  value: eyJhbGciOi',
      '  expires: never',
      'password: |',
      '  multi-line',
      '  hunter2',
      'after: kept',
      '',
    ].join('\n');
    expect(maskEmbedded(values)).toBe(
      [
        'expose:',
        '  tls:',
        '    certSource: secret',
        '    secret:',
        '      secretName: harbor-tls',
        'ingress:',
        '  annotations:',
        '    nginx.ingress.kubernetes.io/auth-secret: remote-write-auth',
        '  tls:',
        '    - secretName: monitoring-tls',
        'harborAdminPassword: (sensitive)',
        'client_secret: (sensitive)',
        'vault:',
        '  secret_id: (sensitive)',
        'token: (sensitive)',
        'password: (sensitive)',
        'after: kept',
        '',
      ].join('\n'),
    );
    // HCL and JSON in a string, as before.
    expect(maskEmbedded('${yamlencode({"harborAdminPassword" = var.hub_harbor_admin_password, "secretKey" = random_password.key.result})}')).toBe(
      '${yamlencode({"harborAdminPassword" = (sensitive), "secretKey" = (sensitive)})}',
    );
  });
});

describe('a removed stack in Markdown: one line that says what happens', () => {
  test('after decommissioning: destroyed by cdktf destroy before, if it ran; nothing destroyed now', () => {
    const base = fleet({ edge01: 'canary', edge02: 'production' });
    set(base.edge02, 'output.phase', { value: 'decommissioning' });
    const head = clone(base);
    delete head.edge02;
    const md = review(base, head, 'markdown');
    expect(md).toContain(
      '- ⚠️ edge02 — stack removed after decommissioning (phase decommissioning in base): removing it destroys nothing; ' +
        'what it managed was destroyed by SITES=edge02 npx cdktf destroy edge02 (docs/security.md, Decommissioning a site, step 3) if that ran to the end, ' +
        'else it keeps running, unmanaged, in its state (terraform.edge02.tfstate) — 7 stateful resources: `kubernetes_manifest.cluster` (Cluster), ' +
        '`kubernetes_manifest.namespace` (Namespace), `vsphere_compute_cluster.cluster`, `vsphere_datacenter.dc`, `vsphere_distributed_virtual_switch.vds`, ' +
        '`vsphere_host.esx01`, `vsphere_host.esx02` (group 1)\n',
    );
    expect(md).not.toContain('would be destroyed');
  });
});

/** A fleet whose sites have a `phase` output, and a copy to edit. */
function phased(phases: Record<string, string>): { base: Record<string, Stack>; head: Record<string, Stack> } {
  const sites = Object.fromEntries(Object.keys(phases).map((id) => [id, 'canary']));
  const base = fleet(sites);
  for (const [id, phase] of Object.entries(phases)) set(base[id], 'output.phase', { value: phase });
  return { base, head: clone(base) };
}

/** Sets `lifecycle.prevent_destroy` of the stateful resources of the fixture site. */
function protect(stack: Stack, on: boolean): void {
  for (const address of ['vsphere_datacenter.dc', 'vsphere_compute_cluster.cluster', 'vsphere_host.esx01', 'vsphere_host.esx02']) set(stack, `resource.${address}.lifecycle`, { prevent_destroy: on });
}

describe('headlines: site phase changes', () => {
  test('decommissioning: one headline per group of sites; its prevent-destroy-removed warnings on one Markdown line, each in JSON', () => {
    const { base, head } = phased({ edge01: 'active', edge02: 'active', edge03: 'active' });
    for (const id of ['edge01', 'edge02', 'edge03']) [base, head].forEach((side) => protect(side[id], true));
    for (const id of ['edge01', 'edge02']) {
      protect(head[id], false);
      set(head[id], 'output.phase.value', 'decommissioning');
    }
    const report = jsonReview(base, head);
    expect(report.headlines).toEqual([
      {
        kind: 'phase',
        message:
          'phase active → decommissioning: destroy protection is lifted from 4 stateful resources at each site (lifecycle.prevent_destroy removed: the 4 prevent-destroy-removed warnings); ' +
          'nothing is destroyed yet. Next (docs/security.md, Decommissioning a site): deploy, destroy each (SITES=<id> npx cdktf destroy <id>), then remove the site file',
        stacks: ['edge01', 'edge02'],
        groups: [1],
        from: 'active',
        to: 'decommissioning',
        warningKind: 'prevent-destroy-removed',
      },
    ]);
    expect(report.summary.headlines).toBe(1);
    expect(report.warnings.filter((w) => w.kind === 'prevent-destroy-removed')).toHaveLength(4);
    const md = review(base, head, 'markdown');
    expect(md).toContain(
      '### Headlines (1)\n\n- **2 sites: edge01, edge02** (group 1): phase active → decommissioning: destroy protection is lifted from 4 stateful resources at each site ' +
        '(lifecycle.prevent_destroy removed: the 4 prevent-destroy-removed warnings); nothing is destroyed yet. Next (docs/security.md, Decommissioning a site): deploy, ' +
        'destroy each (SITES=&lt;id&gt; npx cdktf destroy &lt;id&gt;), then remove the site file\n\n### ⚠️ Warnings (4)\n\n' +
        '- ⚠️ 2 sites: edge01, edge02 — lifecycle.prevent_destroy removed (phase active → decommissioning: see Headlines) — 4 resources: ' +
        '`vsphere_compute_cluster.cluster`, `vsphere_datacenter.dc`, `vsphere_host.esx01`, `vsphere_host.esx02` (group 1)\n\n### Changes',
    );
  });

  test('called off, back to bootstrap, built out, another change: what each does', () => {
    const { base, head } = phased({ edge01: 'decommissioning', edge02: 'active', edge03: 'bootstrap', edge04: 'bootstrap' });
    protect(base.edge01, false);
    protect(head.edge01, true);
    set(head.edge01, 'output.phase.value', 'active');
    set(head.edge02, 'output.phase.value', 'bootstrap');
    set(head.edge02, 'resource.kubernetes_manifest', undefined);
    set(head.edge02, 'removed', [
      { from: 'kubernetes_manifest.cluster', lifecycle: { destroy: false } },
      { from: 'kubernetes_manifest.namespace', lifecycle: { destroy: false } },
    ]);
    set(base.edge03, 'resource.kubernetes_manifest', undefined);
    set(head.edge03, 'output.phase.value', 'active');
    set(head.edge04, 'output.phase.value', 'retired');
    const messages = jsonReview(base, head).headlines.map((h) => [h.stacks, h.message, h.kind === 'phase' ? h.warningKind : undefined]);
    expect(messages).toEqual([
      [['edge01'], 'phase decommissioning → active: the decommissioning is called off; lifecycle.prevent_destroy is set again on 4 stateful resources', undefined],
      [
        ['edge02'],
        'phase active → bootstrap: back to the bootstrap shape (vSphere only, HA off); Terraform forgets 2 resources (removed blocks, destroy = false: the 2 forget warnings), ' +
          'so the workload cluster, its add-ons and Harbor keep running, unmanaged; managing them again needs terraform import',
        'forget',
      ],
      [['edge03'], 'phase bootstrap → active: the site is built out (HA on, content library, TKG workload cluster, add-ons); 2 resources added (2 stateful)', undefined],
      [['edge04'], 'phase bootstrap → retired: 0 resources added, 0 removed, 0 changed', undefined],
    ]);
  });
});

describe('headlines: a new required secret variable', () => {
  const secret = (description: string) => ({ description, nullable: false, sensitive: true, type: 'string' });

  test('new to the fleet: set TF_VAR_ before applying the stacks that need it; not a headline when stacks of the same scope had it', () => {
    const base = fleet({ edge01: 'canary', edge02: 'canary' });
    set(base.edge01, 'variable.external_dns_tsig_secret', secret('Base64 TSIG secret for RFC 2136 updates.'));
    const head = clone(base);
    set(head.hub, 'variable.log_store_password', secret('Password of the Loki or OpenSearch user.'));
    set(head.edge02, 'variable.external_dns_tsig_secret', secret('Base64 TSIG secret for RFC 2136 updates.'));
    set(head.edge02, 'variable.optional_setting', { type: 'string', sensitive: true, default: '' });
    expect(jsonReview(base, head).headlines).toEqual([
      {
        kind: 'secret-variable',
        message:
          'new required secret variable log_store_password for hub: no stack needed it before; set TF_VAR_log_store_password before applying hub ' +
          '(with Terraform Cloud, in the variable set terraformCloud.variableSets.hub); the variable: "Password of the Loki or OpenSearch user."',
        stacks: ['hub'],
        groups: [1],
        variable: 'log_store_password',
        declaredInBase: [],
      },
    ]);
  });

  test('new to the site stacks while the hub had it: the sites’ variable set needs it', () => {
    const base = fleet({ edge01: 'canary', edge02: 'canary' });
    set(base.hub, 'variable.hub_harbor_admin_password', secret('Admin password of the hub Harbor.'));
    const head = clone(base);
    for (const id of ['edge01', 'edge02']) set(head[id], 'variable.hub_harbor_admin_password', secret('Admin password of the hub Harbor.'));
    const md = review(base, head, 'markdown');
    expect(md).toContain(
      '### Headlines (1)\n\n- **Secret variable**: required secret variable hub_harbor_admin_password is new to the site stacks (edge01 and edge02): only hub needed it before, ' +
        'so TF_VAR_hub_harbor_admin_password is set already for local runs; with Terraform Cloud, add it to the variable set terraformCloud.variableSets.sites ' +
        'before applying edge01 and edge02; the variable: "Admin password of the hub Harbor." (group 1)\n',
    );
  });
});

describe('headlines: the apply order across stacks', () => {
  /** A hub with a content library item and a witness host, and the fleet around it. */
  function withHub(items: readonly string[], witnesses: readonly string[]): Record<string, Stack> {
    const stacks = fleet({ edge01: 'canary', edge02: 'canary', edge03: 'production' }, () => 'v1.25.7+vmware.2-tkg.1');
    for (const item of items) set(stacks.hub, `resource.vsphere_content_library_item.${item.replace(/[^a-z0-9]/g, '')}`, { name: item, library_id: '${vsphere_content_library.images.id}' });
    for (const w of witnesses) set(stacks.hub, `resource.vsphere_host.${w}`, { hostname: `${w}.hub.tanzu.lab`, thumbprint: '00:11' });
    for (const id of ['edge01', 'edge02', 'edge03']) set(stacks[id], 'data.vsphere_host.witness', { name: 'witness-01.hub.tanzu.lab', datacenter_id: '${data.vsphere_datacenter.hub.id}' });
    return stacks;
  }

  test('the hub adds the node image a ring upgrade needs and a witness a site moves to: apply the hub first', () => {
    const base = withHub(['photon-3-kube-v1.25.7+vmware.2'], ['witness-01']);
    const head = withHub(['photon-3-kube-v1.25.7+vmware.2', 'photon-3-kube-v1.26.5+vmware.2'], ['witness-01', 'witness-02']);
    for (const id of ['edge01', 'edge02']) set(head[id], 'resource.kubernetes_manifest.cluster.manifest.spec.topology.version', 'v1.26.5+vmware.2-tkg.1');
    set(head.edge03, 'data.vsphere_host.witness.name', 'witness-02.hub.tanzu.lab');
    const report = jsonReview(base, head);
    expect(report.headlines).toEqual([
      {
        kind: 'apply-order',
        message:
          'apply hub before edge01, edge02 and edge03: the workload clusters of edge01 and edge02 move to Kubernetes v1.26.5+vmware.2-tkg.1, ' +
          'whose node image photon-3-kube-v1.26.5+vmware.2 the hub stack adds to its content library (vsphere_content_library_item.photon3kubev1265vmware2); ' +
          'edge03 now looks up vsphere_host witness-02.hub.tanzu.lab (data.vsphere_host.witness), which the hub stack creates (vsphere_host.witness-02): the lookup fails until it exists',
        stacks: ['edge01', 'edge02', 'edge03'],
        groups: [1, 2, 3],
        first: ['hub'],
        then: ['edge01', 'edge02', 'edge03'],
      },
    ]);
    expect(review(base, head, 'markdown')).toContain('- **Apply order**: apply hub before edge01, edge02 and edge03: the workload clusters of edge01 and edge02 move to');
  });

  test('the hub removes the witness a site moves off: apply the site first; an image already in the library orders nothing', () => {
    const base = withHub(['photon-3-kube-v1.25.7+vmware.2', 'photon-3-kube-v1.26.5+vmware.2'], ['witness-01', 'witness-02']);
    set(base.edge03, 'data.vsphere_host.witness.name', 'witness-02.hub.tanzu.lab');
    const head = withHub(['photon-3-kube-v1.25.7+vmware.2', 'photon-3-kube-v1.26.5+vmware.2'], ['witness-01']);
    set(head.edge01, 'resource.kubernetes_manifest.cluster.manifest.spec.topology.version', 'v1.26.5+vmware.2-tkg.1');
    expect(jsonReview(base, head).headlines).toEqual([
      {
        kind: 'apply-order',
        message:
          'apply edge03 before hub: edge03 no longer looks up vsphere_host witness-02.hub.tanzu.lab (data.vsphere_host.witness), which the hub stack destroys (vsphere_host.witness-02)',
        stacks: ['edge03'],
        groups: [1, 3],
        first: ['edge03'],
        then: ['hub'],
      },
    ]);
  });

  test('no headline when nothing of the kind changed', () => {
    const base = withHub(['photon-3-kube-v1.25.7+vmware.2'], ['witness-01']);
    const head = clone(base);
    set(head.hub, 'resource.vsphere_content_library.images.description', 'TKG node images (2025)');
    expect(jsonReview(base, head).headlines).toEqual([]);
    expect(review(base, head, 'markdown')).not.toContain('### Headlines');
  });
});
