/**
 * Replacements that follow from other replacements: a resource whose ForceNew
 * attribute refers to a computed attribute (`id`, `moid`, ...) of a replaced
 * resource gets an unknown value there and is replaced too; so is a resource whose
 * `lifecycle.replace_triggered_by` names a changed or replaced resource.
 */
import { Item, changeHeader } from './items';
import { isObject, valueAt } from './json';
import { FORCE_NEW } from './rules';
import { JsonValue, RawItemChange } from './types';

/** A reference to a resource (`vsphere_datacenter.dc.moid`, `helm_release.x`). */
interface Reference {
  readonly address: string;
  readonly attribute?: string;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const REFERENCE = /(?<![\w.$-])([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][A-Za-z0-9_]*))?/g;

/** Every string inside a value. */
function stringsIn(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isObject(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The resource references in a text. */
function referencesIn(text: string): Reference[] {
  return [...text.matchAll(REFERENCE)].map((m) => ({ address: `${m[1]}.${m[2]}`, ...(m[3] === undefined ? {} : { attribute: m[3] }) }));
}

/** References inside `${...}` of a value (attribute values), or anywhere in its strings (meta-arguments). */
function references(value: JsonValue | undefined, interpolatedOnly: boolean): Reference[] {
  const texts = stringsIn(value);
  const parts = interpolatedOnly ? texts.flatMap((t) => [...t.matchAll(INTERPOLATION)].map((m) => m[1])) : texts;
  return parts.flatMap(referencesIn);
}

/** True when the attribute is not set in the configuration: computed by the provider, unknown after a replacement. */
function isComputed(target: Item | undefined, attribute: string | undefined): boolean {
  return target !== undefined && attribute !== undefined && !(isObject(target.body) && attribute in target.body);
}

/** Why an item's ForceNew attributes are unknown: replaced resources they refer to. */
function forceNewDependencies(item: Item, changes: ReadonlyMap<string, RawItemChange>, head: ReadonlyMap<string, Item>): string[] {
  const reasons: string[] = [];
  for (const entry of FORCE_NEW[item.type ?? ''] ?? []) {
    for (const ref of references(valueAt(item.body, entry.split('.')), true)) {
      if (changes.get(ref.address)?.kind !== 'replaced' || !isComputed(head.get(ref.address), ref.attribute)) continue;
      reasons.push(`${entry} depends on ${ref.address}.${ref.attribute} (replaced)`);
    }
  }
  return reasons;
}

/** Changed or replaced resources named in the item's `lifecycle.replace_triggered_by`. */
function triggers(item: Item, changes: ReadonlyMap<string, RawItemChange>): string[] {
  const listed = valueAt(item.body, ['lifecycle', 'replace_triggered_by']);
  const addresses = new Set(references(listed, false).map((r) => r.address));
  return [...addresses]
    .filter((a) => a !== item.address && ['changed', 'replaced'].includes(changes.get(a)?.kind ?? ''))
    .map((a) => `replace_triggered_by ${a} (${changes.get(a)?.kind})`);
}

/** The item's change made a replacement for the given reasons. */
function asReplacement(item: Item, change: RawItemChange | undefined, reasons: readonly string[]): RawItemChange {
  const current = change ?? { ...changeHeader(item, item), kind: 'changed', attributes: [] };
  return { ...current, kind: 'replaced', replacedBecause: [...new Set([...(current.replacedBecause ?? []), ...reasons])] };
}

/**
 * Marks as replaced (in place, in `changes`) every head resource that a replacement
 * elsewhere in the stack replaces too, until nothing more follows.
 */
export function cascadeReplacements(changes: Map<string, RawItemChange>, head: ReadonlyMap<string, Item>): void {
  let grew = true;
  while (grew) {
    grew = false;
    for (const [address, item] of head) {
      const change = changes.get(address);
      if (item.block !== 'resource' || change?.kind === 'replaced' || change?.kind === 'added') continue;
      const reasons = [...forceNewDependencies(item, changes, head), ...triggers(item, changes)];
      if (reasons.length === 0) continue;
      changes.set(address, asReplacement(item, change, reasons));
      grew = true;
    }
  }
}
