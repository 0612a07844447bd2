/**
 * Splits a stack's Terraform JSON into addressable items (resources, data sources,
 * provider configurations, variables, outputs, terraform settings), without the
 * cdktf `"//"` metadata.
 */
import { isObject } from './json';
import { isStateful } from './rules';
import { BlockKind, JsonValue, RawItemChange, TerraformJson } from './types';

/** One addressable thing of a stack. */
export interface Item {
  readonly block: BlockKind;
  readonly address: string;
  /** Resource or data source type. */
  readonly type?: string;
  /** The item's body without `"//"` keys. */
  readonly body: JsonValue;
}

/** Top-level blocks that are read for their meaning, not diffed as items. */
const INTERPRETED_BLOCKS = new Set(['//', 'moved', 'import', 'removed']);

/** Order of blocks in reports. */
export const BLOCK_ORDER: readonly BlockKind[] = ['resource', 'data', 'provider', 'variable', 'output', 'terraform', 'other'];

/** A deep copy without any `"//"` key (cdktf metadata: construct paths, unique ids). */
export function stripMetadata(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (!isObject(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, v] of Object.entries(value)) if (key !== '//') out[key] = stripMetadata(v);
  return out;
}

/** The entries of an object-valued block, or none. */
function entries(value: JsonValue | undefined): [string, JsonValue][] {
  return isObject(value) ? Object.entries(value).filter(([k]) => k !== '//') : [];
}

/** `resource` or `data`: type → name → body. */
function typedItems(block: 'resource' | 'data', value: JsonValue | undefined): Item[] {
  const prefix = block === 'data' ? 'data.' : '';
  return entries(value).flatMap(([type, byName]) =>
    entries(byName).map(([name, body]) => ({ block, address: `${prefix}${type}.${name}`, type, body: stripMetadata(body) })),
  );
}

/** `provider`: name → list of configurations, told apart by alias. */
function providerItems(value: JsonValue | undefined): Item[] {
  return entries(value).flatMap(([name, configs]) => {
    const list = Array.isArray(configs) ? configs : [configs];
    return list.map((config) => {
      const alias = isObject(config) && typeof config.alias === 'string' ? config.alias : undefined;
      return { block: 'provider' as const, address: alias === undefined ? `provider.${name}` : `provider.${name}.${alias}`, body: stripMetadata(config) };
    });
  });
}

/** Blocks whose entries are items named `<prefix>.<key>`. */
function namedItems(block: BlockKind, prefix: string, value: JsonValue | undefined): Item[] {
  return entries(value).map(([key, body]) => ({ block, address: `${prefix}.${key}`, body: stripMetadata(body) }));
}

/** A top-level block the review has no special knowledge of. */
function otherItems(key: string, value: JsonValue): Item[] {
  if (isObject(value)) return namedItems('other', key === 'locals' ? 'local' : key, value);
  return [{ block: 'other', address: key, body: stripMetadata(value) }];
}

/** Every item of a stack by address. */
export function collectItems(json: TerraformJson): Map<string, Item> {
  const items: Item[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (INTERPRETED_BLOCKS.has(key)) continue;
    if (key === 'resource' || key === 'data') items.push(...typedItems(key, value));
    else if (key === 'provider') items.push(...providerItems(value));
    else if (key === 'variable' || key === 'output' || key === 'terraform') items.push(...namedItems(key, key, value));
    else items.push(...otherItems(key, value));
  }
  return new Map(items.map((item) => [item.address, item]));
}

/** Addresses from `moved` blocks (`to` → `from`). */
export function movedBlocks(json: TerraformJson | undefined): Map<string, string> {
  const moves = new Map<string, string>();
  const list = json?.moved;
  for (const move of Array.isArray(list) ? list : []) {
    if (isObject(move) && typeof move.from === 'string' && typeof move.to === 'string') moves.set(move.to, move.from);
  }
  return moves;
}

/** Addresses that `removed` blocks with `destroy = false` make Terraform forget instead of destroying. */
export function forgottenAddresses(json: TerraformJson | undefined): Set<string> {
  const list = json?.removed;
  const out = new Set<string>();
  for (const entry of Array.isArray(list) ? list : []) {
    if (!isObject(entry) || typeof entry.from !== 'string') continue;
    const lifecycle = Array.isArray(entry.lifecycle) ? entry.lifecycle[0] : entry.lifecycle;
    if (isObject(lifecycle) && lifecycle.destroy === false) out.add(entry.from);
  }
  return out;
}

/** Addresses that `import` blocks adopt. */
export function importedAddresses(json: TerraformJson | undefined): Set<string> {
  const list = json?.import;
  const targets = (Array.isArray(list) ? list : []).map((entry) => (isObject(entry) && typeof entry.to === 'string' ? entry.to : undefined));
  return new Set(targets.filter((t): t is string => t !== undefined));
}

/** The `ring` output of a site stack, or undefined (fleet-level stacks). */
export function ringOf(json: TerraformJson | undefined): string | undefined {
  const outputs = json?.output;
  const ring = isObject(outputs) ? outputs.ring : undefined;
  return isObject(ring) && typeof ring.value === 'string' ? ring.value : undefined;
}

/** `manifest.kind` of a kubernetes_manifest body, or undefined. */
export function manifestKindOf(item: Item | undefined): string | undefined {
  if (item?.type !== 'kubernetes_manifest' || !isObject(item.body)) return undefined;
  const manifest = item.body.manifest;
  return isObject(manifest) && typeof manifest.kind === 'string' ? manifest.kind : undefined;
}

/** `manifest.metadata.name` of a kubernetes_manifest body, or undefined. */
export function manifestNameOf(item: Item | undefined): string | undefined {
  if (item?.type !== 'kubernetes_manifest' || !isObject(item.body)) return undefined;
  const manifest = item.body.manifest;
  const metadata = isObject(manifest) ? manifest.metadata : undefined;
  return isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
}

/** The fields every change of an item has: block, address, type, manifest kind, stateful. */
export function changeHeader(base: Item | undefined, head: Item | undefined): Pick<RawItemChange, 'block' | 'address' | 'type' | 'manifestKind' | 'stateful'> {
  const item = (head ?? base) as Item;
  const manifestKind = manifestKindOf(head) ?? manifestKindOf(base);
  const stateful = item.block === 'resource' && (isStateful(item.type, manifestKindOf(head), manifestNameOf(head)) || isStateful(item.type, manifestKindOf(base), manifestNameOf(base)));
  const header = { block: item.block, address: item.address, stateful };
  return { ...header, ...(item.type === undefined ? {} : { type: item.type }), ...(manifestKind === undefined ? {} : { manifestKind }) };
}
