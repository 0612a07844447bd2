/**
 * Shared types, constants and checks for the data values of the Tanzu standard packages
 * and the hub Helm charts (constructs/addons/values/*). Everything here is pure: no
 * constructs, no files, no environment.
 *
 * Sources:
 * - Package refNames: ../shared/reference/04-packages-and-charts.md section 2 (authoritative),
 *   which cites aucloud/aucloud.github.io and davlloyd/k8s-demo-material.
 * - Target namespaces: the TKG conventions in the same section (`tanzu-system-ingress`,
 *   `tanzu-system-monitoring`, `tanzu-system-dashboards`); `tanzu-system-logging` is the
 *   `namespace` default of the TKG fluent-bit package (pichuang/tanzu-packages-toolbox
 *   `fluent-bit/fluent-bit-data-values.yaml.org`, fluent-bit.tanzu.vmware.com
 *   1.7.5+vmware.1-tkg.1); `tanzu-system-service-discovery` is the namespace of the
 *   external-dns example in vmware-tanzu/community-edition
 *   `addons/packages/external-dns/0.12.0/bundle/config/schema.yaml`; `cert-manager` is the
 *   `namespace` default of vmware-tanzu/community-edition
 *   `addons/packages/cert-manager/1.8.0/bundle/config/values.yaml`; `kube-system` is the
 *   `namespace` default of `addons/packages/multus-cni/3.7.1/bundle/config/values.yaml`.
 * - `ext.packaging.carvel.dev/ytt-paths-from-secret-name.N`: reference section 1
 *   (carvel-dev/kapp-controller v0.53.1 `pkg/packageinstall/app.go`).
 */
import { isPemCertificate } from '../../catalog/rules';

/** Package refNames of the Tanzu standard packages this fleet installs. */
export const PACKAGE_REF_NAMES = Object.freeze({
  certManager: 'cert-manager.tanzu.vmware.com',
  contour: 'contour.tanzu.vmware.com',
  prometheus: 'prometheus.tanzu.vmware.com',
  grafana: 'grafana.tanzu.vmware.com',
  fluentBit: 'fluent-bit.tanzu.vmware.com',
  externalDns: 'external-dns.tanzu.vmware.com',
  multus: 'multus-cni.tanzu.vmware.com',
} as const);

/** Namespaces in the workload cluster where each add-on's objects go (TKG conventions). */
export const ADDON_NAMESPACES = Object.freeze({
  certManager: 'cert-manager',
  ingress: 'tanzu-system-ingress',
  monitoring: 'tanzu-system-monitoring',
  dashboards: 'tanzu-system-dashboards',
  logging: 'tanzu-system-logging',
  serviceDiscovery: 'tanzu-system-service-discovery',
  multus: 'kube-system',
} as const);

/**
 * Annotation prefix of a PackageInstall that adds ytt files from a Secret (in the
 * PackageInstall's namespace) to the package's templating step; append the index, e.g.
 * `ext.packaging.carvel.dev/ytt-paths-from-secret-name.0`.
 */
export const YTT_PATHS_FROM_SECRET_ANNOTATION_PREFIX = 'ext.packaging.carvel.dev/ytt-paths-from-secret-name.';

/** Who a site is: put on every metric (external labels) and log record it ships. */
export interface SiteIdentity {
  /** Site id, e.g. `edge33` (a DNS label). */
  readonly site: string;
  /** Rollout ring, e.g. `canary` (a DNS label). */
  readonly ring: string;
  /** Workload cluster name, e.g. `tkg-edge33-wld01` (a DNS label). */
  readonly cluster: string;
}

/** An endpoint at the hub that a site sends to, verified with TLS. */
export interface HubEndpoint {
  /** `https://` URL. */
  readonly url: string;
  /**
   * PEM CA certificate that signed the hub endpoint's certificate. Unset: the
   * container's system trust store verifies it. Never a reason to turn verification off.
   * @default none
   */
  readonly caCertificate?: string;
}

/**
 * Extra ytt files for a PackageInstall: create a Secret named `secretName` in the
 * PackageInstall's namespace whose keys are the file names and values the file
 * contents, and point the annotation `YTT_PATHS_FROM_SECRET_ANNOTATION_PREFIX + N` at it.
 * Used where the package's data values cannot express something (mounting a CA file,
 * provisioning dashboards). The resources in the files land in the workload cluster with
 * the package's own objects and are owned by the same kapp app.
 */
export interface YttExtension {
  readonly secretName: string;
  readonly files: Readonly<Record<string, string>>;
}

/** One Prometheus alerting rule. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One Prometheus rule group. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** One Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A group of recording rules (a rule file may hold both kinds of group). */
export interface RecordingGroup {
  readonly name: string;
  readonly rules: readonly RecordingRule[];
}

/** A Prometheus rule file (`groups:`), also the `spec` of a PrometheusRule. */
export interface RuleFile {
  readonly groups: ReadonlyArray<RuleGroup | RecordingGroup>;
}

/** True for a group of alerting rules. */
export function isAlertGroup(group: RuleGroup | RecordingGroup): group is RuleGroup {
  return group.rules.every((r) => 'alert' in r);
}

/** A plain JSON-like value: what the values functions return. */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };
/** A plain JSON-like object. */
export type PlainObject = { readonly [key: string]: PlainValue };

// ---------------------------------------------------------------------------------------
// Checks. Every rejection names the function, the field, the value and what is allowed:
//   prometheusValues: retention.time '2 days' is not allowed; allowed: a Prometheus duration such as 48h or 2d
// ---------------------------------------------------------------------------------------

/** The text of a rejected value as it appears in messages. */
export function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const flat = value.replace(/\s*\n\s*/g, ' ');
    return `'${flat.length > 60 ? `${flat.slice(0, 57)}...` : flat}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(shown).join(', ')}]`;
  return 'a mapping';
}

/** Throws the one error format of this module. */
export function reject(fn: string, field: string, value: unknown, allowed: string): never {
  throw new Error(`${fn}: ${field} ${shown(value)} is not allowed; allowed: ${allowed}`);
}

/** A Terraform token such as `${var.x}` or `${random_password.p.result}`: opaque, never inspected. */
export function isTerraformToken(value: string): boolean {
  return /\$\{[^}]+\}/.test(value);
}

export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** Prometheus label name (also alert label keys). */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function checkDnsLabel(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) reject(fn, field, value, 'a DNS label: lowercase letters, digits and hyphens, at most 63 characters');
  return value;
}

export function checkDnsName(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !DNS_NAME.test(value)) reject(fn, field, value, 'a lowercase DNS name such as grafana.edge33.example.com');
  return value;
}

export function checkIpv4(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !IPV4.test(value)) reject(fn, field, value, 'an IPv4 address such as 10.33.3.20');
  return value;
}

export function checkIdentity(fn: string, identity: SiteIdentity | undefined): SiteIdentity {
  if (identity === undefined || identity === null || typeof identity !== 'object') reject(fn, 'identity', identity, 'a mapping with site, ring and cluster');
  return {
    site: checkDnsLabel(fn, 'identity.site', identity.site),
    ring: checkDnsLabel(fn, 'identity.ring', identity.ring),
    cluster: checkDnsLabel(fn, 'identity.cluster', identity.cluster),
  };
}

/** A non-empty opaque secret string (a Terraform token or a literal); its content is never inspected. */
export function checkSecret(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string') reject(fn, field, value, 'a non-empty string, usually a Terraform reference such as ${var.x}');
  if (value.trim() === '') reject(fn, field, value, 'a non-empty string, usually a Terraform reference such as ${var.x}');
  // The value is a secret: a rejection never prints it.
  if (/[\r\n]/.test(value)) reject(fn, field, '(redacted)', 'a single-line string');
  return value;
}

export function checkPositiveInt(fn: string, field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) reject(fn, field, value, `an integer from 1 to ${max}`);
  return value;
}

export function checkRatio(fn: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) reject(fn, field, value, 'a number greater than 0 and less than 1, such as 0.05');
  return value;
}

export function checkPositiveNumber(fn: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) reject(fn, field, value, 'a number greater than 0');
  return value;
}

/** True when the text is one PEM-encoded X.509 certificate that parses. */
/** A PEM CA certificate; a Terraform token is accepted as is. Returned with one trailing newline. */
export function checkPem(fn: string, field: string, value: unknown): string {
  if (typeof value === 'string' && isTerraformToken(value)) return value;
  if (typeof value !== 'string' || !isPemCertificate(value.trim() + '\n')) reject(fn, field, value, 'one PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- ...)');
  return value.trim() + '\n';
}

/** An `https://` URL (host, optional port and path). */
export function checkHttpsUrl(fn: string, field: string, value: unknown): URL {
  let url: URL | undefined;
  if (typeof value === 'string' && !/\s/.test(value)) {
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
  }
  if (url === undefined || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '' || url.hash !== '') {
    reject(fn, field, value, 'an https:// URL without credentials, such as https://prometheus.hub.example.com/api/v1/write (TLS is always verified)');
  }
  return url;
}

const PROM_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Seconds of a Prometheus duration (`1y2w3d4h5m6s7ms` units in that order), or undefined. */
export function promDurationSeconds(text: string): number | undefined {
  if (text === '') return undefined;
  const m = PROM_DURATION.exec(text);
  if (!m) return undefined;
  const [y, w, d, h, min, s, ms] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const total = y * 365 * 86400 + w * 7 * 86400 + d * 86400 + h * 3600 + min * 60 + s + ms / 1000;
  return total > 0 ? total : undefined;
}

export function checkPromDuration(fn: string, field: string, value: unknown, minSeconds = 0): string {
  const seconds = typeof value === 'string' ? promDurationSeconds(value) : undefined;
  if (seconds === undefined) reject(fn, field, value, 'a Prometheus duration such as 48h or 2d');
  if (seconds < minSeconds) reject(fn, field, value, `a Prometheus duration of at least ${humanSeconds(minSeconds)}`);
  return value as string;
}

/** Go duration as Kubernetes objects and Contour take them: `8760h`, `90m`, `30s`. */
export function checkGoDuration(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^(?:\d+h)?(?:\d+m)?(?:\d+s)?$/.test(value) || value === '' || !/[1-9]/.test(value)) {
    reject(fn, field, value, 'a duration in hours, minutes and seconds such as 8760h or 90m');
  }
  return value;
}

export function humanSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const PROM_SIZE_UNITS: Readonly<Record<string, number>> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50 };

/** Bytes of a Prometheus size such as `40GB` (base 2, as `--storage.tsdb.retention.size` reads it). */
export function promSizeBytes(text: string): number | undefined {
  const m = /^([1-9]\d*)(B|KB|MB|GB|TB|PB)$/.exec(text);
  return m ? Number(m[1]) * PROM_SIZE_UNITS[m[2]] : undefined;
}

const QUANTITY_UNITS: Readonly<Record<string, number>> = { Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** Bytes of a Kubernetes storage quantity with a binary suffix (`150Gi`), or undefined. */
export function quantityBytes(text: string): number | undefined {
  const m = /^([1-9]\d*)(Mi|Gi|Ti)$/.exec(text);
  return m ? Number(m[1]) * QUANTITY_UNITS[m[2]] : undefined;
}

export function checkQuantity(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || quantityBytes(value) === undefined) reject(fn, field, value, 'a storage size in Mi, Gi or Ti such as 50Gi');
  return value;
}

/** Fluent Bit unit size: `5M`, `512K`, `2G` (optionally with a B: `5MB`). */
export function checkFluentBitSize(fn: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[1-9]\d*(K|M|G)B?$/.test(value)) reject(fn, field, value, 'a Fluent Bit size such as 512K, 5M or 2G');
  return value;
}

/** Annotation or label map: keys as Kubernetes allows, string values; returned sorted by key. */
export function checkStringMap(fn: string, field: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) reject(fn, field, value, 'a mapping of strings');
  const out: Record<string, string> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key)) reject(fn, `${field} key`, key, 'a Kubernetes annotation or label key such as example.com/name');
    if (typeof v !== 'string') reject(fn, `${field}.${key}`, v, 'a string');
    out[key] = v;
  }
  return out;
}

/** Rejects keys a function does not know (typos would otherwise be silently ignored). */
export function checkKnownKeys(fn: string, field: string, value: object | undefined, known: readonly string[]): void {
  if (value === undefined || value === null) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) reject(fn, field === '' ? key : `${field}.${key}`, (value as Record<string, unknown>)[key], `a known key: ${known.join(', ')}`);
  }
}

/** YAML as every file of this module renders it: insertion order kept, no folding. */
export { toYaml } from '../../yaml';

/**
 * Splits values into the part without Terraform tokens and the part with them (each
 * leaf string that holds a token, with its path), so a caller can keep secrets out of the
 * synthesized output: a leaf inside a list moves the whole list. Deep-merging the two
 * gives back the input.
 */
export function splitTerraformTokens(values: PlainObject): { readonly values: PlainObject; readonly secretValues: PlainObject } {
  const hasToken = (v: PlainValue): boolean => {
    if (typeof v === 'string') return isTerraformToken(v);
    if (Array.isArray(v)) return v.some(hasToken);
    if (v !== null && typeof v === 'object') return Object.values(v).some(hasToken);
    return false;
  };
  const split = (obj: PlainObject): [PlainObject, PlainObject] => {
    const plain: Record<string, PlainValue> = {};
    const secret: Record<string, PlainValue> = {};
    for (const [key, v] of Object.entries(obj)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const [p, s] = split(v as PlainObject);
        if (Object.keys(p).length > 0 || Object.keys(s).length === 0) plain[key] = p;
        if (Object.keys(s).length > 0) secret[key] = s;
      } else if (hasToken(v)) {
        secret[key] = v;
      } else {
        plain[key] = v;
      }
    }
    return [plain, secret];
  };
  const [plain, secret] = split(values);
  return { values: plain, secretValues: secret };
}
