/**
 * Helm values of the hub's monitoring: `kube-prometheus-stack` receiving every site's
 * remote-written metrics, with the fleet alert rules and a Grafana fleet dashboard; and
 * the `fluent-bit` chart run as the hub log sink that the sites forward to.
 *
 * Sources:
 * - kube-prometheus-stack (../shared/reference/04-packages-and-charts.md: chart 88.5.3,
 *   appVersion v0.93.1, authoritative for `prometheus.prometheusSpec.{retention,
 *   retentionSize,externalLabels,storageSpec,ruleSelectorNilUsesHelmValues,
 *   serviceMonitorSelectorNilUsesHelmValues,podMonitorSelectorNilUsesHelmValues}`,
 *   `grafana.enabled`, `grafana.adminPassword`); the rest read in
 *   prometheus-community/helm-charts `charts/kube-prometheus-stack/values.yaml` (the
 *   stored version ships Prometheus v3.5.0):
 *   `prometheus.prometheusSpec.enableRemoteWriteReceiver` ("enable
 *   --web.enable-remote-write-receiver flag on prometheus-server"; receiver path
 *   `/api/v1/write`), `prometheus.prometheusSpec.tsdb.outOfOrderTimeWindow` ("Allow
 *   out-of-order/out-of-bounds samples ingested into Prometheus for a specified
 *   duration"), `additionalPrometheusRulesMap` (`<name>: {groups: [...]}`),
 *   `prometheus.ingress.{enabled,ingressClassName,annotations,hosts,paths,tls}`,
 *   `grafana.ingress.{enabled,ingressClassName,annotations,hosts,path,tls}`.
 * - Grafana sub-chart keys `grafana.dashboardProviders` (`dashboardproviders.yaml:
 *   {apiVersion: 1, providers: [...]}`, "`path` must be
 *   /var/lib/grafana/dashboards/<provider_name>") and `grafana.dashboards.<provider>.<name>.json`:
 *   grafana/helm-charts `charts/grafana/values.yaml`. The reference notes the sub-chart now
 *   comes from grafana-community/helm-charts; that it kept these keys is UNCONFIRMED.
 * - fluent-bit chart (reference: chart 0.58.2, appVersion 5.1.2): `kind`,
 *   `replicaCount`, `service.{type,annotations}`, `extraPorts[]`
 *   (`port, containerPort, protocol, name`), `extraVolumes`, `extraVolumeMounts`,
 *   `config.{service,inputs,filters,outputs}` (classic text; the chart passes them
 *   through `tpl`, so no `{{` may appear): fluent/helm-charts `charts/fluent-bit/values.yaml`.
 *   The chart has no PVC template for a Deployment in the version read, so a durable
 *   buffer needs an existing claim (`buffer.claimName`); otherwise an emptyDir keeps the
 *   buffer across container restarts only.
 * - Fluent Bit forward input `Shared_Key`, `Self_Hostname` (secure forward) and TLS:
 *   fluent/fluent-bit-docs `pipeline/inputs/forward.md` (4.x/5.x). `tls.verify` on an
 *   input asks for client certificates; the sites authenticate with the shared key, so
 *   it is Off here while every site verifies the sink's certificate. Outputs `opensearch`
 *   (Host, Port, Index, HTTP_User, HTTP_Passwd, Suppress_Type_Name, Generate_ID) and
 *   `loki` (host, port, labels with record accessors, line_format, http_user,
 *   http_passwd, tenant_id): `pipeline/outputs/opensearch.md`, `pipeline/outputs/loki.md`.
 *
 * Out-of-order window: a site that was offline sends its WAL backlog (up to about 2h old,
 * see prometheus.ts) after the link returns. The hub's head block is kept current by the
 * other sites, so without `outOfOrderTimeWindow` those samples are "out of bounds" and
 * rejected with a 4xx, which remote write does not retry. The default 3h covers the WAL.
 */
import { AlertThresholds, hubAlertRules, resolveAlertThresholds, resolveKnownSites } from './alerts';
import { classicSection } from './fluent-bit';
import { dashboardJson } from './grafana';
import {
  PlainObject,
  PlainValue,
  LABEL_NAME,
  checkDnsLabel,
  checkDnsName,
  checkFluentBitSize,
  checkIpv4,
  checkKnownKeys,
  checkPositiveInt,
  checkPromDuration,
  checkQuantity,
  checkSecret,
  checkStringMap,
  promDurationSeconds,
  promSizeBytes,
  quantityBytes,
  reject,
} from './types';

/** An Ingress the chart creates, with TLS from an existing Secret. */
export interface HubIngress {
  /** FQDN, e.g. `prometheus.hub.example.com`. */
  readonly host: string;
  /** `kubernetes.io/tls` Secret in the release namespace. */
  readonly tlsSecretName: string;
  /** IngressClass; unset: the cluster default. @default none */
  readonly className?: string;
  /** Extra annotations (basic auth, cert-manager issuer, ...). @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface HubMonitoringOptions {
  /** Grafana admin password, opaque (usually a Terraform reference). */
  readonly grafanaAdminPassword: string;
  /** Hub retention of all sites' metrics. @default "30d" */
  readonly retention?: string;
  /** Size cap of the hub TSDB (Prometheus size, base 2), at most 85% of storage.size. @default none */
  readonly retentionSize?: string;
  /** Prometheus volume. */
  readonly storage?: {
    /** @default "200Gi" */
    readonly size?: string;
    /** @default none (cluster default) */
    readonly storageClassName?: string;
  };
  /** How old a sample the hub accepts (a site's WAL backlog), at least 1h. @default "3h" */
  readonly outOfOrderTimeWindow?: string;
  /** External labels of the hub Prometheus itself; `site` is reserved for the sites. @default {cluster: "hub"} */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** Ingress the sites remote-write through (path `/api/v1/write`). @default none */
  readonly prometheusIngress?: HubIngress;
  /** Ingress of Grafana. @default none */
  readonly grafanaIngress?: HubIngress;
  /** Thresholds of the hub rules. @default ALERT_THRESHOLD_DEFAULTS */
  readonly alertThresholds?: AlertThresholds;
  /** Sites that must always report (a never-expiring absence rule each). @default [] */
  readonly knownSites?: readonly string[];
}

function ingressValues(fn: string, field: string, ingress: HubIngress, pathKey: 'path' | 'paths'): PlainObject {
  if (ingress === null || typeof ingress !== 'object') reject(fn, field, ingress, 'a mapping with host and tlsSecretName');
  checkKnownKeys(fn, field, ingress, ['host', 'tlsSecretName', 'className', 'annotations']);
  const host = checkDnsName(fn, `${field}.host`, ingress.host);
  const secret = checkDnsName(fn, `${field}.tlsSecretName`, ingress.tlsSecretName);
  const out: Record<string, PlainValue> = { enabled: true };
  if (ingress.className !== undefined) out.ingressClassName = checkDnsName(fn, `${field}.className`, ingress.className);
  out.annotations = checkStringMap(fn, `${field}.annotations`, ingress.annotations);
  out.hosts = [host];
  out[pathKey] = pathKey === 'path' ? '/' : ['/'];
  out.tls = [{ secretName: secret, hosts: [host] }];
  return out;
}

/** Helm values of `kube-prometheus-stack` at the hub. */
export function hubMonitoringValues(options: HubMonitoringOptions): PlainObject {
  const fn = 'hubMonitoringValues';
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with grafanaAdminPassword');
  checkKnownKeys(fn, '', options, [
    'grafanaAdminPassword', 'retention', 'retentionSize', 'storage', 'outOfOrderTimeWindow', 'externalLabels', 'prometheusIngress', 'grafanaIngress', 'alertThresholds', 'knownSites',
  ]);
  const password = checkSecret(fn, 'grafanaAdminPassword', options.grafanaAdminPassword);
  const retention = checkPromDuration(fn, 'retention', options.retention ?? '30d', 86400);
  checkKnownKeys(fn, 'storage', options.storage, ['size', 'storageClassName']);
  const size = checkQuantity(fn, 'storage.size', options.storage?.size ?? '200Gi');
  let retentionSize: string | undefined;
  if (options.retentionSize !== undefined) {
    retentionSize = options.retentionSize;
    const bytes = typeof retentionSize === 'string' ? promSizeBytes(retentionSize) : undefined;
    if (bytes === undefined) reject(fn, 'retentionSize', retentionSize, 'a Prometheus size in B, KB, MB, GB or TB such as 150GB');
    const max = Math.floor((quantityBytes(size) ?? 0) * 0.85);
    if (bytes > max) reject(fn, 'retentionSize', retentionSize, `at most 85% of storage.size ${size} (${Math.floor(max / 2 ** 30)}GB)`);
  }
  const ooo = checkPromDuration(fn, 'outOfOrderTimeWindow', options.outOfOrderTimeWindow ?? '3h', 3600);
  if ((promDurationSeconds(ooo) ?? 0) > (promDurationSeconds(retention) ?? 0)) reject(fn, 'outOfOrderTimeWindow', ooo, `at most retention (${retention})`);
  const externalLabels = options.externalLabels ?? { cluster: 'hub' };
  if (externalLabels === null || typeof externalLabels !== 'object' || Array.isArray(externalLabels)) reject(fn, 'externalLabels', externalLabels, 'a mapping of label names to strings');
  const labels: Record<string, string> = {};
  for (const key of Object.keys(externalLabels).sort()) {
    if (!LABEL_NAME.test(key) || key.startsWith('__')) reject(fn, 'externalLabels key', key, 'a Prometheus label name');
    if (key === 'site') reject(fn, 'externalLabels key', key, 'any label name but site, which the sites own');
    const value = externalLabels[key];
    if (typeof value !== 'string' || value === '') reject(fn, `externalLabels.${key}`, value, 'a non-empty string');
    labels[key] = value;
  }
  const storageClassName = options.storage?.storageClassName === undefined ? undefined : checkDnsLabel(fn, 'storage.storageClassName', options.storage.storageClassName);
  const thresholds = options.alertThresholds === undefined ? undefined : resolveAlertThresholds(fn, options.alertThresholds, 'alertThresholds');
  const rules = hubAlertRules({ thresholds, knownSites: resolveKnownSites(fn, options.knownSites) });

  const prometheusSpec: Record<string, PlainValue> = {
    enableRemoteWriteReceiver: true,
    externalLabels: labels,
    retention,
  };
  if (retentionSize !== undefined) prometheusSpec.retentionSize = retentionSize;
  prometheusSpec.tsdb = { outOfOrderTimeWindow: ooo };
  prometheusSpec.ruleSelectorNilUsesHelmValues = false;
  prometheusSpec.serviceMonitorSelectorNilUsesHelmValues = false;
  prometheusSpec.podMonitorSelectorNilUsesHelmValues = false;
  prometheusSpec.storageSpec = {
    volumeClaimTemplate: {
      spec: {
        ...(storageClassName === undefined ? {} : { storageClassName }),
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: size } },
      },
    },
  };
  const prometheus: Record<string, PlainValue> = {};
  if (options.prometheusIngress !== undefined) prometheus.ingress = ingressValues(fn, 'prometheusIngress', options.prometheusIngress, 'paths');
  prometheus.prometheusSpec = prometheusSpec;

  const grafana: Record<string, PlainValue> = { enabled: true, adminPassword: password };
  if (options.grafanaIngress !== undefined) grafana.ingress = ingressValues(fn, 'grafanaIngress', options.grafanaIngress, 'path');
  grafana.dashboardProviders = {
    'dashboardproviders.yaml': {
      apiVersion: 1,
      providers: [
        {
          name: 'fleet',
          orgId: 1,
          folder: 'Fleet',
          type: 'file',
          disableDeletion: true,
          editable: false,
          options: { path: '/var/lib/grafana/dashboards/fleet' },
        },
      ],
    },
  };
  grafana.dashboards = { fleet: { 'fleet-golden-signals': { json: dashboardJson('fleet') } } };

  return {
    prometheus,
    additionalPrometheusRulesMap: { 'fleet-hub': { groups: rules.groups as unknown as PlainValue } },
    grafana,
  };
}

// ---------------------------------------------------------------------------------------
// The hub log sink
// ---------------------------------------------------------------------------------------

/** OpenSearch output of the log sink. */
export interface SinkOpenSearch {
  readonly host: string;
  /** @default 9200 */
  readonly port?: number;
  /** @default "edge-logs" */
  readonly index?: string;
  /** Opaque credentials. @default none */
  readonly httpUser?: string;
  readonly httpPasswd?: string;
}

/** Loki output of the log sink (streams labelled site, ring, cluster). */
export interface SinkLoki {
  readonly host: string;
  /** @default 3100 */
  readonly port?: number;
  /** @default none */
  readonly tenantId?: string;
  /** Opaque credentials. @default none */
  readonly httpUser?: string;
  readonly httpPasswd?: string;
  /** TLS to Loki (verified). @default true */
  readonly tls?: boolean;
}

export interface HubLogSinkOptions {
  /** Secure Forward shared key, the same the sites use (opaque). */
  readonly sharedKey: string;
  /** `kubernetes.io/tls` Secret (tls.crt, tls.key) of the sink's forward listener, in the release namespace. */
  readonly tlsSecretName: string;
  /** Secure Forward hostname of the sink. @default "fleet-log-sink" */
  readonly selfHostname?: string;
  /** Forward port. @default 24224 */
  readonly port?: number;
  /** Service type the sites reach (forward is TCP, not HTTP: no Ingress). @default "LoadBalancer" */
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Service annotations (e.g. a fixed load balancer address). @default {} */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** @default 1 */
  readonly replicas?: number;
  /** Filesystem buffer of the sink. */
  readonly buffer?: {
    /** Existing ReadWriteOnce claim for the buffer (needs replicas 1); unset: emptyDir. @default none */
    readonly claimName?: string;
    /** `storage.total_limit_size` of each output. @default "10G" */
    readonly totalLimitSize?: string;
    /** `mem_buf_limit` of the forward input. @default "50M" */
    readonly memBufLimit?: string;
  };
  /** Where logs go. @default {stdout: true} */
  readonly outputs?: {
    /** Print every record (json_lines) to the pod log. @default true */
    readonly stdout?: boolean;
    readonly opensearch?: SinkOpenSearch;
    readonly loki?: SinkLoki;
  };
}

const BUFFER_MOUNT = '/fluent-bit/buffer';
const TLS_MOUNT = '/fluent-bit/tls';

function checkSinkHost(fn: string, field: string, value: unknown): string {
  if (typeof value === 'string' && /^\d+(\.\d+){3}$/.test(value)) return checkIpv4(fn, field, value);
  return checkDnsName(fn, field, value);
}

/** Helm values of the `fluent-bit` chart as the hub log sink (a Deployment with a forward input). */
export function hubLogSinkValues(options: HubLogSinkOptions): PlainObject {
  const fn = 'hubLogSinkValues';
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with sharedKey and tlsSecretName');
  checkKnownKeys(fn, '', options, ['sharedKey', 'tlsSecretName', 'selfHostname', 'port', 'serviceType', 'serviceAnnotations', 'replicas', 'buffer', 'outputs']);
  const sharedKey = checkSecret(fn, 'sharedKey', options.sharedKey);
  if (sharedKey.includes('{{')) reject(fn, 'sharedKey', '(redacted)', 'a value without {{ (the chart templates its configuration)');
  const tlsSecret = checkDnsName(fn, 'tlsSecretName', options.tlsSecretName);
  const selfHostname = checkDnsName(fn, 'selfHostname', options.selfHostname ?? 'fleet-log-sink');
  const port = checkPositiveInt(fn, 'port', options.port ?? 24224, 65535);
  if (port === 2020) reject(fn, 'port', port, 'any port but 2020 (the chart metrics port)');
  const serviceType = options.serviceType ?? 'LoadBalancer';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(serviceType)) reject(fn, 'serviceType', serviceType, 'ClusterIP, NodePort or LoadBalancer');
  const annotations = checkStringMap(fn, 'serviceAnnotations', options.serviceAnnotations);
  const replicas = checkPositiveInt(fn, 'replicas', options.replicas ?? 1, 20);
  checkKnownKeys(fn, 'buffer', options.buffer, ['claimName', 'totalLimitSize', 'memBufLimit']);
  const claimName = options.buffer?.claimName === undefined ? undefined : checkDnsName(fn, 'buffer.claimName', options.buffer.claimName);
  if (claimName !== undefined && replicas !== 1) reject(fn, 'replicas', replicas, '1 when buffer.claimName is set (a ReadWriteOnce claim has one writer)');
  const totalLimit = checkFluentBitSize(fn, 'buffer.totalLimitSize', options.buffer?.totalLimitSize ?? '10G');
  const memBufLimit = checkFluentBitSize(fn, 'buffer.memBufLimit', options.buffer?.memBufLimit ?? '50M');
  const outs = options.outputs ?? {};
  checkKnownKeys(fn, 'outputs', outs, ['stdout', 'opensearch', 'loki']);
  const stdout = outs.stdout ?? true;
  if (typeof stdout !== 'boolean') reject(fn, 'outputs.stdout', stdout, 'true or false');
  if (!stdout && outs.opensearch === undefined && outs.loki === undefined) reject(fn, 'outputs', 'no output', 'at least one of stdout, opensearch, loki');

  const delivery: Array<[string, string]> = [['storage.total_limit_size', totalLimit], ['Retry_Limit', 'False']];
  const outputs: string[] = [];
  if (stdout) outputs.push(classicSection('OUTPUT', [['Name', 'stdout'], ['Match', '*'], ['Alias', 'stdout'], ['Format', 'json_lines'], ...delivery]));
  if (outs.opensearch !== undefined) {
    const o = outs.opensearch;
    checkKnownKeys(fn, 'outputs.opensearch', o, ['host', 'port', 'index', 'httpUser', 'httpPasswd']);
    const entries: Array<[string, string]> = [
      ['Name', 'opensearch'],
      ['Match', '*'],
      ['Alias', 'opensearch'],
      ['Host', checkSinkHost(fn, 'outputs.opensearch.host', o.host)],
      ['Port', String(checkPositiveInt(fn, 'outputs.opensearch.port', o.port ?? 9200, 65535))],
      ['Index', checkDnsLabel(fn, 'outputs.opensearch.index', o.index ?? 'edge-logs')],
      ['Suppress_Type_Name', 'On'],
      ['Generate_ID', 'On'],
      ['tls', 'On'],
      ['tls.verify', 'On'],
    ];
    if ((o.httpUser === undefined) !== (o.httpPasswd === undefined)) reject(fn, 'outputs.opensearch.httpPasswd', o.httpPasswd === undefined ? undefined : '(redacted)', 'set together with httpUser');
    if (o.httpUser !== undefined) entries.push(['HTTP_User', checkSecret(fn, 'outputs.opensearch.httpUser', o.httpUser)], ['HTTP_Passwd', checkSecret(fn, 'outputs.opensearch.httpPasswd', o.httpPasswd)]);
    outputs.push(classicSection('OUTPUT', [...entries, ...delivery]));
  }
  if (outs.loki !== undefined) {
    const l = outs.loki;
    checkKnownKeys(fn, 'outputs.loki', l, ['host', 'port', 'tenantId', 'httpUser', 'httpPasswd', 'tls']);
    const tls = l.tls ?? true;
    if (typeof tls !== 'boolean') reject(fn, 'outputs.loki.tls', tls, 'true or false');
    const entries: Array<[string, string]> = [
      ['Name', 'loki'],
      ['Match', '*'],
      ['Alias', 'loki'],
      ['Host', checkSinkHost(fn, 'outputs.loki.host', l.host)],
      ['Port', String(checkPositiveInt(fn, 'outputs.loki.port', l.port ?? 3100, 65535))],
      ['Labels', 'job=fleet-edge, site=$site, ring=$ring, cluster=$cluster'],
      ['Line_Format', 'json'],
    ];
    if (tls) entries.push(['tls', 'On'], ['tls.verify', 'On']);
    if (l.tenantId !== undefined) entries.push(['Tenant_ID', checkSecret(fn, 'outputs.loki.tenantId', l.tenantId)]);
    if ((l.httpUser === undefined) !== (l.httpPasswd === undefined)) reject(fn, 'outputs.loki.httpPasswd', l.httpPasswd === undefined ? undefined : '(redacted)', 'set together with httpUser');
    if (l.httpUser !== undefined) entries.push(['HTTP_User', checkSecret(fn, 'outputs.loki.httpUser', l.httpUser)], ['HTTP_Passwd', checkSecret(fn, 'outputs.loki.httpPasswd', l.httpPasswd)]);
    outputs.push(classicSection('OUTPUT', [...entries, ...delivery]));
  }

  const service = classicSection('SERVICE', [
    ['Daemon', 'Off'],
    ['Flush', '1'],
    ['Log_Level', 'info'],
    ['Parsers_File', 'parsers.conf'],
    ['Parsers_File', 'custom_parsers.conf'],
    ['HTTP_Server', 'On'],
    ['HTTP_Listen', '0.0.0.0'],
    ['HTTP_Port', '2020'],
    ['Health_Check', 'On'],
    ['storage.path', `${BUFFER_MOUNT}/`],
    ['storage.sync', 'normal'],
    ['storage.checksum', 'off'],
    ['storage.backlog.mem_limit', '50M'],
    ['storage.max_chunks_up', '128'],
    ['storage.metrics', 'on'],
  ]);
  const inputs = classicSection('INPUT', [
    ['Name', 'forward'],
    ['Listen', '0.0.0.0'],
    ['Port', String(port)],
    ['Shared_Key', sharedKey],
    ['Self_Hostname', selfHostname],
    ['tls', 'On'],
    ['tls.verify', 'Off'],
    ['tls.crt_file', `${TLS_MOUNT}/tls.crt`],
    ['tls.key_file', `${TLS_MOUNT}/tls.key`],
    ['mem_buf_limit', memBufLimit],
    ['storage.type', 'filesystem'],
  ]);

  return {
    kind: 'Deployment',
    replicaCount: replicas,
    service: { type: serviceType, annotations },
    extraPorts: [{ port, containerPort: port, protocol: 'TCP', name: 'forward' }],
    extraVolumes: [
      claimName === undefined ? { name: 'buffer', emptyDir: {} } : { name: 'buffer', persistentVolumeClaim: { claimName } },
      { name: 'forward-tls', secret: { secretName: tlsSecret } },
    ],
    extraVolumeMounts: [
      { name: 'buffer', mountPath: BUFFER_MOUNT },
      { name: 'forward-tls', mountPath: TLS_MOUNT, readOnly: true },
    ],
    config: {
      service,
      inputs,
      // The chart's default filters enrich `kube.*` records from the hub's own API
      // server; the sites' records are already enriched, so no filter runs here.
      filters: '',
      outputs: outputs.join('\n'),
    },
  };
}
