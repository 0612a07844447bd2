/**
 * Data values of the Tanzu grafana package (`grafana.tanzu.vmware.com`) for an edge site,
 * and the golden-signals dashboards (per site here, per fleet in hub-monitoring.ts).
 *
 * Sources of the keys (TKG package versions targeted: 7.5.16+vmware.1-tkg.x and
 * 7.5.17; UNCONFIRMED for others):
 * - `namespace`, `grafana.service.type`, `grafana.config.datasource_yaml`,
 *   `grafana.pvc.{storageClassName,storage}`, `grafana.secret.admin_password`,
 *   `ingress.{enabled,virtual_host_fqdn,prefix,servicePort,tlsCertificate.{tls.crt,tls.key,ca.crt}}`:
 *   vmware-tanzu/community-edition `addons/packages/grafana/7.5.17/bundle/config/values.yaml`
 *   and the TKG package's values pulled with imgpkg in pichuang/tanzu-packages-toolbox
 *   `grafana/grafana-data-values.yaml.org` (grafana.tanzu.vmware.com 7.5.7+vmware.1-tkg.1;
 *   same layout). The VMware TKG 2.1 reference architecture (7.5.16+vmware.1-tkg.1) says
 *   `secret.admin_password` is "Your password in Base64 encoded format"; the package
 *   overlay writes it to `data.admin-password` of the Secret `grafana`
 *   (`.../7.5.7/bundle/config/overlays/overlay-grafana-secret.yaml`), hence base64.
 * - Ingress: the package renders a Contour `HTTPProxy` for `virtual_host_fqdn` with TLS
 *   secret `grafana-tls`, issued by cert-manager when `tlsCertificate` is empty
 *   (`.../7.5.7/bundle/config/overlays/overlay-grafana-httpproxy.yaml`, values comment).
 * - Dashboards: the values have no dashboards key; the package's k8s-sidecar container
 *   `grafana-sc-dashboard` loads ConfigMaps (and Secrets, RESOURCE=both) labelled
 *   `grafana-dashboard` from Grafana's namespace into `/tmp/dashboards`, which the
 *   package's `sidecarDashboardProvider` serves (`.../7.5.17/bundle/config/upstream/grafana/deployment.yaml`,
 *   `dashboard-default-configmap.yaml` uses `grafana-dashboard: "1"`). So the site
 *   dashboard ships as a ConfigMap through a ytt extension (grafanaExtensions).
 * - Prometheus service `prometheus-server` port 80 in `tanzu-system-monitoring`: the TKG
 *   prometheus values (prometheus.ts).
 * - Dashboard JSON: Grafana dashboard model (schemaVersion 27, Grafana 7.5), panels of
 *   type `timeseries` (Grafana >= 7.4) and `stat`, a `datasource` variable so the same
 *   JSON works in the package's Grafana 7.5 and the hub's current Grafana.
 */
import { APPLICATION_VERSION_METRIC, BACKUP_STALE_AFTER_METRIC, CANARY_STATUS_METRIC, FLUENT_BIT_HUB_OUTPUT_ALIAS, SCRAPE_JOBS } from './alerts';
import {
  ADDON_NAMESPACES,
  PlainObject,
  PlainValue,
  YttExtension,
  checkDnsLabel,
  checkDnsName,
  checkKnownKeys,
  checkPem,
  checkQuantity,
  checkSecret,
  isTerraformToken,
  reject,
  toYaml,
} from './types';

/** Label the package's dashboard sidecar watches. */
export const GRAFANA_DASHBOARD_LABEL = 'grafana-dashboard';

export type DashboardScope = 'site' | 'fleet';

/** Metrics the application panels read besides the alert rules' (the sites' version record). */
export const DELIVERY_DASHBOARD_METRICS: readonly string[] = Object.freeze([APPLICATION_VERSION_METRIC]);

/** Velero metrics the backup panels read besides the alert rules' (velero/pkg/metrics). */
export const BACKUP_DASHBOARD_METRICS: readonly string[] = Object.freeze(['velero_backup_failure_total', 'velero_backup_partial_failure_total']);

interface Target {
  readonly expr: string;
  readonly legend: string;
}

function timeseries(id: number, title: string, x: number, y: number, unit: string, targets: readonly Target[], description: string): PlainObject {
  return {
    id,
    type: 'timeseries',
    title,
    description,
    datasource: '$datasource',
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), expr: t.expr, legendFormat: t.legend, interval: '' })),
  };
}

function stat(id: number, title: string, x: number, y: number, w: number, expr: string, description: string): PlainObject {
  return {
    id,
    type: 'stat',
    title,
    description,
    datasource: '$datasource',
    gridPos: { h: 4, w, x, y },
    fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none' },
    targets: [{ refId: 'A', expr, legendFormat: '', interval: '' }],
  };
}

/** A table of an instant query, one row per series (labels as columns). */
function table(id: number, title: string, x: number, y: number, expr: string, description: string, mappings: readonly PlainObject[] = []): PlainObject {
  return {
    id,
    type: 'table',
    title,
    description,
    datasource: '$datasource',
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit: 'none', mappings: [...mappings] }, overrides: [] },
    options: { showHeader: true },
    targets: [{ refId: 'A', expr, legendFormat: '', interval: '', instant: true, format: 'table' }],
    transformations: [{ id: 'organize', options: { excludeByName: { Time: true } } }],
  };
}

/** Flagger's canary status values as text (grafana 7.5 value mappings). */
const CANARY_STATUS_MAPPINGS: readonly PlainObject[] = [
  { id: 0, type: 1, value: '0', text: 'in progress' },
  { id: 1, type: 1, value: '1', text: 'succeeded' },
  { id: 2, type: 1, value: '2', text: 'failed (rolled back)' },
];

function queryVariable(name: string, label: string, query: string): PlainObject {
  return {
    name,
    label,
    type: 'query',
    datasource: '$datasource',
    query,
    definition: query,
    refresh: 2,
    multi: true,
    includeAll: true,
    allValue: '.*',
    sort: 1,
    hide: 0,
    regex: '',
    current: {},
    options: [],
  };
}

/**
 * The golden-signals dashboard: latency, traffic and errors per service behind Contour
 * (`envoy_cluster_name`, i.e. namespace and service), saturation per node, and the
 * store-and-forward path. `fleet` adds the `site` variable (`label_values(up, site)`,
 * every site that remote-writes to the hub) and splits every panel by site.
 */
export function goldenSignalsDashboard(scope: DashboardScope): PlainObject {
  if (scope !== 'site' && scope !== 'fleet') reject('goldenSignalsDashboard', 'scope', scope, "'site' or 'fleet'");
  const fleet = scope === 'fleet';
  const siteSel = fleet ? ',site=~"$site"' : '';
  const by = (labels: string): string => (fleet ? `site, ${labels}` : labels);
  const legend = (label: string): string => (fleet ? `{{site}} {{${label}}}` : `{{${label}}}`);
  const envoy = `job="${SCRAPE_JOBS.envoy}"${siteSel},envoy_cluster_name=~"$service"`;
  const node = `job="${SCRAPE_JOBS.nodeExporter}"${siteSel}`;
  const prom = `job="${SCRAPE_JOBS.prometheus}"${siteSel}`;
  const fb = `job="${SCRAPE_JOBS.fluentBit}"${siteSel}`;
  const fs = `${node},fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs"`;
  const top = fleet ? 4 : 0;

  const panels: PlainObject[] = [];
  if (fleet) {
    panels.push(
      stat(1, 'Sites reporting', 0, 0, 12, `count(group by (site) (up{job="${SCRAPE_JOBS.prometheus}",site=~"$site"}))`, 'Sites with a sample in the last 5 minutes.'),
      stat(2, 'Sites silent (last 7d seen, not now)', 12, 0, 12, `count(group by (site) (present_over_time(up{job="${SCRAPE_JOBS.prometheus}",site=~"$site"}[7d])) unless group by (site) (up{job="${SCRAPE_JOBS.prometheus}",site=~"$site"}))`, 'Sites whose metrics stopped arriving: WAN down or site monitoring down.'),
    );
  }
  panels.push(
    timeseries(3, 'Latency: p99 upstream request time', 0, top, 'ms', [
      { expr: `histogram_quantile(0.99, sum by (${by('envoy_cluster_name, le')}) (rate(envoy_cluster_upstream_rq_time_bucket{${envoy}}[5m])))`, legend: legend('envoy_cluster_name') },
    ], 'Envoy upstream request time per service (namespace_service_port).'),
    timeseries(4, 'Traffic: requests per second', 12, top, 'reqps', [
      { expr: `sum by (${by('envoy_cluster_name')}) (rate(envoy_cluster_upstream_rq_total{${envoy}}[5m]))`, legend: legend('envoy_cluster_name') },
    ], 'Requests through Contour per service.'),
    timeseries(5, 'Errors: 5xx ratio', 0, top + 8, 'percentunit', [
      {
        expr: `sum by (${by('envoy_cluster_name')}) (rate(envoy_cluster_upstream_rq_xx{${envoy},envoy_response_code_class="5"}[5m])) / sum by (${by('envoy_cluster_name')}) (rate(envoy_cluster_upstream_rq_total{${envoy}}[5m]))`,
        legend: legend('envoy_cluster_name'),
      },
    ], 'Share of requests answered with 5xx.'),
    timeseries(6, 'Saturation: node CPU busy', 12, top + 8, 'percentunit', [
      { expr: `1 - avg by (${by('node')}) (rate(node_cpu_seconds_total{${node},mode="idle"}[5m]))`, legend: legend('node') },
    ], 'CPU busy ratio per node.'),
    timeseries(7, 'Saturation: node memory used', 0, top + 16, 'percentunit', [
      { expr: `1 - (node_memory_MemAvailable_bytes{${node}} / node_memory_MemTotal_bytes{${node}})`, legend: legend('node') },
    ], 'Memory used ratio per node.'),
    timeseries(8, 'Saturation: fullest filesystem per node', 12, top + 16, 'percentunit', [
      { expr: `max by (${by('node')}) (1 - (node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}}))`, legend: legend('node') },
    ], 'Used ratio of the fullest filesystem per node (log buffers live under /var/log).'),
    timeseries(9, 'Store and forward: metrics remote write lag', 0, top + 24, 's', [
      {
        expr: `max by (${by('remote_name')}) (prometheus_remote_storage_highest_timestamp_in_seconds{${prom}} - on (${by('job, instance')}) group_right prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${prom}})`,
        legend: legend('remote_name'),
      },
    ], 'Seconds of metrics waiting in the WAL for the hub.'),
    timeseries(10, 'Store and forward: log records read vs. delivered', 12, top + 24, 'short', [
      { expr: `sum by (${by('node')}) (rate(fluentbit_input_records_total{${fb}}[5m]))`, legend: fleet ? '{{site}} {{node}} read' : '{{node}} read' },
      { expr: `sum by (${by('node')}) (rate(fluentbit_output_proc_records_total{${fb},name="${FLUENT_BIT_HUB_OUTPUT_ALIAS}"}[5m]))`, legend: fleet ? '{{site}} {{node}} delivered' : '{{node}} delivered' },
    ], 'Log records per second read by Fluent Bit and delivered to the hub; the gap is buffered on disk.'),
    timeseries(11, 'Backups: age of the newest successful backup', 0, top + 32, 's', [
      {
        expr: `time() - max by (${by('schedule')}) (max_over_time(velero_backup_last_successful_timestamp{job="${SCRAPE_JOBS.velero}"${siteSel}}[${fleet ? '30d' : '7d'}]))`,
        legend: legend('schedule'),
      },
    ], 'Seconds since the newest successful Velero backup per schedule; stale beyond twice the schedule interval (EdgeBackupStale, FleetSiteBackupStale). Backups need the WAN: the store is at the hub.'),
    timeseries(12, 'Backups: failed and partially failed per hour', 12, top + 32, 'short', [
      { expr: `sum by (${by('schedule')}) (increase(velero_backup_failure_total{job="${SCRAPE_JOBS.velero}"${siteSel}}[1h]))`, legend: fleet ? '{{site}} {{schedule}} failed' : '{{schedule}} failed' },
      { expr: `sum by (${by('schedule')}) (increase(velero_backup_partial_failure_total{job="${SCRAPE_JOBS.velero}"${siteSel}}[1h]))`, legend: fleet ? '{{site}} {{schedule}} partial' : '{{schedule}} partial' },
    ], 'Velero backups that failed (for example the hub store unreachable while the WAN is down) or finished with errors.'),
  );
  panels.push(
    table(
      15,
      'Applications: version per site',
      0,
      top + (fleet ? 44 : 40),
      `max by (${by('application, namespace, version, version_source')}) (last_over_time(${APPLICATION_VERSION_METRIC}${fleet ? '{site=~"$site"}' : ''}[1d]))`,
      'The version the catalog has each site run (ring version, or a pin in the site file: version_source), as the site reports it. Argo CD syncs it from the site Harbor once replication brought the chart there.',
    ),
    table(
      16,
      'Canaries: status per application',
      12,
      top + (fleet ? 44 : 40),
      `max by (${by('name, namespace')}) (last_over_time(${CANARY_STATUS_METRIC}{job="${SCRAPE_JOBS.flagger}"${siteSel}}[10m]))`,
      'Flagger\'s last canary result per application: in progress, succeeded, or failed (rolled back to the primary; alerts EdgeCanaryFailed and FleetSiteCanaryFailed).',
      CANARY_STATUS_MAPPINGS,
    ),
  );
  if (fleet) {
    panels.push(
      stat(13, 'Sites with a stale backup', 0, top + 40, 12, `count(group by (site) ((time() - max by (site, schedule) (max_over_time(velero_backup_last_successful_timestamp{job="${SCRAPE_JOBS.velero}",site=~"$site"}[30d]))) > on (site, schedule) max by (site, schedule) (last_over_time(${BACKUP_STALE_AFTER_METRIC}{site=~"$site"}[1d]))))`, 'Sites whose newest backup of some schedule is older than twice its interval.'),
      stat(14, 'Sites backing up', 12, top + 40, 12, `count(group by (site) (last_over_time(${BACKUP_STALE_AFTER_METRIC}{site=~"$site"}[1d])))`, 'Sites that report backup schedules.'),
    );
  }

  const variables: PlainObject[] = [
    { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, refresh: 1, regex: '', options: [] },
  ];
  if (fleet) variables.push(queryVariable('site', 'Site', 'label_values(up, site)'));
  variables.push(queryVariable('service', 'Service', `label_values(envoy_cluster_upstream_rq_total{job="${SCRAPE_JOBS.envoy}"${siteSel}}, envoy_cluster_name)`));

  return {
    uid: fleet ? 'fleet-golden-signals' : 'site-golden-signals',
    title: fleet ? 'Fleet: golden signals of every edge site' : 'Site: golden signals',
    tags: ['edge', 'golden-signals', fleet ? 'fleet' : 'site'],
    timezone: 'browser',
    editable: false,
    schemaVersion: 27,
    version: 1,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: variables },
    annotations: { list: [] },
    panels,
  };
}

/** Dashboard JSON text, stable (two-space indent, insertion order). */
export function dashboardJson(scope: DashboardScope): string {
  return JSON.stringify(goldenSignalsDashboard(scope), null, 2) + '\n';
}

export interface GrafanaValuesOptions {
  /**
   * Admin password, base64-encoded (the package writes it into the Secret's `data`):
   * an opaque Terraform reference such as `${base64encode(var.grafana_admin_password)}`,
   * or a literal base64 string.
   */
  readonly adminPasswordBase64: string;
  /**
   * Contour HTTPProxy in front of Grafana; `false` for none (the package's default is an
   * ingress on `grafana.system.tanzu`, so it is always set explicitly).
   * @default false
   */
  readonly ingress?:
    | false
    | {
        /** FQDN, e.g. `grafana.edge33.example.com` (resolves to the site's ingress VIP). */
        readonly host: string;
        /** Certificate for the host; unset: cert-manager issues one (self-signed). @default none */
        readonly tlsCertificate?: { readonly crt: string; readonly key: string; readonly ca?: string };
      };
  /** Grafana Service type; behind the ingress it needs no VIP of its own. @default "ClusterIP" */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** PVC of Grafana; unset: the package's default (2Gi, default class). @default none */
  readonly storage?: { readonly size?: string; readonly storageClassName?: string };
  /** @default "tanzu-system-dashboards" */
  readonly namespace?: string;
  /** Namespace of the site's Prometheus (the datasource). @default "tanzu-system-monitoring" */
  readonly prometheusNamespace?: string;
}

interface ResolvedGrafana {
  readonly adminPasswordBase64: string;
  readonly ingress: false | { readonly host: string; readonly tlsCertificate?: { readonly crt: string; readonly key: string; readonly ca?: string } };
  readonly serviceType: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly storage?: { readonly size: string; readonly storageClassName?: string };
  readonly namespace: string;
  readonly prometheusNamespace: string;
}

function resolveGrafana(fn: string, options: GrafanaValuesOptions): ResolvedGrafana {
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with adminPasswordBase64');
  checkKnownKeys(fn, '', options, ['adminPasswordBase64', 'ingress', 'serviceType', 'storage', 'namespace', 'prometheusNamespace']);
  const password = checkSecret(fn, 'adminPasswordBase64', options.adminPasswordBase64);
  if (!isTerraformToken(password) && !(/^[A-Za-z0-9+/]+={0,2}$/.test(password) && password.length % 4 === 0)) {
    reject(fn, 'adminPasswordBase64', '(redacted, not base64)', 'a base64 string or a Terraform reference such as ${base64encode(var.grafana_admin_password)}');
  }
  let ingress: ResolvedGrafana['ingress'] = false;
  if (options.ingress !== undefined && options.ingress !== false) {
    if (options.ingress === null || typeof options.ingress !== 'object') reject(fn, 'ingress', options.ingress, 'false or a mapping with host and optional tlsCertificate');
    checkKnownKeys(fn, 'ingress', options.ingress, ['host', 'tlsCertificate']);
    const host = checkDnsName(fn, 'ingress.host', options.ingress.host);
    const cert = options.ingress.tlsCertificate;
    if (cert !== undefined) {
      checkKnownKeys(fn, 'ingress.tlsCertificate', cert, ['crt', 'key', 'ca']);
      ingress = {
        host,
        tlsCertificate: {
          crt: checkPem(fn, 'ingress.tlsCertificate.crt', cert.crt),
          key: checkSecret(fn, 'ingress.tlsCertificate.key', cert.key),
          ...(cert.ca === undefined ? {} : { ca: checkPem(fn, 'ingress.tlsCertificate.ca', cert.ca) }),
        },
      };
    } else {
      ingress = { host };
    }
  }
  const serviceType = options.serviceType ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(serviceType)) reject(fn, 'serviceType', serviceType, 'ClusterIP, NodePort or LoadBalancer');
  let storage: ResolvedGrafana['storage'];
  if (options.storage !== undefined) {
    checkKnownKeys(fn, 'storage', options.storage, ['size', 'storageClassName']);
    storage = {
      size: checkQuantity(fn, 'storage.size', options.storage.size ?? '2Gi'),
      ...(options.storage.storageClassName === undefined ? {} : { storageClassName: checkDnsLabel(fn, 'storage.storageClassName', options.storage.storageClassName) }),
    };
  }
  return {
    adminPasswordBase64: password,
    ingress,
    serviceType,
    storage,
    namespace: checkDnsLabel(fn, 'namespace', options.namespace ?? ADDON_NAMESPACES.dashboards),
    prometheusNamespace: checkDnsLabel(fn, 'prometheusNamespace', options.prometheusNamespace ?? ADDON_NAMESPACES.monitoring),
  };
}

/** URL of the site Prometheus as Grafana reaches it (Service `prometheus-server`, port 80). */
export function prometheusServiceUrl(prometheusNamespace: string): string {
  return `http://prometheus-server.${prometheusNamespace}.svc.cluster.local:80`;
}

/** Data values of `grafana.tanzu.vmware.com` for one site. */
export function grafanaValues(options: GrafanaValuesOptions): PlainObject {
  const r = resolveGrafana('grafanaValues', options);
  const datasources = {
    apiVersion: 1,
    datasources: [{ name: 'Prometheus', type: 'prometheus', url: prometheusServiceUrl(r.prometheusNamespace), access: 'proxy', isDefault: true }],
  };
  const grafana: Record<string, PlainValue> = {
    service: { type: r.serviceType },
    config: { datasource_yaml: toYaml(datasources) },
  };
  if (r.storage !== undefined) {
    grafana.pvc = r.storage.storageClassName === undefined ? { storage: r.storage.size } : { storageClassName: r.storage.storageClassName, storage: r.storage.size };
  }
  grafana.secret = { admin_password: r.adminPasswordBase64 };
  let ingress: PlainObject = { enabled: false };
  if (r.ingress !== false) {
    const tls = r.ingress.tlsCertificate;
    ingress = {
      enabled: true,
      virtual_host_fqdn: r.ingress.host,
      prefix: '/',
      servicePort: 80,
      ...(tls === undefined ? {} : { tlsCertificate: { 'tls.crt': tls.crt, 'tls.key': tls.key, ...(tls.ca === undefined ? {} : { 'ca.crt': tls.ca }) } }),
    };
  }
  return { namespace: r.namespace, grafana, ingress };
}

/**
 * ytt files provisioning the site dashboard: a ConfigMap labelled for the package's
 * dashboard sidecar in Grafana's namespace. Attach to the grafana PackageInstall with
 * `ext.packaging.carvel.dev/ytt-paths-from-secret-name.N`.
 */
export function grafanaExtensions(options: GrafanaValuesOptions): YttExtension[] {
  const r = resolveGrafana('grafanaExtensions', options);
  return [
    {
      secretName: 'grafana-site-dashboards-ytt',
      files: {
        'site-dashboards.yaml': toYaml({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'grafana-dashboard-site-golden-signals', namespace: r.namespace, labels: { [GRAFANA_DASHBOARD_LABEL]: '1' } },
          data: { 'site-golden-signals.json': dashboardJson('site') },
        }),
      },
    },
  ];
}
