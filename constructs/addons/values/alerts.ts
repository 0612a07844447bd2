/**
 * Prometheus alerting rules of the fleet: the golden signals (latency, traffic, errors,
 * saturation) of every site, evaluated by the site's own Prometheus so they keep working
 * while the WAN is down, including the health of the store-and-forward path itself; and
 * the hub's rules over the remote-written data of all sites.
 *
 * Metrics the rules rely on, and where they come from:
 *
 * - Envoy (Contour's data plane; every app behind Contour has these):
 *   `envoy_cluster_upstream_rq_time_bucket` (histogram, milliseconds),
 *   `envoy_cluster_upstream_rq_total`, `envoy_cluster_upstream_rq_xx` with label
 *   `envoy_response_code_class`, all labelled `envoy_cluster_name`. Served by the static
 *   stats listener Contour configures on port 8002 at `/stats/prometheus`
 *   (projectcontour.io/docs/1.24/guides/prometheus). Names and labels as used in Envoy's
 *   and Gloo's published dashboards (code corpus: `envoy_cluster_upstream_rq_xx{...,
 *   envoy_response_code_class="5"}`, `sum by (envoy_cluster_name, le) (...
 *   envoy_cluster_upstream_rq_time_bucket ...)`). Contour names an upstream cluster's
 *   stats `<namespace>_<service>_<port>` (its `alt_stat_name`): UNCONFIRMED from Contour
 *   source here, so the rules group by the label only and never parse it.
 * - node-exporter (in the Tanzu prometheus package): `node_cpu_seconds_total`,
 *   `node_memory_MemAvailable_bytes`, `node_memory_MemTotal_bytes`,
 *   `node_filesystem_avail_bytes`, `node_filesystem_size_bytes`.
 * - Prometheus remote write: `prometheus_remote_storage_highest_timestamp_in_seconds`,
 *   `prometheus_remote_storage_queue_highest_sent_timestamp_seconds`,
 *   `prometheus_remote_storage_shards_desired`, `prometheus_remote_storage_shards_max`,
 *   `prometheus_remote_storage_failed_samples_total` (renamed
 *   `prometheus_remote_storage_samples_failed_total` in later 2.x; the rules take either).
 *   Expressions follow prometheus/prometheus `documentation/prometheus-mixin/alerts.libsonnet`
 *   (PrometheusRemoteWriteBehind, PrometheusRemoteWriteDesiredShards,
 *   PrometheusRemoteStorageFailures).
 * - Fluent Bit v1 metrics at `/api/v1/metrics/prometheus` (fluent/fluent-bit-docs
 *   `administration/monitoring.md`, "For v1 metrics"): `fluentbit_input_records_total`,
 *   `fluentbit_output_proc_records_total`, `fluentbit_output_dropped_records_total`,
 *   `fluentbit_output_retries_failed_total`, labelled `name` (the plugin's `Alias`).
 *   The storage-layer gauges (`fluentbit_storage_fs_chunks_down`, ...) are v2-only and
 *   UNCONFIRMED for the Fluent Bit the TKG package ships, so no rule uses them.
 * - `up`, which every Prometheus writes for each target and remote-writes like any series.
 *
 * Labels: every edge rule carries `site` (the site's alerts are routed and silenced by
 * site; external labels add `ring` and `cluster` when an alert leaves Prometheus),
 * `severity` and `signal` (latency, traffic, errors, saturation, store-and-forward). Hub
 * rules carry `site` from the series they select.
 */
import {
  AlertRule,
  RuleFile,
  SiteIdentity,
  checkDnsLabel,
  checkIdentity,
  checkKnownKeys,
  checkPositiveNumber,
  checkPromDuration,
  checkRatio,
  humanSeconds,
  promDurationSeconds,
  reject,
  toYaml,
} from './types';

/** Scrape job names the site Prometheus uses (prometheus.ts) and the rules select on. */
export const SCRAPE_JOBS = Object.freeze({
  prometheus: 'prometheus',
  nodeExporter: 'node-exporter',
  envoy: 'contour-envoy',
  fluentBit: 'fluent-bit',
  velero: 'velero',
  flagger: 'flagger',
  argocd: 'argocd',
} as const);

/**
 * Recording rule each site writes per application: the version the catalog has it run
 * (labels application, namespace, version, version_source), so the hub sees which
 * version runs where, next to Argo CD's sync and Flagger's canary status.
 */
export const APPLICATION_VERSION_METRIC = 'edge:application_version_info';

/** Flagger's canary status gauge (pkg/metrics/recorder.go): 0 running, 1 successful, 2 failed. */
export const CANARY_STATUS_METRIC = 'flagger_canary_status';
/** `flagger_canary_status` value of a failed canary (rolled back). */
export const CANARY_FAILED = 2;

/** An application a site's rules and dashboards watch. */
export interface WatchedApplication {
  /** Application name (Argo CD Application and Flagger Canary name). */
  readonly application: string;
  /** Its namespace in the workload cluster. */
  readonly namespace: string;
  /** Chart version the catalog has the site run. */
  readonly version: string;
  /** `ring` or `site` (a pin in the site file). */
  readonly versionSource: 'ring' | 'site';
}

/** Recording rule each site writes per backup schedule: how old its newest backup may get. */
export const BACKUP_STALE_AFTER_METRIC = 'edge:velero_backup_stale_after_seconds';

/** A Velero schedule a site's rules watch. */
export interface WatchedBackupSchedule {
  /** Velero Schedule name (the metrics' `schedule` label), e.g. `velero-apps`. */
  readonly schedule: string;
  /** Longest time between two runs, seconds; a backup older than twice this is stale. */
  readonly intervalSeconds: number;
}

/** `Alias` of the Fluent Bit output that forwards to the hub (its metrics' `name` label). */
export const FLUENT_BIT_HUB_OUTPUT_ALIAS = 'hub_forward';

/** Alert thresholds. Every field is optional; defaults in ALERT_THRESHOLD_DEFAULTS. */
export interface AlertThresholds {
  /** p99 upstream latency of a service behind Contour, in seconds. @default 1 */
  readonly latencyP99Seconds?: number;
  /** Ratio of 5xx responses to requests. @default 0.05 */
  readonly errorRatio?: number;
  /** Requests per second below which latency, error and traffic rules stay quiet (noise). @default 0.1 */
  readonly minRequestRate?: number;
  /** Traffic drop: fires below this fraction of the same 30 minutes one day earlier. @default 0.5 */
  readonly trafficDropRatio?: number;
  /** Traffic surge: fires above this multiple of the same 30 minutes one day earlier. @default 3 */
  readonly trafficSurgeFactor?: number;
  /** Node CPU busy ratio. @default 0.9 */
  readonly nodeCpuRatio?: number;
  /** Node memory used ratio (1 - MemAvailable/MemTotal). @default 0.9 */
  readonly nodeMemoryRatio?: number;
  /** Node filesystem used ratio. @default 0.85 */
  readonly nodeDiskRatio?: number;
  /** Remote write lag that warns (the WAN is down or too slow), seconds. @default 600 */
  readonly remoteWriteBehindSeconds?: number;
  /**
   * Remote write lag that is critical: Prometheus keeps about two hours of WAL, and what
   * remote write has not sent when the WAL is truncated never reaches the hub. @default 5400
   */
  readonly remoteWriteDataLossSeconds?: number;
  /** `for:` of the latency rule. @default "10m" */
  readonly latencyFor?: string;
  /** `for:` of the error rule. @default "10m" */
  readonly errorFor?: string;
  /** `for:` of the traffic rules. @default "30m" */
  readonly trafficFor?: string;
  /** `for:` of the node saturation rules. @default "15m" */
  readonly saturationFor?: string;
  /** `for:` of the store-and-forward rules (remote write behind, log forwarding stalled). @default "15m" */
  readonly forwardFor?: string;
  /** Hub: a site whose newest sample is older than this is not reporting. @default "15m" */
  readonly siteSilentAfter?: string;
  /** Hub: how long a silent site is remembered (and alerted on) by the generic rule. @default "7d" */
  readonly siteMemory?: string;
  /** Hub: remote write lag that a site reports about itself, seconds. @default 900 */
  readonly hubRemoteWriteLagSeconds?: number;
}

export const ALERT_THRESHOLD_DEFAULTS: Readonly<Required<AlertThresholds>> = Object.freeze({
  latencyP99Seconds: 1,
  errorRatio: 0.05,
  minRequestRate: 0.1,
  trafficDropRatio: 0.5,
  trafficSurgeFactor: 3,
  nodeCpuRatio: 0.9,
  nodeMemoryRatio: 0.9,
  nodeDiskRatio: 0.85,
  remoteWriteBehindSeconds: 600,
  remoteWriteDataLossSeconds: 5400,
  latencyFor: '10m',
  errorFor: '10m',
  trafficFor: '30m',
  saturationFor: '15m',
  forwardFor: '15m',
  siteSilentAfter: '15m',
  siteMemory: '7d',
  hubRemoteWriteLagSeconds: 900,
});

/** Applies defaults once and checks every threshold; `fn` names the public caller in errors. */
export function resolveAlertThresholds(fn: string, thresholds: AlertThresholds | undefined, field = 'thresholds'): Required<AlertThresholds> {
  if (thresholds !== undefined && (thresholds === null || typeof thresholds !== 'object' || Array.isArray(thresholds))) reject(fn, field, thresholds, 'a mapping of thresholds');
  checkKnownKeys(fn, field, thresholds, Object.keys(ALERT_THRESHOLD_DEFAULTS));
  const t: Required<AlertThresholds> = { ...ALERT_THRESHOLD_DEFAULTS, ...(thresholds ?? {}) };
  checkPositiveNumber(fn, `${field}.latencyP99Seconds`, t.latencyP99Seconds);
  checkRatio(fn, `${field}.errorRatio`, t.errorRatio);
  checkPositiveNumber(fn, `${field}.minRequestRate`, t.minRequestRate);
  checkRatio(fn, `${field}.trafficDropRatio`, t.trafficDropRatio);
  if (typeof t.trafficSurgeFactor !== 'number' || !Number.isFinite(t.trafficSurgeFactor) || t.trafficSurgeFactor <= 1) {
    reject(fn, `${field}.trafficSurgeFactor`, t.trafficSurgeFactor, 'a number greater than 1, such as 3');
  }
  checkRatio(fn, `${field}.nodeCpuRatio`, t.nodeCpuRatio);
  checkRatio(fn, `${field}.nodeMemoryRatio`, t.nodeMemoryRatio);
  checkRatio(fn, `${field}.nodeDiskRatio`, t.nodeDiskRatio);
  checkPositiveNumber(fn, `${field}.remoteWriteBehindSeconds`, t.remoteWriteBehindSeconds);
  checkPositiveNumber(fn, `${field}.remoteWriteDataLossSeconds`, t.remoteWriteDataLossSeconds);
  if (t.remoteWriteDataLossSeconds <= t.remoteWriteBehindSeconds) {
    reject(fn, `${field}.remoteWriteDataLossSeconds`, t.remoteWriteDataLossSeconds, `more seconds than ${field}.remoteWriteBehindSeconds (${t.remoteWriteBehindSeconds})`);
  }
  if (t.remoteWriteDataLossSeconds > 7200) {
    reject(fn, `${field}.remoteWriteDataLossSeconds`, t.remoteWriteDataLossSeconds, 'at most 7200 (the WAL holds about two hours; later the data is already lost)');
  }
  for (const key of ['latencyFor', 'errorFor', 'trafficFor', 'saturationFor', 'forwardFor', 'siteSilentAfter', 'siteMemory'] as const) {
    checkPromDuration(fn, `${field}.${key}`, t[key]);
  }
  if ((promDurationSeconds(t.siteMemory) ?? 0) <= (promDurationSeconds(t.siteSilentAfter) ?? 0)) {
    reject(fn, `${field}.siteMemory`, t.siteMemory, `a duration longer than ${field}.siteSilentAfter (${t.siteSilentAfter})`);
  }
  checkPositiveNumber(fn, `${field}.hubRemoteWriteLagSeconds`, t.hubRemoteWriteLagSeconds);
  return t;
}

/** Number as PromQL reads it (no exponent for the magnitudes used here). */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

function rule(alert: string, expr: string, forDuration: string, labels: Record<string, string>, summary: string, description: string): AlertRule {
  return { alert, expr, for: forDuration, labels, annotations: { summary, description } };
}

export interface EdgeAlertOptions {
  /** The site the rules run at. */
  readonly identity: SiteIdentity;
  /** @default ALERT_THRESHOLD_DEFAULTS */
  readonly thresholds?: AlertThresholds;
  /** Velero schedules of the site: a staleness rule and a threshold record each. @default [] */
  readonly backupSchedules?: readonly WatchedBackupSchedule[];
  /**
   * Applications delivered at the site (Argo CD and Flagger run there): a failed-canary
   * rule and a version record each. Undefined: no delivery. @default undefined
   */
  readonly applications?: readonly WatchedApplication[];
}

/**
 * The rules each site's Prometheus evaluates: golden signals per service behind Contour,
 * node saturation, and the store-and-forward path (remote write queue, log forwarding).
 */
export function edgeAlertRules(options: EdgeAlertOptions): RuleFile {
  const fn = 'edgeAlertRules';
  if (options === undefined || options === null) reject(fn, 'options', options, 'a mapping with identity and thresholds');
  checkKnownKeys(fn, '', options, ['identity', 'thresholds', 'backupSchedules', 'applications']);
  const identity = checkIdentity(fn, options.identity);
  const t = resolveAlertThresholds(fn, options.thresholds);
  const backups = checkBackupSchedules(fn, options.backupSchedules);
  const applications = checkApplications(fn, options.applications);
  const site = identity.site;
  const labels = (severity: string, signal: string): Record<string, string> => ({ severity, signal, site });

  const envoy = `job="${SCRAPE_JOBS.envoy}"`;
  const requests = (window: string, offset = ''): string =>
    `sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_total{${envoy}}[${window}]${offset}))`;
  const busy = (window: string, offset = ''): string => `(${requests(window, offset)} > ${num(t.minRequestRate)})`;
  const node = `job="${SCRAPE_JOBS.nodeExporter}"`;
  const fsSelector = `${node},fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs"`;
  const prom = `job="${SCRAPE_JOBS.prometheus}"`;
  const fb = `job="${SCRAPE_JOBS.fluentBit}"`;
  const behind =
    `(max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{${prom}}[5m])` +
    ` - on (job, instance) group_right max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${prom}}[5m]))`;

  return {
    groups: [
      {
        name: 'edge-golden-signals',
        rules: [
          rule(
            'EdgeServiceLatencyHigh',
            `(histogram_quantile(0.99, sum by (envoy_cluster_name, le) (rate(envoy_cluster_upstream_rq_time_bucket{${envoy}}[5m]))) > ${num(t.latencyP99Seconds * 1000)}) and on (envoy_cluster_name) ${busy('5m')}`,
            t.latencyFor,
            labels('warning', 'latency'),
            `p99 latency of {{ $labels.envoy_cluster_name }} at ${site} is above ${num(t.latencyP99Seconds)}s`,
            `The 99th percentile of upstream request time through Contour for {{ $labels.envoy_cluster_name }} is {{ $value | humanize }}ms.`,
          ),
          rule(
            'EdgeServiceErrorRatioHigh',
            `(sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_xx{${envoy},envoy_response_code_class="5"}[5m])) / ${requests('5m')} > ${num(t.errorRatio)}) and on (envoy_cluster_name) ${busy('5m')}`,
            t.errorFor,
            labels('critical', 'errors'),
            `{{ $labels.envoy_cluster_name }} at ${site} answers more than ${num(t.errorRatio * 100)}% 5xx`,
            `{{ $value | humanizePercentage }} of the requests to {{ $labels.envoy_cluster_name }} through Contour end in a 5xx response.`,
          ),
          rule(
            'EdgeServiceTrafficDrop',
            `(${requests('30m')} < ${num(t.trafficDropRatio)} * ${requests('30m', ' offset 1d')}) and on (envoy_cluster_name) ${busy('30m', ' offset 1d')}`,
            t.trafficFor,
            labels('warning', 'traffic'),
            `Traffic to {{ $labels.envoy_cluster_name }} at ${site} dropped below ${num(t.trafficDropRatio * 100)}% of yesterday`,
            `{{ $labels.envoy_cluster_name }} receives {{ $value | humanize }} requests/s, less than ${num(t.trafficDropRatio * 100)}% of the same 30 minutes one day earlier.`,
          ),
          rule(
            'EdgeServiceTrafficSurge',
            `(${requests('30m')} > ${num(t.trafficSurgeFactor)} * ${requests('30m', ' offset 1d')}) and on (envoy_cluster_name) ${busy('30m', ' offset 1d')}`,
            t.trafficFor,
            labels('warning', 'traffic'),
            `Traffic to {{ $labels.envoy_cluster_name }} at ${site} is above ${num(t.trafficSurgeFactor)}x yesterday`,
            `{{ $labels.envoy_cluster_name }} receives {{ $value | humanize }} requests/s, more than ${num(t.trafficSurgeFactor)} times the same 30 minutes one day earlier.`,
          ),
        ],
      },
      {
        name: 'edge-saturation',
        rules: [
          rule(
            'EdgeNodeCpuSaturated',
            `(1 - avg by (node) (rate(node_cpu_seconds_total{${node},mode="idle"}[5m]))) > ${num(t.nodeCpuRatio)}`,
            t.saturationFor,
            labels('warning', 'saturation'),
            `Node {{ $labels.node }} at ${site} is more than ${num(t.nodeCpuRatio * 100)}% busy`,
            `CPU of node {{ $labels.node }} is {{ $value | humanizePercentage }} busy.`,
          ),
          rule(
            'EdgeNodeMemorySaturated',
            `(1 - (node_memory_MemAvailable_bytes{${node}} / node_memory_MemTotal_bytes{${node}})) > ${num(t.nodeMemoryRatio)}`,
            t.saturationFor,
            labels('warning', 'saturation'),
            `Node {{ $labels.node }} at ${site} uses more than ${num(t.nodeMemoryRatio * 100)}% of its memory`,
            `Memory of node {{ $labels.node }} is {{ $value | humanizePercentage }} used.`,
          ),
          rule(
            'EdgeNodeDiskFilling',
            `(1 - (node_filesystem_avail_bytes{${fsSelector}} / node_filesystem_size_bytes{${fsSelector}})) > ${num(t.nodeDiskRatio)}`,
            t.saturationFor,
            labels('warning', 'saturation'),
            `Filesystem {{ $labels.mountpoint }} of node {{ $labels.node }} at ${site} is more than ${num(t.nodeDiskRatio * 100)}% full`,
            `{{ $labels.mountpoint }} on {{ $labels.node }} is {{ $value | humanizePercentage }} full; Fluent Bit buffers logs under /var/log while the WAN is down.`,
          ),
        ],
      },
      {
        name: 'edge-store-and-forward',
        rules: [
          rule(
            'EdgeRemoteWriteBehind',
            `${behind} > ${num(t.remoteWriteBehindSeconds)}`,
            t.forwardFor,
            labels('warning', 'store-and-forward'),
            `Metrics of ${site} are queued, not reaching the hub`,
            `Remote write to {{ $labels.remote_name }} is {{ $value | humanizeDuration }} behind; samples wait in the WAL until the link returns.`,
          ),
          rule(
            'EdgeRemoteWriteDataLossImminent',
            `${behind} > ${num(t.remoteWriteDataLossSeconds)}`,
            '5m',
            labels('critical', 'store-and-forward'),
            `Metrics of ${site} are about to miss the hub`,
            `Remote write to {{ $labels.remote_name }} is {{ $value | humanizeDuration }} behind. The WAL keeps about two hours; older samples stay in the local Prometheus (retention) but will not be forwarded.`,
          ),
          rule(
            'EdgeRemoteWriteFailing',
            `(rate(prometheus_remote_storage_failed_samples_total{${prom}}[5m]) or rate(prometheus_remote_storage_samples_failed_total{${prom}}[5m])) > 0`,
            t.forwardFor,
            labels('critical', 'store-and-forward'),
            `The hub rejects metrics of ${site}`,
            `{{ $value | humanize }} samples/s to {{ $labels.remote_name }} fail with a non-recoverable error (for example out of bounds at the hub) and are dropped.`,
          ),
          rule(
            'EdgeRemoteWriteDesiredShards',
            `max_over_time(prometheus_remote_storage_shards_desired{${prom}}[5m]) > max_over_time(prometheus_remote_storage_shards_max{${prom}}[5m])`,
            t.forwardFor,
            labels('warning', 'store-and-forward'),
            `Remote write of ${site} cannot keep up with max_shards`,
            `Remote write to {{ $labels.remote_name }} wants {{ $value }} shards, more than its max_shards.`,
          ),
          rule(
            'EdgeLogForwardStalled',
            `(sum by (node) (rate(fluentbit_input_records_total{${fb}}[15m])) > 0) and on (node) (sum by (node) (rate(fluentbit_output_proc_records_total{${fb},name="${FLUENT_BIT_HUB_OUTPUT_ALIAS}"}[15m])) == 0)`,
            t.forwardFor,
            labels('warning', 'store-and-forward'),
            `Logs of node {{ $labels.node }} at ${site} are buffered, not reaching the hub`,
            `Fluent Bit on {{ $labels.node }} reads logs but delivered none to the hub for 15m; chunks wait in its filesystem buffer.`,
          ),
          rule(
            'EdgeLogRecordsDropped',
            `(sum by (node) (increase(fluentbit_output_dropped_records_total{${fb}}[15m])) > 0) or (sum by (node) (increase(fluentbit_output_retries_failed_total{${fb}}[15m])) > 0)`,
            '1m',
            labels('critical', 'store-and-forward'),
            `Fluent Bit on {{ $labels.node }} at ${site} dropped log records`,
            `Records were discarded (buffer limit storage.total_limit_size reached or an unrecoverable error).`,
          ),
          ...backups.map((b) => edgeBackupRule(site, b)),
          ...(applications ? [edgeCanaryFailedRule(site)] : []),
        ],
      },

      ...(backups.length
        ? [
            {
              name: 'edge-backup-thresholds',
              rules: backups.map((b) => ({ record: BACKUP_STALE_AFTER_METRIC, expr: `vector(${num(2 * b.intervalSeconds)})`, labels: { schedule: b.schedule } })),
            },
          ]
        : []),
      ...(applications && applications.length
        ? [
            {
              name: 'edge-application-versions',
              rules: applications.map((a) => ({
                record: APPLICATION_VERSION_METRIC,
                expr: 'vector(1)',
                labels: { application: a.application, namespace: a.namespace, version: a.version, version_source: a.versionSource },
              })),
            },
          ]
        : []),
    ],
  };
}

function checkBackupSchedules(fn: string, schedules: readonly WatchedBackupSchedule[] | undefined): readonly WatchedBackupSchedule[] {
  if (schedules === undefined) return [];
  if (!Array.isArray(schedules)) reject(fn, 'backupSchedules', schedules, 'a list of { schedule, intervalSeconds }');
  schedules.forEach((b, i) => {
    checkDnsLabel(fn, `backupSchedules[${i}].schedule`, b?.schedule);
    checkPositiveNumber(fn, `backupSchedules[${i}].intervalSeconds`, b?.intervalSeconds);
  });
  return schedules;
}

function checkApplications(fn: string, applications: readonly WatchedApplication[] | undefined): readonly WatchedApplication[] | undefined {
  if (applications === undefined) return undefined;
  if (!Array.isArray(applications)) reject(fn, 'applications', applications, 'a list of { application, namespace, version, versionSource }');
  applications.forEach((a, i) => {
    checkDnsLabel(fn, `applications[${i}].application`, a?.application);
    checkDnsLabel(fn, `applications[${i}].namespace`, a?.namespace);
    if (typeof a?.version !== 'string' || !/^\d+\.\d+\.\d+\S*$/.test(a.version)) reject(fn, `applications[${i}].version`, a?.version, 'a chart version such as 1.5.0');
    if (a?.versionSource !== 'ring' && a?.versionSource !== 'site') reject(fn, `applications[${i}].versionSource`, a?.versionSource, "'ring' or 'site'");
  });
  return applications;
}

/**
 * A canary Flagger rolled back: the new version failed its checks (success rate or p99
 * latency through Contour, measured by this Prometheus) and traffic is back on the
 * primary. Fires at the site, and at the hub through remote write (FleetSiteCanaryFailed).
 */
function edgeCanaryFailedRule(site: string): AlertRule {
  return rule(
    'EdgeCanaryFailed',
    `max by (name, namespace) (${CANARY_STATUS_METRIC}{job="${SCRAPE_JOBS.flagger}"}) == ${CANARY_FAILED}`,
    '1m',
    { severity: 'critical', signal: 'delivery', site },
    `Canary of {{ $labels.name }} at ${site} failed and was rolled back`,
    'Flagger rolled {{ $labels.namespace }}/{{ $labels.name }} back to the primary: the new version failed its request success rate or p99 latency checks. ' +
      'The site keeps running the previous version; set the ring (or site) version back in the catalog, or fix and ship a new version (docs/application-delivery.md).',
  );
}

/** A PromQL range in whole seconds, e.g. `7200s`. */
function promWindow(seconds: number): string {
  return `${Math.round(seconds)}s`;
}

/**
 * A site's backup of one schedule is stale: its newest successful backup (Velero's
 * `velero_backup_last_successful_timestamp`, kept in the site's own Prometheus, so a
 * Velero restart that resets the gauge does not hide the last success) is older than
 * twice the schedule's longest interval, or there was no successful backup at all in
 * that time. While the WAN is down every backup fails (the location is Unavailable),
 * so this is also how a long outage shows at the site.
 */
function edgeBackupRule(site: string, b: WatchedBackupSchedule): AlertRule {
  const limit = 2 * b.intervalSeconds;
  const selector = `job="${SCRAPE_JOBS.velero}",schedule="${b.schedule}"`;
  return rule(
    'EdgeBackupStale',
    `((time() - max by (schedule) (max_over_time(velero_backup_last_successful_timestamp{${selector}}[${promWindow(Math.max(limit * 2, 86400))}]))) > ${num(limit)}) or (absent_over_time(velero_backup_last_successful_timestamp{${selector}}[${promWindow(limit)}]) * ${num(limit)})`,
    '15m',
    { severity: 'warning', signal: 'backup', site, schedule: b.schedule },
    `Backups of ${b.schedule} at ${site} are stale`,
    `No successful backup of ${b.schedule} for more than ${humanSeconds(limit)} (twice its interval). While the WAN is down Velero cannot reach the hub store and every backup fails; while a restore runs (site file restore:) the schedules are paused.`,
  );
}

/** Checks a list of site ids; returns it sorted. */
export function resolveKnownSites(fn: string, knownSites: readonly string[] | undefined): string[] {
  if (knownSites === undefined) return [];
  if (!Array.isArray(knownSites)) reject(fn, 'knownSites', knownSites, 'a list of site ids');
  const sites = [...knownSites].map((s, i) => checkDnsLabel(fn, `knownSites[${i}]`, s)).sort();
  const duplicate = sites.find((s, i) => i > 0 && sites[i - 1] === s); // sorted: a repeat follows its first
  if (duplicate !== undefined) reject(fn, 'knownSites', duplicate, 'each site id once');
  return sites;
}

export interface HubAlertOptions {
  /** @default ALERT_THRESHOLD_DEFAULTS */
  readonly thresholds?: AlertThresholds;
  /**
   * Site ids the hub must always hear from: each gets an `absent_over_time` rule that
   * fires however long the site has been silent. @default []
   */
  readonly knownSites?: readonly string[];
}

/**
 * The hub's rules over the series the sites remote-write (every series carries the
 * site's external labels `site`, `ring`, `cluster`).
 *
 * Why not `up == 0`: when a site's WAN link or Prometheus is down, the hub receives no
 * sample at all for it, not a 0, and remote write sends no staleness marker for a link
 * that dropped, so `up{site="x"} == 0` never fires. A silent site is one that has data in
 * the last `siteMemory` but none in the last `siteSilentAfter`:
 * `group by (site) (present_over_time(up[siteMemory])) unless group by (site)
 * (present_over_time(up[siteSilentAfter]))`. It needs no list of sites; its limit is that
 * a site silent for longer than `siteMemory` drops out (the alert resolves), so sites
 * listed in `knownSites` also get `absent_over_time(up{site="<id>"}[siteSilentAfter])`,
 * which never expires. `timestamp()` is not used: applied to a range function it returns
 * the evaluation time, not the sample time.
 *
 * Remote write lag: the hub cannot see queued samples, so it reads the lag each site
 * reports about itself (`prometheus_remote_storage_highest_timestamp_in_seconds` minus
 * `..._queue_highest_sent_timestamp_seconds`), taking the newest report within one hour
 * (`last_over_time`), because during catch-up those reports arrive late.
 */
export function hubAlertRules(options: HubAlertOptions = {}): RuleFile {
  const fn = 'hubAlertRules';
  if (options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with thresholds and knownSites');
  checkKnownKeys(fn, '', options, ['thresholds', 'knownSites']);
  const t = resolveAlertThresholds(fn, options.thresholds);
  const sites = resolveKnownSites(fn, options.knownSites);

  const prom = `job="${SCRAPE_JOBS.prometheus}",site!=""`;
  const fb = `job="${SCRAPE_JOBS.fluentBit}",site!=""`;
  const silent = humanSeconds(promDurationSeconds(t.siteSilentAfter) ?? 0);

  const rules: AlertRule[] = [
    rule(
      'FleetSiteNotReporting',
      `group by (site) (present_over_time(up{${prom}}[${t.siteMemory}])) unless group by (site) (present_over_time(up{${prom}}[${t.siteSilentAfter}]))`,
      '5m',
      { severity: 'critical', signal: 'store-and-forward' },
      'Site {{ $labels.site }} sends no metrics to the hub',
      `The hub has received no sample from {{ $labels.site }} for more than ${silent}: WAN link, site Prometheus or remote write down. The site keeps its data locally.`,
    ),
    ...sites.map((site) =>
      rule(
        'FleetSiteAbsent',
        `absent_over_time(up{job="${SCRAPE_JOBS.prometheus}",site="${site}"}[${t.siteSilentAfter}])`,
        '5m',
        { severity: 'critical', signal: 'store-and-forward', site },
        `Site ${site} sends no metrics to the hub`,
        `The hub has no sample from ${site} in the last ${silent}.`,
      ),
    ),
    rule(
      'FleetSiteRemoteWriteLagging',
      `max by (site) (last_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{${prom}}[1h]) - on (site, job, instance) group_right last_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${prom}}[1h])) > ${num(t.hubRemoteWriteLagSeconds)}`,
      '10m',
      { severity: 'warning', signal: 'store-and-forward' },
      'Site {{ $labels.site }} delivers metrics late',
      'Site {{ $labels.site }} reports its remote write {{ $value | humanizeDuration }} behind.',
    ),
    rule(
      'FleetSiteRemoteWriteRejected',
      `sum by (site) (rate(prometheus_remote_storage_failed_samples_total{${prom}}[15m]) or rate(prometheus_remote_storage_samples_failed_total{${prom}}[15m])) > 0`,
      '15m',
      { severity: 'critical', signal: 'store-and-forward' },
      'The hub rejects metrics of site {{ $labels.site }}',
      'Samples of {{ $labels.site }} are dropped with a non-recoverable error, for example older than the hub accepts (prometheus.prometheusSpec.tsdb.outOfOrderTimeWindow).',
    ),
    rule(
      'FleetSiteBackupStale',
      `(time() - max by (site, schedule) (max_over_time(velero_backup_last_successful_timestamp{job="${SCRAPE_JOBS.velero}",site!=""}[30d]))) > on (site, schedule) max by (site, schedule) (last_over_time(${BACKUP_STALE_AFTER_METRIC}{site!=""}[1d]))`,
      '15m',
      { severity: 'warning', signal: 'backup' },
      'The newest backup of {{ $labels.schedule }} at site {{ $labels.site }} is stale',
      'The newest successful backup the hub has seen is {{ $value | humanizeDuration }} old, more than twice the schedule interval (the site reports the limit as ' +
        `${BACKUP_STALE_AFTER_METRIC}). While the site's WAN is down it cannot back up to the hub store; backups resume when the link returns.`,
    ),
    rule(
      'FleetSiteBackupMissing',
      `max by (site, schedule) (last_over_time(${BACKUP_STALE_AFTER_METRIC}{site!=""}[1d])) unless on (site, schedule) max by (site, schedule) (max_over_time(velero_backup_last_successful_timestamp{job="${SCRAPE_JOBS.velero}",site!=""}[30d]))`,
      '2h',
      { severity: 'warning', signal: 'backup' },
      'Site {{ $labels.site }} has no successful backup of {{ $labels.schedule }}',
      'The site backs up on schedule {{ $labels.schedule }} but the hub has seen no successful backup of it in 30 days: Velero not running (chart or images not yet replicated to the site Harbor?), wrong store credentials, or the store unreachable.',
    ),
    rule(
      'FleetSiteCanaryFailed',
      `max by (site, name, namespace) (last_over_time(${CANARY_STATUS_METRIC}{job="${SCRAPE_JOBS.flagger}",site!=""}[10m])) == ${CANARY_FAILED}`,
      '1m',
      { severity: 'critical', signal: 'delivery' },
      'Canary of {{ $labels.name }} at site {{ $labels.site }} failed',
      'Flagger at {{ $labels.site }} rolled {{ $labels.namespace }}/{{ $labels.name }} back: do not promote this version to the next ring. While the WAN is down the hub learns of it when the site\'s metrics arrive.',
    ),
    rule(
      'FleetSiteLogsDropped',
      `sum by (site) (increase(fluentbit_output_dropped_records_total{${fb}}[1h])) > 0`,
      '1m',
      { severity: 'critical', signal: 'store-and-forward' },
      'Site {{ $labels.site }} dropped log records',
      'Fluent Bit at {{ $labels.site }} discarded {{ $value | humanize }} records in the last hour (buffer full or unrecoverable error).',
    ),
  ];
  return { groups: [{ name: 'fleet-hub', rules }] };
}

/** A rule file as YAML, as Prometheus reads it (`alerting_rules.yml`). */
export function renderRules(file: RuleFile): string {
  return toYaml(file);
}

/** Every metric name the edge rules select. */
export const EDGE_ALERT_METRICS: readonly string[] = Object.freeze([
  'envoy_cluster_upstream_rq_time_bucket',
  'envoy_cluster_upstream_rq_total',
  'envoy_cluster_upstream_rq_xx',
  'node_cpu_seconds_total',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'prometheus_remote_storage_highest_timestamp_in_seconds',
  'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
  'prometheus_remote_storage_failed_samples_total',
  'prometheus_remote_storage_samples_failed_total',
  'prometheus_remote_storage_shards_desired',
  'prometheus_remote_storage_shards_max',
  'fluentbit_input_records_total',
  'fluentbit_output_proc_records_total',
  'fluentbit_output_dropped_records_total',
  'fluentbit_output_retries_failed_total',
  'velero_backup_last_successful_timestamp',
  CANARY_STATUS_METRIC,
]);

/** Every metric name the hub rules select. */
export const HUB_ALERT_METRICS: readonly string[] = Object.freeze([
  'up',
  'prometheus_remote_storage_highest_timestamp_in_seconds',
  'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
  'prometheus_remote_storage_failed_samples_total',
  'prometheus_remote_storage_samples_failed_total',
  'fluentbit_output_dropped_records_total',
  'velero_backup_last_successful_timestamp',
  BACKUP_STALE_AFTER_METRIC,
  CANARY_STATUS_METRIC,
]);
