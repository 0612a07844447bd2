/**
 * Small helpers on JSON values and paths inside them.
 */
import { JsonObject, JsonValue } from './types';

/** A path inside an item: object keys and array indexes. */
export type PathSegment = string | number;

/** True for a JSON object (not an array, not null). */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A path as text: keys joined by `.`, indexes as `[i]`, keys that are not plain
 * identifiers quoted: `manifest.metadata.labels["app.kubernetes.io/name"]`,
 * `vsan_stretched_cluster[0].witness_node`.
 */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!PLAIN_KEY.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** The value at a key path, or undefined. */
export function valueAt(value: JsonValue | undefined, keys: readonly PathSegment[]): JsonValue | undefined {
  let node = value;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) node = typeof key === 'number' ? node[key] : undefined;
    else node = typeof key === 'string' ? node[key] : undefined;
  }
  return node;
}

/** Deep equality of JSON values (object key order ignored). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON text with object keys sorted: equal values give equal text. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
