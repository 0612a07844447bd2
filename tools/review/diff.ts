/**
 * The difference of one stack between base and head: which items are added,
 * removed, changed, replaced or moved, which attribute paths changed, and the
 * warnings a reviewer must see. Pure: no files, no output, values not yet masked.
 */
import { BLOCK_ORDER, Item, changeHeader, collectItems, forgottenAddresses, importedAddresses, manifestKindOf, movedBlocks, ringOf } from './items';
import { PathSegment, formatPath, isObject, sameJson } from './json';
import { cannotBeSecret, forceNewEntry, isSecretPath, looksLikePrivateKey } from './rules';
import { cascadeReplacements } from './cascade';
import { RemovedStack, stackWarnings } from './warnings';
import { outputValue, stackSide, stateLocation } from './facts';
import { WaivedFinding, diffWaivers } from './waivers';
import { JsonValue, RawAttributeChange, RawItemChange, StackDiff, StackFacts, StackInput, StackScope, TerraformJson } from './types';

/** A changed leaf (a path and its values) before the rules say what it means. */
export interface Leaf {
  readonly path: PathSegment[];
  readonly op: 'added' | 'removed' | 'changed';
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** What the rules need to know about the item a leaf belongs to. */
interface ItemContext {
  readonly block: Item['block'];
  readonly type?: string;
  readonly manifestKind?: string;
  /** Top-level attributes whose whole value is secret (the default of a sensitive variable). */
  readonly sensitiveRoots: readonly string[];
}

/** Every leaf of a value, as added or removed, keys sorted (an empty object or array is a leaf). */
function flatten(value: JsonValue, path: PathSegment[], op: 'added' | 'removed', out: Leaf[]): void {
  const children: [PathSegment, JsonValue][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : isObject(value)
      ? Object.keys(value)
          .sort()
          .map((k) => [k, value[k]])
      : [];
  if (children.length === 0) {
    out.push(op === 'added' ? { path, op, after: value } : { path, op, before: value });
    return;
  }
  for (const [key, child] of children) flatten(child, [...path, key], op, out);
}

/** The changed leaves between two values: objects by key (sorted), arrays by index. */
export function diffValues(before: JsonValue | undefined, after: JsonValue | undefined, path: PathSegment[] = [], out: Leaf[] = []): Leaf[] {
  if (before === undefined && after === undefined) return out;
  if (before === undefined) flatten(after as JsonValue, path, 'added', out);
  else if (after === undefined) flatten(before, path, 'removed', out);
  else if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) diffValues(before[key], after[key], [...path, key], out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) diffValues(before[i], after[i], [...path, i], out);
  } else if (!sameJson(before, after)) out.push({ path, op: 'changed', before, after });
  return out;
}

/** The rules' context of an item (head wins over base). */
function contextOf(base: Item | undefined, head: Item | undefined): ItemContext {
  const item = (head ?? base) as Item;
  const sensitiveRoots: string[] = [];
  const marked = (i: Item | undefined) => i !== undefined && isObject(i.body) && i.body.sensitive === true;
  if (marked(base) || marked(head)) {
    if (item.block === 'variable') sensitiveRoots.push('default');
    if (item.block === 'output') sensitiveRoots.push('value');
  }
  return { block: item.block, type: item.type, manifestKind: manifestKindOf(head) ?? manifestKindOf(base), sensitiveRoots };
}

/** True when neither value of a leaf can hold a secret (booleans and null: `automount_service_account_token = true`). */
function plainLeaf(leaf: Leaf): boolean {
  return (leaf.before === undefined || cannotBeSecret(leaf.before)) && (leaf.after === undefined || cannotBeSecret(leaf.after));
}

/** A leaf with what the rules say: secret or not, ForceNew or not. */
function decorate(leaf: Leaf, ctx: ItemContext): RawAttributeChange {
  const sensitive =
    (isSecretPath(ctx.type, ctx.manifestKind, leaf.path) && !plainLeaf(leaf)) ||
    ctx.sensitiveRoots.includes(String(leaf.path[0])) ||
    looksLikePrivateKey(leaf.before) ||
    looksLikePrivateKey(leaf.after);
  const forceNew = ctx.block === 'resource' ? forceNewEntry(ctx.type, leaf.path, leaf.before, leaf.after) : undefined;
  return {
    path: formatPath(leaf.path),
    op: leaf.op,
    ...(leaf.op === 'added' ? {} : { before: leaf.before }),
    ...(leaf.op === 'removed' ? {} : { after: leaf.after }),
    sensitive,
    forcesReplacement: forceNew !== undefined,
  };
}

/** The change of an item present on both sides (under the same or a moved address), or undefined. */
function changedItem(base: Item, head: Item, movedFrom: string | undefined): RawItemChange | undefined {
  const ctx = contextOf(base, head);
  const attributes = diffValues(base.body, head.body).map((leaf) => decorate(leaf, ctx));
  if (attributes.length === 0 && movedFrom === undefined) return undefined;
  const forced = [...new Set(attributes.filter((a) => a.forcesReplacement).map((a) => `${a.path} changed`))];
  const kind = forced.length > 0 ? 'replaced' : movedFrom !== undefined ? 'moved' : 'changed';
  return {
    ...changeHeader(base, head),
    kind,
    ...(movedFrom === undefined ? {} : { movedFrom }),
    ...(forced.length > 0 ? { replacedBecause: forced } : {}),
    attributes,
  };
}

/** An item only in head: every attribute as added, unless the whole stack is new. */
function addedItem(head: Item, withAttributes: boolean, imported: boolean): RawItemChange {
  const ctx = contextOf(undefined, head);
  const attributes = withAttributes ? diffValues(undefined, head.body).map((leaf) => decorate(leaf, ctx)) : [];
  return { ...changeHeader(undefined, head), kind: 'added', ...(imported ? { imported } : {}), attributes };
}

/** An item only in base: destroyed (resources) or gone. */
function removedItem(base: Item): RawItemChange {
  return { ...changeHeader(base, undefined), kind: 'removed', attributes: [] };
}

/** Sort order of changes: block order, then address. */
export function compareChanges(a: RawItemChange, b: RawItemChange): number {
  const byBlock = BLOCK_ORDER.indexOf(a.block) - BLOCK_ORDER.indexOf(b.block);
  return byBlock !== 0 ? byBlock : a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/** Both sides of a stack, split into items; a missing side has none. */
interface Sides {
  readonly base: ReadonlyMap<string, Item>;
  readonly head: ReadonlyMap<string, Item>;
  /** `moved` blocks of head: to → from. */
  readonly moves: ReadonlyMap<string, string>;
  /** Targets of `import` blocks of head. */
  readonly imported: ReadonlySet<string>;
  /** True when the stack exists on one side only (items then carry no attributes). */
  readonly wholeStack: boolean;
}

/** Reads both sides of a stack into items. */
function sidesOf(base: TerraformJson | undefined, head: TerraformJson | undefined): Sides {
  return {
    base: base === undefined ? new Map() : collectItems(base),
    head: head === undefined ? new Map() : collectItems(head),
    moves: movedBlocks(head),
    imported: importedAddresses(head),
    wholeStack: base === undefined || head === undefined,
  };
}

/** The item changes, keyed by head address (base address for removed items). */
function itemChanges(sides: Sides): Map<string, RawItemChange> {
  const { base, head, moves, imported, wholeStack } = sides;
  const changes = new Map<string, RawItemChange>();
  const movedAway = new Set<string>();
  for (const [address, h] of head) {
    const from = moves.get(address);
    const b = base.get(address) ?? (from !== undefined && !head.has(from) ? base.get(from) : undefined);
    if (b !== undefined && b.address !== address) movedAway.add(b.address);
    const change = b === undefined ? addedItem(h, !wholeStack, imported.has(address)) : changedItem(b, h, b.address !== address ? b.address : undefined);
    if (change !== undefined) changes.set(address, change);
  }
  for (const [address, b] of base) if (!head.has(address) && !movedAway.has(address)) changes.set(address, removedItem(b));
  return changes;
}

/** The waived policy findings of a stack on each side (from manifest.json). */
export interface StackWaived {
  readonly base: readonly WaivedFinding[];
  readonly head: readonly WaivedFinding[];
}

/** What the stack says about itself on each side (phase, secret variables, dependencies): read once when both sides are the same text (readStackPair). */
function factsOf(base: TerraformJson | undefined, head: TerraformJson | undefined): StackFacts {
  if (base !== undefined && base === head) {
    const side = stackSide(base, { applications: false });
    return { base: side, head: side };
  }
  return { ...(base === undefined ? {} : { base: stackSide(base) }), ...(head === undefined ? {} : { head: stackSide(head) }) };
}

/** A removed stack as its warnings describe it, read from base. */
function removedStack(name: string, scope: StackScope, base: TerraformJson): RemovedStack {
  const phase = outputValue(base, 'phase');
  return { name, scope, ...(phase === undefined ? {} : { phase }), state: stateLocation(base), forgotten: forgottenAddresses(base).size };
}

/**
 * Diffs one stack. `base` undefined: the stack is added; `head` undefined: removed.
 * Identical file texts are unchanged without parsing further, unless their waived
 * policy findings differ: a stack whose only difference is a waiver is `changed`
 * with no item changes.
 */
export function diffStack(name: string, base: StackInput | undefined, head: StackInput | undefined, waived?: StackWaived): StackDiff {
  const ring = ringOf(head?.json) ?? ringOf(base?.json);
  const scope = ring === undefined ? 'fleet' : 'site';
  const identity = { name, scope, ...(ring === undefined ? {} : { ring }) } as const;
  const waivers = waived === undefined ? [] : diffWaivers(waived.base, waived.head, base?.json, head?.json);
  const withWaivers = waivers.length > 0 ? { waivers } : {};
  const facts = factsOf(base?.json, head?.json);
  if (base !== undefined && head !== undefined && base.text === head.text) return { ...identity, status: waivers.length > 0 ? 'changed' : 'unchanged', changes: [], warnings: [], ...withWaivers, facts };
  const sides = sidesOf(base?.json, head?.json);
  const changes = itemChanges(sides);
  cascadeReplacements(changes, sides.head);
  const status = base === undefined ? 'added' : head === undefined ? 'removed' : changes.size > 0 || waivers.length > 0 ? 'changed' : 'unchanged';
  const sorted = [...changes.values()].sort(compareChanges);
  const removed = status === 'removed' && base !== undefined ? removedStack(name, scope, base.json) : undefined;
  const warnings = stackWarnings(status, sorted, sides.base, sides.head, forgottenAddresses(head?.json), removed);
  return { ...identity, status, changes: sorted, warnings, ...withWaivers, facts };
}
