/**
 * What the review knows about resource types: which are stateful, which attributes
 * force replacement (ForceNew in the provider schemas), which values are secret.
 * The one place to extend when the fleet uses a new resource type.
 */
import { PathSegment, isObject, sameJson, valueAt } from './json';
import { JsonValue, SENSITIVE } from './types';

// What is stateful is defined once, for destroy protection and for this review.
export { STATEFUL_MANIFEST_KINDS, STATEFUL_TYPES, isStateful } from '../../constructs/policy/stateful';

/**
 * Attributes that force replacement, per resource type, as dotted paths without
 * array indexes. A change at the path or anywhere below it (`ovf_deploy` covers
 * `ovf_deploy[0].remote_ovf_url`) replaces the resource.
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  vsphere_datacenter: ['name', 'folder'],
  vsphere_compute_cluster: ['datacenter_id'],
  vsphere_distributed_virtual_switch: ['datacenter_id', 'folder'],
  vsphere_distributed_port_group: ['distributed_virtual_switch_uuid'],
  vsphere_vnic: ['host', 'netstack'],
  vsphere_content_library: ['name', 'description', 'storage_backing', 'publication', 'subscription'],
  vsphere_virtual_machine: ['ovf_deploy'],
  harbor_replication: ['action'],
  harbor_registry: ['provider_name'],
  helm_release: ['name', 'namespace'],
  kubernetes_manifest: ['manifest.apiVersion', 'manifest.kind', 'manifest.metadata.name', 'manifest.metadata.namespace'],
};

/** Attribute keys whose values are secret wherever they appear in a path (unless they name a secret: {@link isSecretName}). */
export const SECRET_KEY = /password|passwd|secret|token|private_key|access_secret|bearer/i;

/** Keys that declare their content sensitive: `set_sensitive` (helm_release), `sensitive_values`. Not the bare `sensitive` flag. */
const SENSITIVE_KEY = /^sensitive_|_sensitive$/i;

/**
 * Keys that name or point at a secret rather than hold one, as the catalog and the
 * fleet policy read them (constructs/policy/fleet-policy.ts): `tls_secret_name`,
 * `ext.packaging.carvel.dev/ytt-paths-from-secret-name.0`, and in camelCase
 * `secretName`, `kubeconfigSecretRef`, `secretKeyRef`. Unlike the policy, `..._id` is
 * not among them: a `secret_id` is a credential.
 */
const SECRET_NAME_KEY = /[_-](name|names|ref)(\.\d+)?$/i;
const SECRET_NAME_KEY_CAMEL = /[a-z0-9](Name|Names|Ref)(\.\d+)?$/;

/** Keys whose value is by definition the name of a Kubernetes Secret: ingress-nginx annotations. */
const SECRET_NAME_ANNOTATIONS: ReadonlySet<string> = new Set([
  'nginx.ingress.kubernetes.io/auth-secret',
  'nginx.ingress.kubernetes.io/auth-tls-secret',
  'nginx.ingress.kubernetes.io/proxy-ssl-secret',
]);

/**
 * Keys that, directly under a secret-looking key, say that it refers to a Secret instead
 * of holding one: a Kubernetes `secret` volume (`secret_name`, `items`, `default_mode`,
 * `optional`), `imagePullSecrets[].name`, Harbor's `expose.tls.secret.secretName`.
 */
const SECRET_REFERENCE_FIELDS: ReadonlySet<string> = new Set(['name', 'secretName', 'secret_name', 'items', 'defaultMode', 'default_mode', 'optional']);

/**
 * The data key of an add-on's values Secret that holds its plain values
 * (VALUES_KEY in constructs/packages/package-install.ts): the construct writes only
 * values without secrets there, as readable YAML, and every value holding a Terraform
 * reference to `secret-values.yaml`, which stays masked. It is shown like a Helm
 * release's `values`: secret-looking `key: value` pairs in it are masked.
 */
export const PLAIN_VALUES_KEY = 'values.yaml';

/**
 * `key: value` or `"key": "value"` (or `key = value`) on one line of a text (YAML or JSON
 * held in a string, such as Helm `values`) whose key looks like a secret; group 2 is the
 * key, group 4 the value, which is never empty.
 */
const EMBEDDED_SECRET = /(["']?)([\w./-]*(?:password|passwd|secret|token|private_key|access_secret|bearer)[\w./-]*)\1([ \t]*[:=][ \t]*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,}\]]+)/gi;

/** A YAML key line: indentation (with a `- ` of a list item), the key (quoted or not), what follows the colon. */
const YAML_KEY_LINE = /^([ \t]*(?:-[ \t]+)?)(["']?)([^\s"':#]+)\2[ \t]*:(?:[ \t]+(.*))?$/;

/** Attributes holding secret data by resource type (the data of Kubernetes secrets, Helm's set_sensitive). */
const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  helm_release: ['set_sensitive'],
  kubernetes_secret: ['data', 'binary_data'],
  kubernetes_secret_v1: ['data', 'binary_data'],
};

/** Secret types whose `data` entry {@link PLAIN_VALUES_KEY} is shown (the provider takes it as plain text). */
const PLAIN_VALUES_TYPES: ReadonlySet<string> = new Set(['kubernetes_secret', 'kubernetes_secret_v1']);

/** Manifest kinds whose data is secret, and where that data is. */
const SECRET_MANIFEST_PATHS: Readonly<Record<string, readonly string[]>> = {
  Secret: ['manifest.data', 'manifest.stringData'],
};

const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** The string keys of a path, without array indexes (`ovf_deploy[0].x` → ovf_deploy, x). */
function keysOf(path: readonly PathSegment[]): string[] {
  return path.filter((s): s is string => typeof s === 'string');
}

/** True when `prefix` (dotted) is the start of `keys`. */
function startsWith(keys: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= keys.length && prefix.every((k, i) => keys[i] === k);
}

/**
 * The FORCE_NEW entry a change at `path` touches, or undefined. A change above an
 * entry (a whole `manifest` replaced by another value) counts when the values under
 * the entry differ.
 */
export function forceNewEntry(type: string | undefined, path: readonly PathSegment[], before: JsonValue | undefined, after: JsonValue | undefined): string | undefined {
  if (type === undefined) return undefined;
  const keys = keysOf(path);
  for (const entry of FORCE_NEW[type] ?? []) {
    const entryKeys = entry.split('.');
    if (startsWith(keys, entryKeys)) return entry;
    if (startsWith(entryKeys, keys)) {
      const rest = entryKeys.slice(keys.length);
      if (!sameJson(valueAt(before, rest), valueAt(after, rest))) return entry;
    }
  }
  return undefined;
}

/** True when a key names or points at a secret rather than holding one: `secretName`, `tls_secret_name`, `kubeconfigSecretRef`. */
export function isSecretName(key: string): boolean {
  return SECRET_NAME_KEY.test(key) || SECRET_NAME_KEY_CAMEL.test(key) || SECRET_NAME_ANNOTATIONS.has(key);
}

/** True when a key's value is secret (see {@link SECRET_KEY}), and the key does not merely name a secret. */
export function isSecretKey(key: string): boolean {
  return (SECRET_KEY.test(key) || SENSITIVE_KEY.test(key)) && !isSecretName(key);
}

/** True when the secret-looking key at `index` of `keys` refers to a Secret (its next key is a reference field). */
function refersToSecret(keys: readonly string[], index: number): boolean {
  return index + 1 < keys.length && SECRET_REFERENCE_FIELDS.has(keys[index + 1]);
}

/**
 * True when a key of the path holds a secret (a secret-looking key that neither names a
 * secret nor refers to one), or the type keeps secret data there (the data of a
 * Kubernetes Secret, but not the plain `values.yaml` of an add-on's values Secret).
 */
export function isSecretPath(type: string | undefined, manifestKind: string | undefined, path: readonly PathSegment[]): boolean {
  const keys = keysOf(path);
  if (keys.some((key, i) => isSecretKey(key) && !refersToSecret(keys, i))) return true;
  const typed = type === undefined ? [] : SECRET_ATTRIBUTES[type] ?? [];
  const manifest = type === 'kubernetes_manifest' && manifestKind !== undefined ? SECRET_MANIFEST_PATHS[manifestKind] ?? [] : [];
  const plainValues = type !== undefined && PLAIN_VALUES_TYPES.has(type) && keys.length === 2 && keys[0] === 'data' && keys[1] === PLAIN_VALUES_KEY;
  return !plainValues && [...typed, ...manifest].some((p) => startsWith(keys, p.split('.')));
}

/** True for a value that cannot hold a secret, whatever its key: a boolean or null (`automount_service_account_token = true`). */
export function cannotBeSecret(value: JsonValue | undefined): boolean {
  return typeof value === 'boolean' || value === null;
}

/** True when a string value holds a PEM private key (masked whatever its key). */
export function looksLikePrivateKey(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && PRIVATE_KEY_PEM.test(value);
}

/** Indentation of a line (tabs count as one column). */
function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Index after the block that follows line `i`: the lines indented deeper than `column`, and blank lines between them. */
function blockEnd(lines: readonly string[], i: number, column: number): number {
  let end = i + 1;
  for (let j = i + 1; j < lines.length; j++) {
    if (lines[j].trim() === '') continue;
    if (indentOf(lines[j]) <= column) break;
    end = j + 1;
  }
  return end;
}

/** The keys of the first level of a YAML block (lines `from` to `to`). */
function blockKeys(lines: readonly string[], from: number, to: number): string[] {
  const first = lines.slice(from, to).find((l) => l.trim() !== '');
  if (first === undefined) return [];
  const column = indentOf(first);
  return lines
    .slice(from, to)
    .filter((l) => l.trim() !== '' && indentOf(l) === column)
    .map((l) => YAML_KEY_LINE.exec(l)?.[3] ?? '');
}

/**
 * A YAML text with what is under a secret-looking key on the following lines masked:
 * a block scalar (`password: |` and its indented lines) or a nested block (`token:` and
 * the lines below it), unless that block only refers to a Secret (`secret:` then
 * `secretName: harbor-tls`, a Kubernetes secret volume). Other lines stay as they are.
 */
function maskYamlBlocks(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = YAML_KEY_LINE.exec(lines[i]);
    const rest = (match?.[4] ?? '').replace(/[ \t]+#.*$/, '').trim();
    const opens = rest === '' || /^[|>][-+0-9]*$/.test(rest);
    if (match === null || !opens || !isSecretKey(match[3])) {
      out.push(lines[i]);
      continue;
    }
    // The block is what is indented deeper than the key (which starts after the `- ` of a list item).
    const end = blockEnd(lines, i, match[1].length);
    const reference = rest === '' && blockKeys(lines, i + 1, end).every((k) => SECRET_REFERENCE_FIELDS.has(k) || isSecretName(k));
    if (end === i + 1 || reference) {
      out.push(lines[i]);
      continue;
    }
    out.push(`${match[1]}${match[2]}${match[3]}${match[2]}: ${SENSITIVE}`);
    i = end - 1;
  }
  return out.join('\n');
}

/**
 * A text with the values of secret-looking keys inside it masked (YAML or JSON in a
 * string): `key: value` pairs on one line, and the block under such a key on the lines
 * that follow. Keys that name a secret (`secretName: harbor-tls`) are not masked.
 */
export function maskEmbedded(text: string): string {
  return maskYamlBlocks(text).replace(EMBEDDED_SECRET, (all: string, quote: string, key: string, separator: string) =>
    isSecretName(key) ? all : `${quote}${key}${quote}${separator}${SENSITIVE}`,
  );
}

/** True for an object that refers to a Secret (`{ secret_name: "x", items: [...] }`, `{ name: "x" }`) or a list of such objects. */
function refersToSecretValue(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(refersToSecretValue);
  return isObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => SECRET_REFERENCE_FIELDS.has(k) || isSecretName(k));
}

/**
 * A copy of a value with every secret inside replaced by `(sensitive)`: values under
 * a secret-looking key, strings holding a private key, and secret-looking
 * `key: value` pairs inside strings.
 */
export function maskNested(value: JsonValue): JsonValue {
  if (looksLikePrivateKey(value)) return SENSITIVE;
  if (typeof value === 'string') return maskEmbedded(value);
  if (Array.isArray(value)) return value.map(maskNested);
  if (isObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) && !cannotBeSecret(v) && !refersToSecretValue(v) ? SENSITIVE : maskNested(v);
    return out;
  }
  return value;
}
