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

/** Attribute keys whose values are secret wherever they appear in a path. */
export const SECRET_KEY = /password|passwd|secret|token|private_key|access_secret|bearer/i;

/** Keys that declare their content sensitive: `set_sensitive` (helm_release), `sensitive_values`. Not the bare `sensitive` flag. */
const SENSITIVE_KEY = /^sensitive_|_sensitive$/i;

/**
 * `key: value` or `"key": "value"` inside a text (YAML or JSON held in a string,
 * such as Helm `values`) whose key looks like a secret; group 3 is the value.
 */
const EMBEDDED_SECRET = /(["']?)([\w.-]*(?:password|passwd|secret|token|private_key|access_secret|bearer)[\w.-]*)\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,}\]]+)/gi;

/** Attributes holding secret data by resource type (the data of Kubernetes secrets, Helm's set_sensitive). */
const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  helm_release: ['set_sensitive'],
  kubernetes_secret: ['data', 'binary_data'],
  kubernetes_secret_v1: ['data', 'binary_data'],
};

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

/** True when a key's value is secret (see {@link SECRET_KEY}). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || SENSITIVE_KEY.test(key);
}

/** True when any key of the path looks like a secret, or the type keeps secret data there. */
export function isSecretPath(type: string | undefined, manifestKind: string | undefined, path: readonly PathSegment[]): boolean {
  const keys = keysOf(path);
  if (keys.some(isSecretKey)) return true;
  const typed = type === undefined ? [] : SECRET_ATTRIBUTES[type] ?? [];
  const manifest = type === 'kubernetes_manifest' && manifestKind !== undefined ? SECRET_MANIFEST_PATHS[manifestKind] ?? [] : [];
  return [...typed, ...manifest].some((p) => startsWith(keys, p.split('.')));
}

/** True when a string value holds a PEM private key (masked whatever its key). */
export function looksLikePrivateKey(value: JsonValue | undefined): boolean {
  return typeof value === 'string' && PRIVATE_KEY_PEM.test(value);
}

/** A text with the values of secret-looking `key: value` pairs inside it masked (YAML or JSON in a string). */
export function maskEmbedded(text: string): string {
  return text.replace(EMBEDDED_SECRET, (_all, quote: string, key: string, separator: string) => `${quote}${key}${quote}${separator}${SENSITIVE}`);
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
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? SENSITIVE : maskNested(v);
    return out;
  }
  return value;
}
