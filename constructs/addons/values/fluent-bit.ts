/**
 * Data values of the Tanzu fluent-bit package (`fluent-bit.tanzu.vmware.com`) for an edge
 * site: every container and kubelet log is buffered on the node's disk and forwarded to
 * the hub log sink over TLS, tagged with site, ring and cluster, so nothing is lost while
 * the WAN is down.
 *
 * Sources (TKG package versions targeted: 1.9.5+vmware.1-tkg.1 of TKG 2.x; the layout is
 * the same in 1.7.5+vmware.1-tkg.1; UNCONFIRMED for later ones):
 * - Keys `namespace` and `fluent_bit.config.{service,outputs,inputs,filters,parsers}`
 *   (classic-format text): vmware-tanzu/community-edition
 *   `addons/packages/fluent-bit/1.9.5/bundle/config/values.yaml` and the TKG package's
 *   values pulled with imgpkg in pichuang/tanzu-packages-toolbox
 *   `fluent-bit/fluent-bit-data-values.yaml.org` (1.7.5+vmware.1-tkg.1, namespace
 *   `tanzu-system-logging`).
 * - Mounted host paths: `.../1.9.5/bundle/config/upstream/fluentbit/daemonset.yaml`
 *   mounts hostPath `/var/log` read-write at `/var/log` (also `/var/lib/docker/containers`
 *   read-only and `/run/log`), DaemonSet and container both named `fluent-bit`, container
 *   port `http` 2020, pod label `app: fluent-bit`. So the buffer lives under /var/log on
 *   the node's disk and survives pod restarts and upgrades: `/var/log/flb-storage/` by
 *   default; the tail position databases too (`/var/log/flb-kube.db`), so a restarted
 *   pod resumes where it stopped.
 * - Buffering keys, exactly as ../shared/reference/04-packages-and-charts.md names them
 *   (fluent/fluent-bit-docs `administration/buffering-and-storage.md`): `[SERVICE]
 *   storage.path, storage.sync, storage.checksum, storage.backlog.mem_limit,
 *   storage.max_chunks_up` (+ `storage.metrics`), `[INPUT] storage.type filesystem,
 *   mem_buf_limit`, `[OUTPUT] storage.total_limit_size` (oldest chunks dropped at the
 *   limit, v1.6+).
 * - `Retry_Limit False` (retry forever; the default 1 would discard a chunk after one
 *   failed retry): fluent/fluent-bit-docs `administration/scheduling-and-retries.md`.
 * - Output `forward` keys Host, Port, Shared_Key, Self_Hostname, tls, tls.verify,
 *   tls.ca_file: fluent/fluent-bit-docs `pipeline/outputs/forward.md` (Secure Forward).
 *   `Alias` names the output in the metrics (`administration/monitoring.md`).
 * - `record_modifier` with `Record` pairs tags every record with site, ring, cluster.
 *
 * Why `forward` rather than `http` or `loki`: the hub log sink is Fluent Bit
 * (hubLogSinkValues in hub-monitoring.ts), and forward is its native protocol
 * (msgpack, compact on a thin WAN link) with Secure Forward (TLS plus a shared key)
 * understood by both ends; the sink then writes to any backend (OpenSearch, Loki, ...),
 * so the edge configuration does not change with the backend. Not used:
 * `Require_ack_response` (at-least-once) and `Compress gzip` need the receiver to support
 * them; that Fluent Bit's forward input does is UNCONFIRMED here. Without acks a chunk
 * counts as delivered once written to the TLS connection, so a connection that breaks
 * mid-flush can lose that chunk.
 *
 * TLS: `tls.verify On` always. With `hub.caCertificate` the CA file is mounted from a
 * Secret by fluentBitExtensions (ytt overlay on the DaemonSet), which the PackageInstall
 * must then carry; without it the image's system trust store verifies. The shared key is
 * written into the rendered configuration (a ConfigMap in the workload cluster).
 */
import { FLUENT_BIT_HUB_OUTPUT_ALIAS } from './alerts';
import { caOverlay } from './prometheus';
import {
  ADDON_NAMESPACES,
  PlainObject,
  SiteIdentity,
  YttExtension,
  checkDnsLabel,
  checkDnsName,
  checkFluentBitSize,
  checkIdentity,
  checkIpv4,
  checkKnownKeys,
  checkPem,
  checkPositiveInt,
  checkSecret,
  reject,
  toYaml,
} from './types';

/** Where the hub CA is mounted in the fluent-bit container (fluentBitExtensions). */
export const FLUENT_BIT_HUB_CA_PATH = '/fluent-bit/hub-ca/ca.crt';
/** Secret in the workload cluster holding the hub CA for Fluent Bit. */
export const FLUENT_BIT_HUB_CA_SECRET = 'fluent-bit-hub-ca';

/** One classic-format section: `[NAME]` and aligned `key value` lines. */
export function classicSection(name: string, entries: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return [`[${name}]`, ...entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join('\n') + '\n';
}

/** The hub's log sink, reached with the forward protocol over TLS. */
export interface LogSinkEndpoint {
  /** Host name (or IPv4 address) of the hub log sink's forward input. */
  readonly host: string;
  /** @default 24224 */
  readonly port?: number;
  /** Secure Forward shared key, opaque (usually a Terraform reference). */
  readonly sharedKey: string;
  /** PEM CA of the sink's certificate; unset: the system trust store. @default none */
  readonly caCertificate?: string;
}

/** Filesystem buffering. */
export interface FluentBitBuffer {
  /** `storage.path`: a directory under /var/log/ (the package's writable host path). @default "/var/log/flb-storage/" */
  readonly path?: string;
  /** `storage.sync`. @default "normal" */
  readonly sync?: 'normal' | 'full';
  /** `storage.checksum`. @default false */
  readonly checksum?: boolean;
  /** `storage.backlog.mem_limit`. @default "5M" */
  readonly backlogMemLimit?: string;
  /** `storage.max_chunks_up`. @default 128 */
  readonly maxChunksUp?: number;
  /** `mem_buf_limit` of each input. @default "5M" */
  readonly memBufLimit?: string;
  /**
   * `storage.total_limit_size` of the hub output: the most the node's disk holds for an
   * outage; at the limit the oldest chunks are dropped (alert EdgeLogRecordsDropped).
   * @default "2G"
   */
  readonly totalLimitSize?: string;
}

export interface FluentBitValuesOptions {
  /** Site, ring and cluster written into every record. */
  readonly identity: SiteIdentity;
  /** The hub log sink. */
  readonly hub: LogSinkEndpoint;
  /** @default FluentBitBuffer defaults */
  readonly buffer?: FluentBitBuffer;
  /** @default "info" */
  readonly logLevel?: 'error' | 'warning' | 'info' | 'debug';
  /** @default "tanzu-system-logging" */
  readonly namespace?: string;
}

interface ResolvedFluentBit {
  readonly identity: SiteIdentity;
  readonly host: string;
  readonly port: number;
  readonly sharedKey: string;
  readonly caCertificate?: string;
  readonly buffer: Required<FluentBitBuffer>;
  readonly logLevel: string;
  readonly namespace: string;
}

function checkHost(fn: string, field: string, value: unknown): string {
  if (typeof value === 'string' && /^\d+(\.\d+){3}$/.test(value)) return checkIpv4(fn, field, value);
  return checkDnsName(fn, field, value);
}

function resolveFluentBit(fn: string, options: FluentBitValuesOptions): ResolvedFluentBit {
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with identity and hub');
  checkKnownKeys(fn, '', options, ['identity', 'hub', 'buffer', 'logLevel', 'namespace']);
  const identity = checkIdentity(fn, options.identity);
  if (options.hub === undefined || options.hub === null || typeof options.hub !== 'object') reject(fn, 'hub', options.hub, 'a mapping with host, port, sharedKey and optional caCertificate');
  checkKnownKeys(fn, 'hub', options.hub, ['host', 'port', 'sharedKey', 'caCertificate']);
  const host = checkHost(fn, 'hub.host', options.hub.host);
  const port = checkPositiveInt(fn, 'hub.port', options.hub.port ?? 24224, 65535);
  const sharedKey = checkSecret(fn, 'hub.sharedKey', options.hub.sharedKey);
  const caCertificate = options.hub.caCertificate === undefined ? undefined : checkPem(fn, 'hub.caCertificate', options.hub.caCertificate);

  checkKnownKeys(fn, 'buffer', options.buffer, ['path', 'sync', 'checksum', 'backlogMemLimit', 'maxChunksUp', 'memBufLimit', 'totalLimitSize']);
  const b = options.buffer ?? {};
  const path = b.path ?? '/var/log/flb-storage/';
  if (
    typeof path !== 'string' ||
    !/^\/var\/log\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/.test(path) ||
    /(^|\/)\.\.?(\/|$)/.test(path) ||
    /^\/var\/log\/(containers|pods)(\/|$)/.test(path)
  ) {
    reject(fn, 'buffer.path', path, 'a directory under /var/log/ (the host path the fluent-bit package mounts writable), not /var/log/containers or /var/log/pods, such as /var/log/flb-storage/');
  }
  const sync = b.sync ?? 'normal';
  if (sync !== 'normal' && sync !== 'full') reject(fn, 'buffer.sync', sync, 'normal or full');
  const checksum = b.checksum ?? false;
  if (typeof checksum !== 'boolean') reject(fn, 'buffer.checksum', checksum, 'true or false');
  const buffer: Required<FluentBitBuffer> = {
    path: path.endsWith('/') ? path : `${path}/`,
    sync,
    checksum,
    backlogMemLimit: checkFluentBitSize(fn, 'buffer.backlogMemLimit', b.backlogMemLimit ?? '5M'),
    maxChunksUp: checkPositiveInt(fn, 'buffer.maxChunksUp', b.maxChunksUp ?? 128, 100_000),
    memBufLimit: checkFluentBitSize(fn, 'buffer.memBufLimit', b.memBufLimit ?? '5M'),
    totalLimitSize: checkFluentBitSize(fn, 'buffer.totalLimitSize', b.totalLimitSize ?? '2G'),
  };
  const logLevel = options.logLevel ?? 'info';
  if (!['error', 'warning', 'info', 'debug'].includes(logLevel)) reject(fn, 'logLevel', logLevel, 'error, warning, info or debug');
  return {
    identity,
    host,
    port,
    sharedKey,
    caCertificate,
    buffer,
    logLevel,
    namespace: checkDnsLabel(fn, 'namespace', options.namespace ?? ADDON_NAMESPACES.logging),
  };
}

/** The classic-format sections the values carry, one string each. */
export interface FluentBitSections {
  readonly service: string;
  readonly inputs: string;
  readonly filters: string;
  readonly outputs: string;
  readonly parsers: string;
}

function sections(r: ResolvedFluentBit): FluentBitSections {
  const b = r.buffer;
  const service = classicSection('SERVICE', [
    ['Flush', '1'],
    ['Log_Level', r.logLevel],
    ['Daemon', 'off'],
    ['Parsers_File', 'parsers.conf'],
    ['HTTP_Server', 'On'],
    ['HTTP_Listen', '0.0.0.0'],
    ['HTTP_Port', '2020'],
    ['storage.path', b.path],
    ['storage.sync', b.sync],
    ['storage.checksum', b.checksum ? 'on' : 'off'],
    ['storage.backlog.mem_limit', b.backlogMemLimit],
    ['storage.max_chunks_up', String(b.maxChunksUp)],
    ['storage.metrics', 'on'],
  ]);
  const inputs = [
    classicSection('INPUT', [
      ['Name', 'tail'],
      ['Tag', 'kube.*'],
      ['Path', '/var/log/containers/*.log'],
      ['Parser', 'cri'],
      ['DB', '/var/log/flb-kube.db'],
      ['Skip_Long_Lines', 'On'],
      ['Refresh_Interval', '10'],
      ['mem_buf_limit', b.memBufLimit],
      ['storage.type', 'filesystem'],
    ]),
    classicSection('INPUT', [
      ['Name', 'systemd'],
      ['Tag', 'host.*'],
      ['Systemd_Filter', '_SYSTEMD_UNIT=kubelet.service'],
      ['Read_From_Tail', 'On'],
      ['DB', '/var/log/flb-systemd.db'],
      ['mem_buf_limit', b.memBufLimit],
      ['storage.type', 'filesystem'],
    ]),
  ].join('\n');
  const filters = [
    classicSection('FILTER', [
      ['Name', 'kubernetes'],
      ['Match', 'kube.*'],
      ['Kube_URL', 'https://kubernetes.default.svc:443'],
      ['Kube_CA_File', '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt'],
      ['Kube_Token_File', '/var/run/secrets/kubernetes.io/serviceaccount/token'],
      ['Kube_Tag_Prefix', 'kube.var.log.containers.'],
      ['Merge_Log', 'On'],
      ['Merge_Log_Key', 'log_processed'],
      ['K8S-Logging.Parser', 'On'],
      ['K8S-Logging.Exclude', 'On'],
    ]),
    classicSection('FILTER', [
      ['Name', 'record_modifier'],
      ['Match', '*'],
      ['Record', `site ${r.identity.site}`],
      ['Record', `ring ${r.identity.ring}`],
      ['Record', `cluster ${r.identity.cluster}`],
    ]),
  ].join('\n');
  const output: Array<[string, string]> = [
    ['Name', 'forward'],
    ['Match', '*'],
    ['Alias', FLUENT_BIT_HUB_OUTPUT_ALIAS],
    ['Host', r.host],
    ['Port', String(r.port)],
    ['Shared_Key', r.sharedKey],
    ['Self_Hostname', r.identity.cluster],
    ['tls', 'On'],
    ['tls.verify', 'On'],
  ];
  if (r.caCertificate !== undefined) output.push(['tls.ca_file', FLUENT_BIT_HUB_CA_PATH]);
  output.push(['storage.total_limit_size', b.totalLimitSize], ['Retry_Limit', 'False']);
  const outputs = classicSection('OUTPUT', output);
  const parsers = [
    classicSection('PARSER', [
      ['Name', 'cri'],
      ['Format', 'regex'],
      ['Regex', '^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<message>.*)$'],
      ['Time_Key', 'time'],
      ['Time_Format', '%Y-%m-%dT%H:%M:%S.%L%z'],
    ]),
    classicSection('PARSER', [
      ['Name', 'json'],
      ['Format', 'json'],
      ['Time_Key', 'time'],
      ['Time_Format', '%d/%b/%Y:%H:%M:%S %z'],
    ]),
  ].join('\n');
  return { service, inputs, filters, outputs, parsers };
}

/** The rendered classic-format sections (what the package writes into fluent-bit.conf and its includes). */
export function fluentBitConfigSections(options: FluentBitValuesOptions): FluentBitSections {
  return sections(resolveFluentBit('fluentBitConfigSections', options));
}

/** Data values of `fluent-bit.tanzu.vmware.com` for one site. */
export function fluentBitValues(options: FluentBitValuesOptions): PlainObject {
  const r = resolveFluentBit('fluentBitValues', options);
  const s = sections(r);
  return {
    namespace: r.namespace,
    fluent_bit: {
      config: { service: s.service, outputs: s.outputs, inputs: s.inputs, filters: s.filters, parsers: s.parsers },
    },
  };
}

/**
 * ytt files that mount the hub CA into the fluent-bit container at
 * FLUENT_BIT_HUB_CA_PATH. Empty when `hub.caCertificate` is unset.
 */
export function fluentBitExtensions(options: FluentBitValuesOptions): YttExtension[] {
  const r = resolveFluentBit('fluentBitExtensions', options);
  if (r.caCertificate === undefined) return [];
  return [
    {
      secretName: 'fluent-bit-hub-ca-ytt',
      files: {
        'hub-ca-secret.yaml': toYaml({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: FLUENT_BIT_HUB_CA_SECRET, namespace: r.namespace },
          type: 'Opaque',
          stringData: { 'ca.crt': r.caCertificate },
        }),
        'hub-ca-overlay.yaml': caOverlay('DaemonSet', 'fluent-bit', 'fluent-bit', FLUENT_BIT_HUB_CA_SECRET, '/fluent-bit/hub-ca'),
      },
    },
  ];
}
