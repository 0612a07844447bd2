/**
 * Velero as the site stacks synthesize it: one kapp-controller App per built site,
 * delivered by the management cluster in the same apply, from the site's own Harbor,
 * writing only to the site's own location with the site's own credentials; and a
 * restore as a catalog edit, before, during and after.
 */
import { parse, parseAllDocuments } from 'yaml';
import { Testing } from 'cdktf';
import { SiteVelero, SiteVeleroProps } from '../../constructs/backup/site-velero';
import { LOCATION_CHANGE_GROUP, restoreName } from '../../constructs/backup/velero-values';
import { KappApp } from '../../constructs/packages/kapp-app';
import { sampleFleet, setPath } from '../support/catalog';
import { all, testStack } from '../support/stack';
import { TerraformJson, siteStacksAfter } from '../support/synth';

type App = {
  manifest: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec: {
      cluster: { kubeconfigSecretRef: { name: string; key: string }; namespace: string };
      fetch: Array<{ helmChart?: { name: string; version: string; repository: { url: string; secretRef: { name: string } } }; inline?: { paths?: Record<string, string>; pathsFrom?: Array<{ secretRef: { name: string } }> } }>;
      template: Array<Record<string, unknown>>;
      deploy: unknown[];
      noopDelete?: boolean;
    } & Record<string, unknown>;
  };
  wait?: unknown;
  depends_on?: string[];
};
type Secret = { metadata: { name: string; namespace: string }; data: Record<string, string>; depends_on?: string[] };
type Doc = { kind: string; metadata: { name?: string; annotations?: Record<string, string> }; spec?: Record<string, unknown> } & Record<string, unknown>;

const synthAll = siteStacksAfter;
const base = synthAll();

const veleroApp = (json: TerraformJson): App | undefined => (Object.values(all(json, 'kubernetes_manifest')) as unknown as App[]).find((m) => m.manifest.kind === 'App' && m.manifest.metadata.name === 'velero');
const app = (json: TerraformJson): App => {
  const found = veleroApp(json);
  if (!found) throw new Error('no velero App');
  return found;
};
const secret = (json: TerraformJson, name: string): Secret => {
  const found = (Object.values(all(json, 'kubernetes_secret_v1')) as unknown as Secret[]).find((s) => s.metadata.name === name);
  if (!found) throw new Error(`no Secret ${name}`);
  return found;
};
interface Values {
  readonly image: unknown;
  readonly initContainers: ReadonlyArray<{ readonly image: string }>;
  readonly upgradeCRDs: boolean;
  readonly credentials: Record<string, unknown>;
  readonly configuration: { readonly backupStorageLocation: ReadonlyArray<{ readonly caCert: string; readonly accessMode: string; readonly config: Record<string, string> } & Record<string, unknown>> };
  readonly schedules: Record<string, { readonly schedule: string; readonly paused?: boolean; readonly template: { readonly excludedNamespaces: string[] } & Record<string, unknown> }>;
}
const values = (json: TerraformJson): Values => parse(secret(json, 'velero-values').data['values.yaml']) as Values;
const documents = (json: TerraformJson): Doc[] => {
  const text = app(json).manifest.spec.fetch[1].inline?.paths?.['documents.yaml'] ?? '';
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
};
const addresses = (json: TerraformJson): string[] => Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));

describe('Velero at every built site of the default catalog', () => {
  test('edge33, edge41 and edge52 run it; edge60 (bootstrap) does not yet', () => {
    expect(Object.entries(base).filter(([, json]) => veleroApp(json) !== undefined).map(([id]) => id)).toEqual(['edge33', 'edge41', 'edge52']);
  });

  test('the addresses are part of the contract', () => {
    expect(addresses(base.edge33).filter((a) => /velero/.test(a)).sort()).toEqual([
      'harbor_robot_account.velero-robot',
      'kubernetes_manifest.velero_app_B6A449D6',
      'kubernetes_secret_v1.velero_app_values_46EC48E8',
      'kubernetes_secret_v1.velero_chart-credentials_8D2D8B99',
      'kubernetes_secret_v1.velero_secrets_A92AC662',
    ]);
  });

  test('an App in the site namespace aimed at the workload cluster, after the cluster, not waited on', () => {
    const a = app(base.edge33);
    expect(a.manifest.apiVersion).toBe('kappctrl.k14s.io/v1alpha1');
    expect(a.manifest.metadata).toEqual({ name: 'velero', namespace: 'edge33', labels: { 'edge-fleet.tanzu/site': 'edge33', 'edge-fleet.tanzu/ring': 'canary' } });
    expect(a.manifest.spec.cluster).toEqual({ kubeconfigSecretRef: { name: 'tkg-edge33-wld01-kubeconfig', key: 'value' }, namespace: 'velero' });
    expect(a.depends_on).toEqual(
      expect.arrayContaining([
        'kubernetes_secret_v1.velero_app_values_46EC48E8',
        'kubernetes_secret_v1.velero_chart-credentials_8D2D8B99',
        'kubernetes_secret_v1.velero_secrets_A92AC662',
        expect.stringMatching(/^kubernetes_manifest\.workload-cluster_[0-9A-F]{8}$/),
      ]),
    );
    // Chart and images arrive by replication, possibly later (a scheduled ring): kapp-controller retries, the apply does not wait.
    expect(a.wait).toBeUndefined();
  });

  test('chart and images come from the site Harbor, at the ring’s versions', () => {
    for (const [id, ring] of [['edge33', ['11.4.0', 'v1.17.1', 'v1.13.2']], ['edge52', ['10.1.3', 'v1.16.2', 'v1.12.2']]] as const) {
      const a = app(base[id]);
      expect(a.manifest.spec.fetch[0].helmChart).toEqual({ name: 'velero', version: ring[0], repository: { url: `oci://harbor.${id}.tanzu.lab/edge-platform/charts`, secretRef: { name: 'velero-chart-pull' } } });
      const v = values(base[id]);
      expect(v.image).toEqual({ repository: `harbor.${id}.tanzu.lab/edge-platform/velero/velero`, tag: ring[1], imagePullSecrets: ['velero-registry'] });
      expect(v.initContainers[0].image).toBe(`harbor.${id}.tanzu.lab/edge-platform/velero/velero-plugin-for-aws:${ring[2]}`);
      // No kubectl hook Job (its image would come from the internet): kapp applies the chart's CRDs.
      expect(v.upgradeCRDs).toBe(false);
    }
    const [robot] = Object.values(all(base.edge33, 'harbor_robot_account')).filter((r) => r.name === 'velero-pull');
    expect(robot).toMatchObject({ provider: 'harbor.site', level: 'system', permissions: [{ kind: 'project', namespace: 'edge-platform', access: [{ action: 'pull', resource: 'repository' }, { action: 'read', resource: 'artifact' }] }] });
  });

  test('file-system backup of volumes by the node agent; no snapshots', () => {
    const v = values(base.edge33);
    expect(v).toMatchObject({ deployNodeAgent: true, snapshotsEnabled: false, configuration: { uploaderType: 'kopia', volumeSnapshotLocation: [] } });
    expect(v.schedules.apps.template).toMatchObject({ defaultVolumesToFsBackup: true, snapshotVolumes: false, ttl: '168h0m0s', includedNamespaces: ['*'], storageLocation: 'default' });
    expect(v.schedules.apps.template.excludedNamespaces).toEqual(expect.arrayContaining(['kube-system', 'velero', 'tanzu-system-registry', 'default']));
    expect(v.schedules.apps.schedule).toBe('0 * * * *');
    expect(v.schedules.apps.paused).toBeUndefined();
    const ns = documents(base.edge33).find((d) => d.kind === 'Namespace');
    expect(ns?.metadata).toMatchObject({ name: 'velero', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } });
  });

  test('each site writes only under its own location, TLS verified against the store CA', () => {
    const locations = ['edge33', 'edge41', 'edge52'].map((id) => values(base[id]).configuration.backupStorageLocation);
    for (const [i, id] of ['edge33', 'edge41', 'edge52'].entries()) {
      expect(locations[i]).toHaveLength(1);
      expect(locations[i][0]).toMatchObject({
        name: 'default',
        provider: 'aws',
        bucket: 'edge-backups',
        prefix: `sites/${id}`,
        default: true,
        accessMode: 'ReadWrite',
        config: { region: 'us-east-1', s3Url: 'https://s3.hub.tanzu.lab', s3ForcePathStyle: 'true' },
      });
      expect(Buffer.from(locations[i][0].caCert, 'base64').toString('utf8')).toContain('-----BEGIN CERTIFICATE-----');
      expect(JSON.stringify(locations[i][0].config)).not.toMatch(/insecureSkipTLSVerify/);
      // No stack names another site's location.
      for (const other of ['edge33', 'edge41', 'edge52'].filter((o) => o !== id)) expect(JSON.stringify(base[id])).not.toContain(`sites/${other}`);
    }
  });

  test('a store that rejects the plugin’s checksums gets none; by default the plugin’s own', () => {
    expect(values(base.edge33).configuration.backupStorageLocation[0].config.checksumAlgorithm).toBeUndefined();
    const ceph = synthAll((c) => setPath(c.fleet, 'backup.store.checksumAlgorithm', ''));
    expect(values(ceph.edge41).configuration.backupStorageLocation[0].config).toEqual({ region: 'us-east-1', s3Url: 'https://s3.hub.tanzu.lab', s3ForcePathStyle: 'true', checksumAlgorithm: '' });
  });

  test('credentials are the site workspace’s own variables, encoded by Terraform at apply: never in the output', () => {
    const secrets = secret(base.edge33, 'velero-secrets');
    // The AWS plugin's credentials file, as a Secret the chart mounts (existingSecret: no Helm tpl on it).
    expect(secrets.data['credentials.yaml']).toBe(
      '${yamlencode({"apiVersion" = "v1", "kind" = "Secret", "metadata" = {"name" = "velero-credentials", "namespace" = "velero", "labels" = {"edge-fleet.tanzu/site" = "edge33", "edge-fleet.tanzu/ring" = "canary"}}, "type" = "Opaque", "data" = {"cloud" = base64encode(join("", ["[default]\\naws_access_key_id=", var.backup_access_key_id, "\\naws_secret_access_key=", var.backup_secret_access_key, "\\n"]))}})}',
    );
    expect(values(base.edge33)).toMatchObject({ credentials: { useSecret: true, existingSecret: 'velero-credentials' } });
    expect(secret(base.edge33, 'velero-values').data).toEqual({ 'values.yaml': expect.any(String) });
    expect(secrets.data['pull-secret.yaml']).toMatch(/^\$\{yamlencode\(/);
    expect(secrets.data['pull-secret.yaml']).toContain('harbor_robot_account.velero-robot.secret');
    expect(secrets.data['pull-secret.yaml']).toContain('kubernetes.io/dockerconfigjson');
    expect(secret(base.edge33, 'velero-chart-pull').data).toEqual({ username: '${harbor_robot_account.velero-robot.full_name}', password: '${harbor_robot_account.velero-robot.secret}' });
    expect(app(base.edge33).manifest.spec.fetch[1].inline?.pathsFrom).toEqual([{ secretRef: { name: 'velero-secrets' } }]);
    // Nothing secret is readable in the App or the values.
    expect(JSON.stringify(app(base.edge33).manifest)).not.toMatch(/var\.|aws_secret_access_key|\.secret\}/);
    expect(secret(base.edge33, 'velero-values').data['values.yaml']).not.toMatch(/var\.|aws_secret_access_key|\.secret\}/);
  });

  test('a site that opts out has no Velero; a catalog without a store has none anywhere', () => {
    expect(veleroApp(synthAll((c) => setPath(c.sites.edge41, 'backup.enabled', false)).edge41)).toBeUndefined();
    const none = synthAll((c) => delete (c.fleet as { backup?: unknown }).backup);
    expect(Object.values(none).filter((json) => veleroApp(json) !== undefined)).toEqual([]);
    expect(Object.keys(none.edge33.variable ?? {})).not.toContain('backup_secret_access_key');
  });

  test('the site Prometheus scrapes Velero and watches every schedule', () => {
    const prometheus = secret(base.edge33, 'prometheus-values');
    // prometheus.yml holds the remote-write password reference, so it is among the values Terraform encodes.
    expect(prometheus.data['secret-values.yaml']).toMatch(/job_name: velero\\n *kubernetes_sd_configs:\\n *- role: pod\\n *namespaces:\\n *names:\\n *- velero/);
    const v = parse(prometheus.data['values.yaml']) as { prometheus: { config: { alerting_rules_yml: string } } };
    const groups = (parse(v.prometheus.config.alerting_rules_yml) as { groups: Array<{ name: string; rules: Array<Record<string, unknown>> }> }).groups;
    expect(groups.find((g) => g.name === 'edge-store-and-forward')?.rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ alert: 'EdgeBackupStale', labels: { severity: 'warning', signal: 'backup', site: 'edge33', schedule: 'velero-apps' } })]),
    );
    expect(groups.find((g) => g.name === 'edge-backup-thresholds')?.rules).toEqual([{ record: 'edge:velero_backup_stale_after_seconds', expr: 'vector(7200)', labels: { schedule: 'velero-apps' } }]);
  });
});

const during = synthAll((c) => setPath(c.sites.edge33, 'restore', { schedule: 'apps' }));

describe('a restore is a catalog edit', () => {
  const named = synthAll((c) => setPath(c.sites.edge41, 'restore', { schedule: 'apps', backup: 'velero-apps-20261129010000', attempt: 2 }));

  test('before: no Restore, the location writable, the schedules running', () => {
    expect(documents(base.edge33).map((d) => d.kind)).toEqual(['Namespace', 'Config']);
    expect(values(base.edge33).configuration.backupStorageLocation[0].accessMode).toBe('ReadWrite');
  });

  test('during: the location read-only, the schedules paused, a Restore of the newest backup that waits for the location', () => {
    const v = values(during.edge33);
    expect(v.configuration.backupStorageLocation[0]).toMatchObject({ accessMode: 'ReadOnly', annotations: { 'kapp.k14s.io/change-group': LOCATION_CHANGE_GROUP } });
    expect(v.schedules.apps.paused).toBe(true);
    const docs = documents(during.edge33);
    expect(docs.map((d) => d.kind)).toEqual(['Namespace', 'Config', 'Restore']);
    const restore = docs[2];
    expect(restore.metadata).toEqual({
      name: 'rebuild-apps-latest-1',
      namespace: 'velero',
      labels: { 'edge-fleet.tanzu/site': 'edge33', 'edge-fleet.tanzu/ring': 'canary' },
      annotations: {
        'kapp.k14s.io/change-rule': `upsert after upserting ${LOCATION_CHANGE_GROUP}`,
        'kapp.k14s.io/update-strategy': 'skip',
        'kapp.k14s.io/delete-strategy': 'orphan',
      },
    });
    expect(restore.spec).toMatchObject({ scheduleName: 'velero-apps', includedNamespaces: ['*'], restorePVs: true, existingResourcePolicy: 'none' });
    expect(restore.spec?.excludedNamespaces).toEqual(expect.arrayContaining(['kube-system', 'velero', 'tkg-system', 'tanzu-system-ingress']));
    // The wait rule: Available, and the store's backups synced into the cluster (else "No backups found for schedule").
    const config = docs[1] as unknown as { waitRules: Array<{ ytt: { funcContractV1: { 'resource.star': string } }; resourceMatchers: unknown[] }> };
    expect(config.waitRules[0].resourceMatchers).toEqual([{ apiVersionKindMatcher: { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation' } }]);
    expect(config.waitRules[0].ytt.funcContractV1['resource.star']).toContain('phase == "Available" and synced');
    // Only edge33 restores.
    expect(documents(during.edge41).map((d) => d.kind)).toEqual(['Namespace', 'Config']);
  });

  test('a named backup, a second attempt', () => {
    const restore = documents(named.edge41).find((d) => d.kind === 'Restore');
    expect(restore?.metadata.name).toBe('rebuild-apps-20261129010000-2');
    expect(restore?.spec).toMatchObject({ backupName: 'velero-apps-20261129010000' });
    expect(restore?.spec?.scheduleName).toBeUndefined();
    expect(restoreName({ schedule: 'apps', backup: 'latest', attempt: 3 })).toBe('rebuild-apps-latest-3');
  });

  test('after: the key removed, the App is as before (the Restore stays in the cluster: kapp orphans it)', () => {
    expect(app(base.edge33)).toEqual(app(synthAll((c) => setPath(c.sites.edge33, 'restore', undefined)).edge33));
  });
});

describe('the constructs refuse what cannot work', () => {
  const props = (): SiteVeleroProps => ({
    namespace: 'edge33',
    kubeconfigSecretName: 'tkg-edge33-wld01-kubeconfig',
    source: { registryHost: 'harbor.edge33.tanzu.lab', project: 'edge-platform', release: { chartVersion: '11.4.0', version: 'v1.17.1', awsPluginVersion: 'v1.13.2' } },
    location: { endpoint: 'https://s3.hub.tanzu.lab', region: 'us-east-1', bucket: 'edge-backups', prefix: 'sites/edge33' },
    storeCredentials: { username: '${var.a}', password: '${var.b}' },
    registryCredentials: { username: '${var.c}', password: '${var.d}' },
    schedules: sampleFleet().sites[0].backup.schedules,
  });

  test.each<[string, (p: SiteVeleroProps) => SiteVeleroProps, string]>([
    ['no schedule', (p) => ({ ...p, schedules: [] }), "SiteVelero 'test/velero': schedules: an empty list is not allowed; allowed: at least one schedule (or no SiteVelero)"],
    ['a plain-http store', (p) => ({ ...p, location: { ...p.location, endpoint: 'http://s3.hub.tanzu.lab' } }), "SiteVelero 'test/velero': location.endpoint: 'http://s3.hub.tanzu.lab' is not allowed; allowed: an https:// URL (TLS is always verified)"],
    ['a location template', (p) => ({ ...p, location: { ...p.location, prefix: 'sites/{site}' } }), "SiteVelero 'test/velero': location: 'edge-backups/sites/{site}' is not allowed; allowed: the site's own bucket and prefix, {site} replaced"],
    ['a restore of another schedule', (p) => ({ ...p, restore: { schedule: 'pos', backup: 'latest', attempt: 1 } }), "SiteVelero 'test/velero': restore.schedule: 'pos' is not allowed; allowed: one of the schedules (apps)"],
  ])('%s', (_title, edit, message) => {
    expect(() => new SiteVelero(testStack(), 'velero', edit(props()))).toThrow(message);
  });

  test.each<[string, ConstructorParameters<typeof KappApp>[2], string]>([
    ['nothing to deploy', { name: 'x', namespace: 'edge33', kubeconfigSecretName: 'k', targetNamespace: 'x' }, "KappApp 'test/app': chart: nothing to deploy; allowed: a chart, documents or documentSecrets"],
    [
      'a Secret in the readable documents',
      { name: 'x', namespace: 'edge33', kubeconfigSecretName: 'k', targetNamespace: 'x', documents: [{ apiVersion: 'v1', kind: 'Secret' }] },
      "KappApp 'test/app': documents[0]: a Secret is not allowed in documents (they are readable in the App); allowed: pass it through documentSecrets, or a service-account-token Secret without data",
    ],
    ['values without a chart', { name: 'x', namespace: 'edge33', kubeconfigSecretName: 'k', targetNamespace: 'x', values: {}, documentSecrets: ['s'] }, "KappApp 'test/app': values: chart values without a chart are not allowed; allowed: set chart, or pass objects as documents"],
    [
      'a chart version range',
      { name: 'x', namespace: 'edge33', kubeconfigSecretName: 'k', targetNamespace: 'x', chart: { name: 'velero', version: '>=11', repositoryUrl: 'oci://h/p/charts' } },
      "KappApp 'test/app': chart.version: '>=11' is not allowed; allowed: an exact chart version such as 12.1.0",
    ],
    ['a short sync', { name: 'x', namespace: 'edge33', kubeconfigSecretName: 'k', targetNamespace: 'x', documentSecrets: ['s'], syncPeriod: '5s' }, "KappApp 'test/app': syncPeriod: '5s' is not allowed; allowed: a duration of at least 30s, such as 10m"],
  ])('KappApp: %s', (_title, p, message) => {
    expect(() => new KappApp(testStack(), 'app', p)).toThrow(message);
  });

  test('the App uses only fields kapp-controller’s Go types define (pkg/apis/kappctrl/v1alpha1)', () => {
    // json tags of AppSpec, AppCluster, AppFetch*, AppTemplate*, AppDeploy in kapp-controller v0.41+.
    const known: Record<string, readonly string[]> = {
      spec: ['serviceAccountName', 'cluster', 'fetch', 'template', 'deploy', 'paused', 'canceled', 'syncPeriod', 'noopDelete', 'defaultNamespace'],
      cluster: ['namespace', 'kubeconfigSecretRef'],
      kubeconfigSecretRef: ['name', 'key'],
      fetch: ['inline', 'image', 'http', 'git', 'helmChart', 'imgpkgBundle', 'path'],
      helmChart: ['name', 'version', 'repository'],
      repository: ['url', 'secretRef'],
      inline: ['paths', 'pathsFrom'],
      pathsFrom: ['secretRef', 'configMapRef'],
      template: ['ytt', 'kbld', 'helmTemplate', 'kustomize', 'jsonnet', 'sops', 'cue'],
      helmTemplate: ['name', 'namespace', 'path', 'valuesFrom', 'kubernetesVersion', 'kubernetesAPIs'],
      valuesFrom: ['secretRef', 'configMapRef', 'path', 'downwardAPI'],
      ytt: ['ignoreUnknownComments', 'strict', 'inline', 'paths', 'fileMarks', 'valuesFrom'],
      deploy: ['kapp'],
    };
    const spec = app(during.edge33).manifest.spec;
    const check = (name: string, value: unknown): void => {
      if (Array.isArray(value)) return value.forEach((v) => check(name, v));
      if (typeof value !== 'object' || value === null || !(name in known)) return;
      for (const [key, child] of Object.entries(value)) {
        expect([name, key, known[name].includes(key)]).toEqual([name, key, true]);
        check(key, child);
      }
    };
    check('spec', spec);
    const stack = testStack();
    new KappApp(stack, 'app', { name: 'x', namespace: 'edge33', kubeconfigSecretName: 'k', targetNamespace: 'x', documents: [{ apiVersion: 'v1', kind: 'ConfigMap' }] });
    expect(Testing.synth(stack)).toContain('"ytt"');
  });
});
