/**
 * Application delivery as the site stacks synthesize it: Argo CD, Flagger and the
 * applications as three kapp-controller Apps per built site, in the same apply as the
 * cluster, every chart and image from the site's own Harbor; the Argo CD Application and
 * Flagger Canary as their sources define them; no secret in the output; the site
 * Prometheus scraping what Flagger's Contour queries read.
 */
import { parse, parseAllDocuments } from 'yaml';
import { Testing } from 'cdktf';
import { prometheusConfigObject } from '../../constructs/addons/values/prometheus';
import { FLEET_VALUES_KEY } from '../../constructs/catalog/applications';
import { SiteApplication } from '../../constructs/catalog/model';
import { SiteDelivery, SiteDeliveryProps } from '../../constructs/delivery/site-delivery';
import { metricWindow } from '../../constructs/delivery/delivery-values';
import { sampleFleet, setPath } from '../support/catalog';
import { all, testStack } from '../support/stack';
import { TerraformJson, siteStacksAfter } from '../support/synth';

type App = {
  manifest: {
    kind: string;
    metadata: { name: string; namespace: string };
    spec: {
      cluster: { kubeconfigSecretRef: { name: string; key: string }; namespace: string };
      fetch: Array<{ helmChart?: { name: string; version: string; repository: { url: string; secretRef: { name: string } } }; inline?: { paths?: Record<string, string>; pathsFrom?: Array<{ secretRef: { name: string } }> } }>;
    };
  };
  wait?: unknown;
  depends_on?: string[];
};
type Secret = { metadata: { name: string; namespace: string }; data: Record<string, string> };
type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] }; spec: Record<string, unknown> };

const synthAll = siteStacksAfter;
const base = synthAll();

const apps = (json: TerraformJson): Record<string, App> =>
  Object.fromEntries((Object.values(all(json, 'kubernetes_manifest')) as unknown as App[]).filter((m) => m.manifest.kind === 'App').map((m) => [m.manifest.metadata.name, m]));
const secret = (json: TerraformJson, name: string): Secret => {
  const found = (Object.values(all(json, 'kubernetes_secret_v1')) as unknown as Secret[]).find((s) => s.metadata.name === name);
  if (!found) throw new Error(`no Secret ${name}`);
  return found;
};
const documents = (app: App): Doc[] => {
  const text = app.manifest.spec.fetch.find((f) => f.inline?.paths)?.inline?.paths?.['documents.yaml'] ?? '';
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
};
const valuesOf = (json: TerraformJson, release: string): Record<string, unknown> => parse(secret(json, `${release}-values`).data['values.yaml']) as Record<string, unknown>;

describe('Argo CD, Flagger and the applications at every built site', () => {
  test('each built site gets three Apps on the management cluster aimed at its workload cluster; the bootstrapping site none', () => {
    for (const [id, ring] of [['edge33', 'canary'], ['edge41', 'production'], ['edge52', 'production']] as const) {
      const a = apps(base[id]);
      // With Velero's App and the access Apps (edge33 alone has a per-namespace grant).
      expect(Object.keys(a).sort()).toEqual(['access', ...(id === 'edge33' ? ['access-namespaces'] : []), 'applications', 'argocd', 'flagger', 'velero']);
      for (const name of ['argocd', 'flagger', 'applications']) {
        expect(a[name].manifest.metadata.namespace).toBe(id);
        expect(a[name].manifest.spec.cluster.kubeconfigSecretRef).toEqual({ name: `tkg-${id}-wld01-kubeconfig`, key: 'value' });
        // Charts arrive by replication after the site is built: the apply does not wait for them.
        expect(a[name].wait).toBeUndefined();
        expect(a[name].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_manifest\.workload-cluster_/)]));
      }
      const chart = (name: string) => a[name].manifest.spec.fetch[0].helmChart;
      const versions = ring === 'canary' ? ['10.1.1', '1.44.0'] : ['9.5.10', '1.43.0'];
      expect(chart('argocd')).toEqual({ name: 'argo-cd', version: versions[0], repository: { url: `oci://harbor.${id}.tanzu.lab/edge-platform/charts`, secretRef: { name: 'delivery-chart-pull' } } });
      expect(chart('flagger')).toEqual({ name: 'flagger', version: versions[1], repository: { url: `oci://harbor.${id}.tanzu.lab/edge-platform/charts`, secretRef: { name: 'delivery-chart-pull' } } });
      expect(a.applications.manifest.spec.fetch[0].helmChart).toBeUndefined();
    }
    expect(apps(base.edge60)).toEqual({});
  });

  test('Argo CD: images from the site Harbor with a pull Secret, the fleet CA trusted for it, no Dex', () => {
    const v = valuesOf(base.edge33, 'argocd') as { global: { image: { repository: string; tag: string }; imagePullSecrets: unknown }; redis: unknown; dex: unknown; configs: { tls: { certificates: Record<string, string> } } };
    expect(v.global.image).toEqual({ repository: 'harbor.edge33.tanzu.lab/edge-platform/argoproj/argocd', tag: 'v3.4.4' });
    expect(v.global.imagePullSecrets).toEqual([{ name: 'argocd-registry' }]);
    expect(v.redis).toEqual({ image: { repository: 'harbor.edge33.tanzu.lab/edge-platform/library/redis', tag: '8.2.3-alpine' } });
    expect(v.dex).toEqual({ enabled: false });
    expect(Object.keys(v.configs.tls.certificates)).toEqual(['harbor.edge33.tanzu.lab']);
    expect(v.configs.tls.certificates['harbor.edge33.tanzu.lab']).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(documents(apps(base.edge33).argocd).map((d) => [d.kind, d.metadata.name])).toEqual([['Namespace', 'argocd']]);
  });

  test('Flagger: Contour as the router, the site Prometheus as the metrics server, its image from the site Harbor', () => {
    expect(valuesOf(base.edge41, 'flagger')).toEqual({
      image: { repository: 'harbor.edge41.tanzu.lab/edge-platform/fluxcd/flagger', tag: '1.43.0', pullSecret: 'flagger-registry' },
      meshProvider: 'contour',
      metricsServer: 'http://prometheus-server.tanzu-system-monitoring.svc.cluster.local:80',
      prometheus: { install: false },
      crd: { create: false },
      clusterName: 'edge41',
    });
  });

  test('storefront: its Namespace, an Argo CD Application pulling the chart from the site Harbor (Helm over OCI) at the ring version, and a Contour Canary', () => {
    const docs = documents(apps(base.edge52).applications);
    expect(docs.map((d) => [d.kind, d.metadata.namespace ?? '', d.metadata.name])).toEqual([
      ['Namespace', '', 'storefront'],
      ['Application', 'argocd', 'storefront'],
      ['Canary', 'storefront', 'storefront'],
    ]);
    const [, application, canary] = docs;
    expect(application.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(application.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(application.spec).toEqual({
      project: 'default',
      source: {
        repoURL: 'harbor.edge52.tanzu.lab/edge-apps/charts',
        chart: 'storefront',
        targetRevision: '1.4.2',
        helm: { releaseName: 'storefront', valuesObject: { replicaCount: 2, [FLEET_VALUES_KEY]: { site: 'edge52', ring: 'production', registry: 'harbor.edge52.tanzu.lab/edge-apps', imagePullSecret: 'site-harbor-pull' } } },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'storefront' },
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', name: 'storefront', jsonPointers: ['/spec/replicas'] }],
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['RespectIgnoreDifferences=true'], retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } } },
    });
    expect(canary.apiVersion).toBe('flagger.app/v1beta1');
    expect(canary.spec).toEqual({
      provider: 'contour',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront' },
      service: { port: 80, targetPort: 8080 },
      analysis: {
        interval: '1m',
        threshold: 5,
        maxWeight: 50,
        stepWeight: 10,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '2m' },
          { name: 'request-duration', thresholdRange: { max: 500 }, interval: '2m' },
        ],
      },
    });
  });

  test('the metric window spans at least two scrapes of the site Prometheus', () => {
    expect(metricWindow('1m', 60)).toBe('2m');
    expect(metricWindow('5m', 60)).toBe('5m');
    expect(metricWindow('30s', 10)).toBe('30s');
    expect(metricWindow('90s', 60)).toBe('2m');
  });

  test('credentials come from a pull-only robot of the site Harbor, by reference: no secret in the output', () => {
    const [robot] = Object.values(all(base.edge33, 'harbor_robot_account')).filter((r) => (r as { name: string }).name === 'delivery-pull') as Array<{ provider: string; permissions: Array<{ kind: string; namespace: string; access: Array<{ action: string; resource: string }> }> }>;
    expect(robot.provider).toBe('harbor.site');
    expect(robot.permissions.map((p) => p.namespace)).toEqual(['edge-apps', 'edge-platform']);
    for (const p of robot.permissions) expect(p.access).toEqual([{ action: 'pull', resource: 'repository' }, { action: 'read', resource: 'artifact' }]);
    const chart = secret(base.edge33, 'delivery-chart-pull');
    expect(chart.data).toEqual({ username: '${harbor_robot_account.delivery-robot.full_name}', password: '${harbor_robot_account.delivery-robot.secret}' });
    const argocd = secret(base.edge33, 'argocd-documents');
    expect(Object.keys(argocd.data).sort()).toEqual(['pull-secret.yaml', 'repository-0.yaml']);
    // The repository Secret is built by Terraform at apply time (yamlencode of references).
    expect(argocd.data['repository-0.yaml']).toMatch(/^\$\{yamlencode\(/);
    expect(argocd.data['repository-0.yaml']).toContain('"url" = "harbor.edge33.tanzu.lab/edge-apps/charts"');
    expect(argocd.data['repository-0.yaml']).toContain('"enableOCI" = "true"');
    expect(argocd.data['repository-0.yaml']).toContain('harbor_robot_account.delivery-robot.secret');
    expect(Object.keys(secret(base.edge33, 'applications-documents').data)).toEqual(['pull-secret-storefront.yaml']);
    expect(apps(base.edge33).applications.manifest.spec.fetch.find((f) => f.inline?.pathsFrom)?.inline?.pathsFrom).toEqual([{ secretRef: { name: 'applications-documents' } }]);
  });

  test('a site that switches storefront off keeps Argo CD and Flagger but has no applications App; delivery off has none', () => {
    const off = synthAll((c) => {
      setPath(c.sites.edge41, 'applications.storefront', { enabled: false });
      setPath(c.sites.edge52, 'delivery', { enabled: false });
    });
    expect(Object.keys(apps(off.edge41)).sort()).toEqual(['access', 'argocd', 'flagger', 'velero']);
    expect(Object.keys(apps(off.edge52)).sort()).toEqual(['access', 'velero']);
  });
});

describe('the site Prometheus measures what Flagger reads', () => {
  const config = (json: TerraformJson) => {
    // The rendered prometheus.yml is a Terraform expression (it holds the remote-write password reference);
    // the same options rendered here give its object.
    void json;
    return prometheusConfigObject({
      identity: { site: 'edge33', ring: 'canary', cluster: 'tkg-edge33-wld01' },
      hub: { url: 'https://metrics.hub.tanzu.lab/api/v1/write' },
      delivery: { argocdNamespace: 'argocd', flaggerNamespace: 'flagger-system', applications: [] },
    }) as { scrape_configs: Array<{ job_name: string; metrics_path?: string; metric_relabel_configs?: unknown; relabel_configs: Array<Record<string, unknown>>; kubernetes_sd_configs?: Array<{ namespaces?: { names: string[] } }> }> };
  };

  test("Envoy's stats are scraped whole (Flagger's Contour queries read envoy_cluster_upstream_rq and _time_bucket with no job label), Flagger and Argo CD as jobs of their own", () => {
    const jobs = config(base.edge33).scrape_configs;
    const envoy = jobs.find((j) => j.job_name === 'contour-envoy');
    expect(envoy?.metrics_path).toBe('/stats/prometheus');
    // No metric relabelling: envoy_cluster_name and envoy_response_code reach Prometheus as Envoy emits them.
    expect(envoy?.metric_relabel_configs).toBeUndefined();
    expect(envoy?.relabel_configs.map((r) => r.target_label).filter(Boolean)).not.toContain('envoy_cluster_name');
    expect(jobs.find((j) => j.job_name === 'flagger')?.kubernetes_sd_configs?.[0].namespaces?.names).toEqual(['flagger-system']);
    expect(jobs.find((j) => j.job_name === 'argocd')?.kubernetes_sd_configs?.[0].namespaces?.names).toEqual(['argocd']);
    // Never twice: the annotation-driven job drops Envoy, Flagger and Argo CD.
    const pods = jobs.find((j) => j.job_name === 'kubernetes-pods');
    expect(pods?.relabel_configs).toEqual(expect.arrayContaining([{ source_labels: ['__meta_kubernetes_namespace'], action: 'drop', regex: 'flagger-system|argocd' }]));
  });

  test('the stack passes delivery to the site Prometheus: the version record and the failed-canary alert', () => {
    const v = parse(secret(base.edge33, 'prometheus-values').data['values.yaml']) as { prometheus: { config: { alerting_rules_yml: string } } };
    const groups = (parse(v.prometheus.config.alerting_rules_yml) as { groups: Array<{ name: string; rules: Array<Record<string, unknown>> }> }).groups;
    expect(groups.find((g) => g.name === 'edge-application-versions')?.rules).toEqual([
      { record: 'edge:application_version_info', expr: 'vector(1)', labels: { application: 'storefront', namespace: 'storefront', version: '1.4.2', version_source: 'ring' } },
    ]);
    expect(groups.flatMap((g) => g.rules).find((r) => r.alert === 'EdgeCanaryFailed')).toEqual(
      expect.objectContaining({ expr: 'max by (name, namespace) (flagger_canary_status{job="flagger"}) == 2', labels: { severity: 'critical', signal: 'delivery', site: 'edge33' } }),
    );
    expect(secret(base.edge33, 'prometheus-values').data['secret-values.yaml']).toMatch(/job_name: flagger/);
  });
});

describe('SiteDelivery refuses what would not work, naming the field', () => {
  const fleet = sampleFleet();
  const site = fleet.sites.find((s) => s.id === 'edge33');
  if (!site?.ring.argocd || !site.ring.flagger) throw new Error('edge33 delivers');
  const props: SiteDeliveryProps = {
    namespace: 'edge33',
    kubeconfigSecretName: 'tkg-edge33-wld01-kubeconfig',
    source: { registryHost: 'harbor.edge33.tanzu.lab', project: 'edge-platform', argocd: site.ring.argocd, flagger: site.ring.flagger },
    caCertificate: fleet.certificateAuthority,
    registryCredentials: { username: 'robot', password: '${var.x}' },
    metricsServer: 'http://prometheus-server.tanzu-system-monitoring.svc.cluster.local:80',
    site: 'edge33',
    ring: 'canary',
    scrapeIntervalSeconds: 60,
    applications: site.delivery.applications,
  };
  const kubeSystem: SiteApplication = { ...site.delivery.applications[0], application: { ...site.delivery.applications[0].application, namespace: 'kube-system' } };

  test.each<[string, Partial<SiteDeliveryProps>, string]>([
    ['a platform namespace', { applications: [kubeSystem] }, "applications[0].application.namespace: 'kube-system' is a platform namespace; allowed: a namespace of the application's own"],
    ['an application twice', { applications: [site.delivery.applications[0], site.delivery.applications[0]] }, "applications: 'storefront' appears twice; allowed: each application once"],
    ['a CA that is not PEM', { caCertificate: 'fleet-ca' }, 'caCertificate: not a PEM certificate; allowed: the PEM CA certificate of the site Harbor'],
    ['a metrics server that is not a URL', { metricsServer: 'prometheus' }, "metricsServer: 'prometheus' is not allowed; allowed: an http(s):// URL of the site Prometheus"],
  ])('%s', (_title, change, message) => {
    expect(() => new SiteDelivery(testStack(), 'delivery', { ...props, ...change })).toThrow(message);
  });

  test('valid props synthesize in a plain stack', () => {
    const stack = testStack();
    new SiteDelivery(stack, 'delivery', props);
    expect(Testing.synth(stack)).toContain('kind: Canary');
  });
});
