/**
 * Data values of the Tanzu prometheus package (`prometheus.tanzu.vmware.com`) for an edge
 * site: local retention sized for a day or more offline, the site's external labels,
 * remote write to the hub that queues through outages, TLS verification on, the site
 * alert rules (alerts.ts), and Alertmanager.
 *
 * Sources of the keys (TKG package versions targeted: 2.37.0+vmware.1-tkg.1 and later
 * 2.x of TKG 2.x; the key layout was read from these and is UNCONFIRMED for any
 * other version):
 * - `namespace`, `prometheus.deployment.containers.args` (replaces the container args),
 *   `prometheus.pvc.{storageClassName,storage}`, `prometheus.config.{prometheus_yml,
 *   alerting_rules_yml}` (the overlay writes them verbatim to the ConfigMap
 *   `prometheus-server` as `prometheus.yml` / `alerting_rules.yml`, mounted at
 *   `/etc/config`), `alertmanager.config.alertmanager_yml`: vmware-tanzu/community-edition
 *   `addons/packages/prometheus/2.37.0/bundle/config/values.yaml` and
 *   `.../overlays/overlay-prometheus.yaml` (commit dc92229), and the TKG package's own
 *   values as pulled with imgpkg in pichuang/tanzu-packages-toolbox
 *   `prometheus/prometheus-data-values.yaml` (namespace `tanzu-system-monitoring`,
 *   service names `prometheus-kube-state-metrics`, `prometheus-node-exporter`,
 *   `alertmanager`, port 80). The key names match the VMware TKG 2.1 reference
 *   architecture (`prometheus.tanzu.vmware.com` 2.37.0+vmware.1-tkg.1,
 *   `ingress.virtual_host_fqdn`, ...).
 * - Deployment / container names `prometheus-server` (used by the CA extension):
 *   `.../2.37.0/bundle/config/upstream/prometheus/deployment.yaml`.
 * - prometheus.yml fields (`global.external_labels`, `remote_write[].queue_config.*`,
 *   `tls_config.ca_file`, `basic_auth`): Prometheus configuration reference; the
 *   `queue_config` keys capacity, max_shards, min_shards, max_samples_per_send,
 *   batch_send_deadline, min_backoff, max_backoff as in its remote_write section.
 *   `tls_config.ca` (inline PEM) is not used: it needs Prometheus >= 2.41-ish
 *   (prometheus/common inline certificates), newer than 2.37, so the CA is a file.
 *
 * How the site keeps its metrics through a WAN outage (store and forward), and the limits:
 * 1. Store: every sample is written to the write-ahead log and the local TSDB on the PVC
 *    (`/data`). Local Grafana, the rules in alerts.ts and Alertmanager keep working on
 *    it; `--storage.tsdb.retention.time` / `.size` decide how long: at least 24h here, 72h
 *    by default, whichever limit is hit first.
 * 2. Queue: remote write does not read from the TSDB but tails the WAL. While the hub is
 *    unreachable each shard holds up to `capacity` samples in memory and retries with
 *    exponential backoff (`min_backoff` doubling up to `max_backoff`) for as long as the
 *    error is recoverable (connection errors, 5xx, 429); when the shards are full it stops
 *    reading the WAL, so the WAL position is the real queue. Memory is bounded by
 *    `max_shards * (capacity + max_samples_per_send)` samples.
 * 3. Forward: when the link returns, remote write resumes from its WAL position and
 *    sends the backlog with up to `max_shards` concurrent requests of
 *    `max_samples_per_send` samples.
 * Limits: Prometheus truncates the WAL at every head compaction (about every two
 *    hours) whether or not remote write has sent it, so an outage longer than about 2h
 *    leaves a gap at the hub for the older part (it is still in the local TSDB for the
 *    retention period; `EdgeRemoteWriteDataLossImminent` fires first). A restart of
 *    Prometheus during an outage keeps the queue (the WAL is on the PVC). The hub must
 *    accept samples that old: kube-prometheus-stack `tsdb.outOfOrderTimeWindow`
 *    (hub-monitoring.ts, 3h by default); a non-recoverable 4xx (e.g. out of bounds) drops
 *    the samples (`EdgeRemoteWriteFailing`).
 */
import { ADDON_NAMESPACES, HubEndpoint, PlainObject, PlainValue, SiteIdentity, YttExtension } from './types';
import {
  checkDnsLabel,
  checkHttpsUrl,
  checkIdentity,
  checkKnownKeys,
  checkPem,
  checkPositiveInt,
  checkPromDuration,
  checkQuantity,
  checkSecret,
  promDurationSeconds,
  promSizeBytes,
  quantityBytes,
  reject,
  toYaml,
} from './types';
import { AlertThresholds, SCRAPE_JOBS, WatchedApplication, WatchedBackupSchedule, edgeAlertRules, renderRules, resolveAlertThresholds } from './alerts';

/** How often the site Prometheus scrapes when not told otherwise (`scrapeInterval`). */
export const DEFAULT_SCRAPE_INTERVAL = '1m';

/** Where the hub CA is mounted in the prometheus-server container (prometheusExtensions). */
export const PROMETHEUS_HUB_CA_PATH = '/etc/prometheus/hub-ca/ca.crt';
/** Secret in the workload cluster holding the hub CA for Prometheus. */
export const PROMETHEUS_HUB_CA_SECRET = 'prometheus-hub-ca';

/** The hub endpoint remote write sends to. */
export interface RemoteWriteHub extends HubEndpoint {
  /**
   * Basic auth presented to the hub (enforced by the hub's ingress: the Prometheus
   * remote-write receiver has no authentication of its own). Opaque strings, usually
   * Terraform references. @default none
   */
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/** Remote write queue (prometheus.yml `remote_write[].queue_config`). */
export interface RemoteWriteQueue {
  /** Samples buffered per shard before reading the WAL pauses. @default 10000 */
  readonly capacity?: number;
  /** Maximum concurrent senders. @default 10 */
  readonly maxShards?: number;
  /** Minimum concurrent senders. @default 1 */
  readonly minShards?: number;
  /** Samples per request. @default 2000 */
  readonly maxSamplesPerSend?: number;
  /** Longest wait for a batch to fill. @default "5s" */
  readonly batchSendDeadline?: string;
  /** First retry delay. @default "1s" */
  readonly minBackoff?: string;
  /** Retry delay cap: how long after the WAN returns the first retry can take. @default "1m" */
  readonly maxBackoff?: string;
}

export interface PrometheusValuesOptions {
  /** Site, ring and cluster: the external labels of every series and alert. */
  readonly identity: SiteIdentity;
  /** Remote write target, e.g. `https://prometheus.hub.example.com/api/v1/write`. */
  readonly hub: RemoteWriteHub;
  /** Local retention. */
  readonly retention?: {
    /** `--storage.tsdb.retention.time`, at least 24h. @default "72h" */
    readonly time?: string;
    /** `--storage.tsdb.retention.size` (base 2), at most 85% of storage.size. @default "40GB" */
    readonly size?: string;
  };
  /** The PersistentVolumeClaim `prometheus-server`. */
  readonly storage?: {
    /** @default "50Gi" */
    readonly size?: string;
    /** Storage class; unset: the cluster default (the vSAN policy class of TKG). @default none */
    readonly storageClassName?: string;
  };
  /** @default RemoteWriteQueue defaults */
  readonly queue?: RemoteWriteQueue;
  /** Scrape and rule evaluation interval. @default "1m" */
  readonly scrapeInterval?: string;
  /** Alert thresholds of the site rules (alerts.ts). @default ALERT_THRESHOLD_DEFAULTS */
  readonly alertThresholds?: AlertThresholds;
  /**
   * Alertmanager webhook receiver URL (opaque, may be a Terraform reference holding a
   * token). Unset: alerts stay in the local Alertmanager UI. @default none
   */
  readonly alertmanagerWebhookUrl?: string;
  /** @default "tanzu-system-monitoring" */
  readonly namespace?: string;
  /** Namespace of Contour/Envoy, scraped for the golden signals. @default "tanzu-system-ingress" */
  readonly ingressNamespace?: string;
  /** Namespace of Fluent Bit, scraped for the log forwarding health. @default "tanzu-system-logging" */
  readonly loggingNamespace?: string;
  /**
   * Velero at the site: its pods (port `http-monitoring`, 8085) are scraped as job
   * `velero`, and each schedule gets the staleness rule (alerts.ts). @default none
   */
  readonly backups?: { readonly namespace: string; readonly schedules: readonly WatchedBackupSchedule[] };
  /**
   * Application delivery at the site: Flagger's pods (port `http`, 8080) are scraped as
   * job `flagger`, Argo CD's (ports `metrics`) as job `argocd`; each application gets a
   * version record, and a failed canary an alert (alerts.ts). @default none
   */
  readonly delivery?: { readonly argocdNamespace: string; readonly flaggerNamespace: string; readonly applications: readonly WatchedApplication[] };
}

interface Resolved {
  readonly identity: SiteIdentity;
  readonly url: string;
  readonly caCertificate?: string;
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly retentionTime: string;
  readonly retentionSize: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly queue: Required<RemoteWriteQueue>;
  readonly scrapeInterval: string;
  readonly alertThresholds?: AlertThresholds;
  readonly webhookUrl?: string;
  readonly namespace: string;
  readonly ingressNamespace: string;
  readonly loggingNamespace: string;
  readonly backups?: { readonly namespace: string; readonly schedules: readonly WatchedBackupSchedule[] };
  readonly delivery?: { readonly argocdNamespace: string; readonly flaggerNamespace: string; readonly applications: readonly WatchedApplication[] };
}

const FN = 'prometheusValues';

function resolve(fn: string, options: PrometheusValuesOptions): Resolved {
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with identity and hub');
  checkKnownKeys(fn, '', options, [
    'identity', 'hub', 'retention', 'storage', 'queue', 'scrapeInterval', 'alertThresholds', 'alertmanagerWebhookUrl', 'namespace', 'ingressNamespace', 'loggingNamespace', 'backups', 'delivery',
  ]);
  const identity = checkIdentity(fn, options.identity);
  if (options.hub === undefined || options.hub === null || typeof options.hub !== 'object') reject(fn, 'hub', options.hub, 'a mapping with url and optional caCertificate, basicAuth');
  checkKnownKeys(fn, 'hub', options.hub, ['url', 'caCertificate', 'basicAuth']);
  const url = checkHttpsUrl(fn, 'hub.url', options.hub.url).toString();
  const caCertificate = options.hub.caCertificate === undefined ? undefined : checkPem(fn, 'hub.caCertificate', options.hub.caCertificate);
  let basicAuth: Resolved['basicAuth'];
  if (options.hub.basicAuth !== undefined) {
    checkKnownKeys(fn, 'hub.basicAuth', options.hub.basicAuth, ['username', 'password']);
    basicAuth = {
      username: checkSecret(fn, 'hub.basicAuth.username', options.hub.basicAuth.username),
      password: checkSecret(fn, 'hub.basicAuth.password', options.hub.basicAuth.password),
    };
  }

  checkKnownKeys(fn, 'retention', options.retention, ['time', 'size']);
  const retentionTime = checkPromDuration(fn, 'retention.time', options.retention?.time ?? '72h', 86400);
  const retentionSize = options.retention?.size ?? '40GB';
  if (promSizeBytes(retentionSize) === undefined) reject(fn, 'retention.size', retentionSize, 'a Prometheus size in B, KB, MB, GB or TB such as 40GB');
  checkKnownKeys(fn, 'storage', options.storage, ['size', 'storageClassName']);
  const storageSize = checkQuantity(fn, 'storage.size', options.storage?.size ?? '50Gi');
  const maxRetentionBytes = Math.floor((quantityBytes(storageSize) ?? 0) * 0.85);
  if ((promSizeBytes(retentionSize) ?? 0) > maxRetentionBytes) {
    reject(fn, 'retention.size', retentionSize, `at most 85% of storage.size ${storageSize} (${Math.floor(maxRetentionBytes / 2 ** 30)}GB), leaving room for the WAL and compaction`);
  }
  const storageClassName = options.storage?.storageClassName === undefined ? undefined : checkDnsLabel(fn, 'storage.storageClassName', options.storage.storageClassName);

  checkKnownKeys(fn, 'queue', options.queue, ['capacity', 'maxShards', 'minShards', 'maxSamplesPerSend', 'batchSendDeadline', 'minBackoff', 'maxBackoff']);
  const q = options.queue ?? {};
  const queue: Required<RemoteWriteQueue> = {
    capacity: checkPositiveInt(fn, 'queue.capacity', q.capacity ?? 10000, 1_000_000),
    maxShards: checkPositiveInt(fn, 'queue.maxShards', q.maxShards ?? 10, 1000),
    minShards: checkPositiveInt(fn, 'queue.minShards', q.minShards ?? 1, 1000),
    maxSamplesPerSend: checkPositiveInt(fn, 'queue.maxSamplesPerSend', q.maxSamplesPerSend ?? 2000, 100_000),
    batchSendDeadline: checkPromDuration(fn, 'queue.batchSendDeadline', q.batchSendDeadline ?? '5s'),
    minBackoff: checkPromDuration(fn, 'queue.minBackoff', q.minBackoff ?? '1s'),
    maxBackoff: checkPromDuration(fn, 'queue.maxBackoff', q.maxBackoff ?? '1m'),
  };
  if (queue.minShards > queue.maxShards) reject(fn, 'queue.minShards', queue.minShards, `at most queue.maxShards (${queue.maxShards})`);
  if (queue.capacity < queue.maxSamplesPerSend) reject(fn, 'queue.capacity', queue.capacity, `at least queue.maxSamplesPerSend (${queue.maxSamplesPerSend}), so a shard can fill a request`);
  if ((promDurationSeconds(queue.minBackoff) ?? 0) > (promDurationSeconds(queue.maxBackoff) ?? 0)) {
    reject(fn, 'queue.minBackoff', queue.minBackoff, `at most queue.maxBackoff (${queue.maxBackoff})`);
  }
  if ((promDurationSeconds(queue.maxBackoff) ?? 0) > 600) reject(fn, 'queue.maxBackoff', queue.maxBackoff, 'at most 10m, so delivery resumes soon after the WAN returns');

  const scrapeInterval = checkPromDuration(fn, 'scrapeInterval', options.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL);
  if ((promDurationSeconds(scrapeInterval) ?? 0) < 10 || (promDurationSeconds(scrapeInterval) ?? 0) > 120) {
    reject(fn, 'scrapeInterval', scrapeInterval, 'a duration from 10s to 2m (the rules use 5m rate windows)');
  }
  const webhookUrl = options.alertmanagerWebhookUrl === undefined ? undefined : checkSecret(fn, 'alertmanagerWebhookUrl', options.alertmanagerWebhookUrl);
  return {
    identity,
    url,
    caCertificate,
    basicAuth,
    retentionTime,
    retentionSize,
    storageSize,
    storageClassName,
    queue,
    scrapeInterval,
    alertThresholds: options.alertThresholds === undefined ? undefined : resolveAlertThresholds(fn, options.alertThresholds, 'alertThresholds'),
    webhookUrl,
    namespace: checkDnsLabel(fn, 'namespace', options.namespace ?? ADDON_NAMESPACES.monitoring),
    ingressNamespace: checkDnsLabel(fn, 'ingressNamespace', options.ingressNamespace ?? ADDON_NAMESPACES.ingress),
    loggingNamespace: checkDnsLabel(fn, 'loggingNamespace', options.loggingNamespace ?? ADDON_NAMESPACES.logging),
    ...(options.backups ? { backups: { namespace: checkDnsLabel(fn, 'backups.namespace', options.backups.namespace), schedules: options.backups.schedules } } : {}),
    ...(options.delivery
      ? {
          delivery: {
            argocdNamespace: checkDnsLabel(fn, 'delivery.argocdNamespace', options.delivery.argocdNamespace),
            flaggerNamespace: checkDnsLabel(fn, 'delivery.flaggerNamespace', options.delivery.flaggerNamespace),
            applications: options.delivery.applications,
          },
        }
      : {}),
  };
}

/** The prometheus.yml object (before YAML encoding). */
function prometheusConfig(r: Resolved): PlainObject {
  const ns = r.namespace;
  const tlsConfig: Record<string, string | boolean> = r.caCertificate === undefined ? { insecure_skip_verify: false } : { ca_file: PROMETHEUS_HUB_CA_PATH, insecure_skip_verify: false };
  const remoteWrite: Record<string, PlainValue> = {
    url: r.url,
    name: 'hub',
    remote_timeout: '30s',
    tls_config: tlsConfig,
  };
  if (r.basicAuth) remoteWrite.basic_auth = { username: r.basicAuth.username, password: r.basicAuth.password };
  remoteWrite.queue_config = {
    capacity: r.queue.capacity,
    max_shards: r.queue.maxShards,
    min_shards: r.queue.minShards,
    max_samples_per_send: r.queue.maxSamplesPerSend,
    batch_send_deadline: r.queue.batchSendDeadline,
    min_backoff: r.queue.minBackoff,
    max_backoff: r.queue.maxBackoff,
  };
  const inCluster = { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', insecure_skip_verify: false };
  const nodeLabel = (source: string): PlainObject => ({ source_labels: [source], target_label: 'node' });
  return {
    global: {
      scrape_interval: r.scrapeInterval,
      scrape_timeout: '10s',
      evaluation_interval: r.scrapeInterval,
      external_labels: { site: r.identity.site, ring: r.identity.ring, cluster: r.identity.cluster },
    },
    rule_files: ['/etc/config/alerting_rules.yml', '/etc/config/recording_rules.yml', '/etc/config/alerts', '/etc/config/rules'],
    scrape_configs: [
      { job_name: SCRAPE_JOBS.prometheus, static_configs: [{ targets: ['localhost:9090'] }] },
      { job_name: 'kube-state-metrics', static_configs: [{ targets: [`prometheus-kube-state-metrics.${ns}.svc.cluster.local:8080`] }] },
      {
        // One target per node (the package's default scrapes the Service, one random node per scrape).
        job_name: SCRAPE_JOBS.nodeExporter,
        kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: [ns] } }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_service_name'], action: 'keep', regex: 'prometheus-node-exporter' },
          nodeLabel('__meta_kubernetes_endpoint_node_name'),
        ],
      },
      {
        // Envoy's stats listener (Contour): port named `metrics` (8002), /stats/prometheus.
        job_name: SCRAPE_JOBS.envoy,
        metrics_path: '/stats/prometheus',
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [r.ingressNamespace] } }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_label_app', '__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: 'envoy;metrics' },
          nodeLabel('__meta_kubernetes_pod_node_name'),
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        ],
      },
      {
        // Fluent Bit's HTTP server (port `http`, 2020), v1 Prometheus metrics.
        job_name: SCRAPE_JOBS.fluentBit,
        metrics_path: '/api/v1/metrics/prometheus',
        kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [r.loggingNamespace] } }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_label_app', '__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: 'fluent-bit;http' },
          nodeLabel('__meta_kubernetes_pod_node_name'),
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
        ],
      },
      ...(r.backups
        ? [
            {
              // Velero's server and node agents: container port `http-monitoring` (8085), /metrics.
              job_name: SCRAPE_JOBS.velero,
              kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [r.backups.namespace] } }],
              relabel_configs: [
                { source_labels: ['__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: 'http-monitoring' },
                nodeLabel('__meta_kubernetes_pod_node_name'),
                { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
              ],
            },
          ]
        : []),
      ...(r.delivery
        ? [
            {
              // Flagger: container port `http` (8080), /metrics (flagger_canary_status, flagger_canary_weight).
              job_name: SCRAPE_JOBS.flagger,
              kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [r.delivery.flaggerNamespace] } }],
              relabel_configs: [
                { source_labels: ['__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: 'http' },
                { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
              ],
            },
            {
              // Argo CD's controller, server and repo server: container ports named `metrics` (argocd_app_info ...).
              job_name: SCRAPE_JOBS.argocd,
              kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [r.delivery.argocdNamespace] } }],
              relabel_configs: [
                { source_labels: ['__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: 'metrics' },
                { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
              ],
            },
          ]
        : []),
      {
        // The package's annotation-driven job, minus Envoy and Fluent Bit (scraped above, never twice).
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' },
          { source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_label_app'], action: 'drop', regex: `${r.ingressNamespace};envoy|${r.loggingNamespace};fluent-bit` },
          ...(r.backups ? [{ source_labels: ['__meta_kubernetes_namespace'], action: 'drop', regex: r.backups.namespace }] : []),
          ...(r.delivery ? [{ source_labels: ['__meta_kubernetes_namespace'], action: 'drop', regex: `${r.delivery.flaggerNamespace}|${r.delivery.argocdNamespace}` }] : []),
          { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], action: 'replace', target_label: '__metrics_path__', regex: '(.+)' },
          { source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'], action: 'replace', regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', target_label: '__address__' },
          { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
          { source_labels: ['__meta_kubernetes_namespace'], action: 'replace', target_label: 'kubernetes_namespace' },
          { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'kubernetes_pod_name' },
        ],
      },
      {
        job_name: 'kubernetes-nodes-cadvisor',
        scheme: 'https',
        tls_config: { ...inCluster, server_name: 'kubernetes.default.svc' },
        bearer_token_file: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        kubernetes_sd_configs: [{ role: 'node' }],
        relabel_configs: [
          { action: 'labelmap', regex: '__meta_kubernetes_node_label_(.+)' },
          { replacement: 'kubernetes.default.svc:443', target_label: '__address__' },
          { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', replacement: '/api/v1/nodes/$1/proxy/metrics/cadvisor', target_label: '__metrics_path__' },
        ],
      },
      {
        job_name: 'kubernetes-apiservers',
        scheme: 'https',
        tls_config: { ...inCluster, server_name: 'kubernetes.default.svc' },
        bearer_token_file: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        kubernetes_sd_configs: [{ role: 'endpoints' }],
        relabel_configs: [
          {
            source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'],
            action: 'keep',
            regex: 'default;kubernetes;https',
          },
        ],
      },
    ],
    alerting: { alertmanagers: [{ scheme: 'http', static_configs: [{ targets: [`alertmanager.${ns}.svc:80`] }] }] },
    remote_write: [remoteWrite],
  };
}

function alertmanagerConfig(r: Resolved): PlainObject {
  const receiver: Record<string, PlainValue> = { name: 'default-receiver' };
  if (r.webhookUrl !== undefined) receiver.webhook_configs = [{ url: r.webhookUrl, send_resolved: true }];
  return {
    route: {
      receiver: 'default-receiver',
      group_by: ['alertname', 'site'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '3h',
    },
    receivers: [receiver],
  };
}

/** Container args of prometheus-server: the package's own list with the retention limits. */
function args(r: Resolved): string[] {
  return [
    `--storage.tsdb.retention.time=${r.retentionTime}`,
    `--storage.tsdb.retention.size=${r.retentionSize}`,
    '--config.file=/etc/config/prometheus.yml',
    '--storage.tsdb.path=/data',
    '--web.console.libraries=/etc/prometheus/console_libraries',
    '--web.console.templates=/etc/prometheus/consoles',
    '--web.enable-lifecycle',
  ];
}

/**
 * Data values of `prometheus.tanzu.vmware.com` for one site. With `hub.caCertificate`,
 * the PackageInstall MUST also carry `prometheusExtensions(sameOptions)`: Prometheus
 * refuses a configuration whose `ca_file` does not exist.
 */
export function prometheusValues(options: PrometheusValuesOptions): PlainObject {
  const r = resolve(FN, options);
  const rules = edgeAlertRules({
    identity: r.identity,
    thresholds: r.alertThresholds,
    ...(r.backups ? { backupSchedules: r.backups.schedules } : {}),
    ...(r.delivery ? { applications: r.delivery.applications } : {}),
  });
  const pvc: Record<string, string> = {};
  if (r.storageClassName !== undefined) pvc.storageClassName = r.storageClassName;
  pvc.storage = r.storageSize;
  return {
    namespace: r.namespace,
    prometheus: {
      deployment: { containers: { args: args(r) } },
      pvc,
      config: {
        prometheus_yml: toYaml(prometheusConfig(r)),
        alerting_rules_yml: renderRules(rules),
      },
    },
    alertmanager: { config: { alertmanager_yml: toYaml(alertmanagerConfig(r)) } },
  };
}

/** The prometheus.yml the values carry, parsed back by callers and tests: the object form. */
export function prometheusConfigObject(options: PrometheusValuesOptions): PlainObject {
  return prometheusConfig(resolve('prometheusConfigObject', options));
}

/**
 * ytt files that mount the hub CA into prometheus-server at PROMETHEUS_HUB_CA_PATH: a
 * Secret `prometheus-hub-ca` in the monitoring namespace and an overlay adding the
 * volume. Empty when `hub.caCertificate` is unset (the system trust store verifies).
 */
export function prometheusExtensions(options: PrometheusValuesOptions): YttExtension[] {
  const r = resolve('prometheusExtensions', options);
  if (r.caCertificate === undefined) return [];
  return [
    {
      secretName: 'prometheus-hub-ca-ytt',
      files: {
        'hub-ca-secret.yaml': toYaml({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: PROMETHEUS_HUB_CA_SECRET, namespace: r.namespace },
          type: 'Opaque',
          stringData: { 'ca.crt': r.caCertificate },
        }),
        'hub-ca-overlay.yaml': caOverlay('Deployment', 'prometheus-server', 'prometheus-server', PROMETHEUS_HUB_CA_SECRET, '/etc/prometheus/hub-ca'),
      },
    },
  ];
}

/** A ytt overlay mounting a Secret read-only into one container of a workload. */
export function caOverlay(kind: string, workload: string, container: string, secretName: string, mountPath: string): string {
  return [
    '#@ load("@ytt:overlay", "overlay")',
    `#@overlay/match by=overlay.subset({"kind": "${kind}", "metadata": {"name": "${workload}"}}), expects=1`,
    '---',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      #@overlay/match by="name"',
    `      - name: ${container}`,
    '        #@overlay/match missing_ok=True',
    '        volumeMounts:',
    '        #@overlay/append',
    '        - name: hub-ca',
    `          mountPath: ${mountPath}`,
    '          readOnly: true',
    '      #@overlay/match missing_ok=True',
    '      volumes:',
    '      #@overlay/append',
    '      - name: hub-ca',
    '        secret:',
    `          secretName: ${secretName}`,
    '',
  ].join('\n');
}
