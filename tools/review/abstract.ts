/**
 * Site abstraction: every occurrence of a site's id (the stack name, e.g. `edge33`)
 * in addresses, paths, values and messages (not in waiver reasons) becomes `<site>`, so that the same
 * change at many sites compares equal and collapses into one entry. Sites whose
 * changes differ in anything else (an IP address, a per-site number) stay apart.
 */
import { isObject } from './json';
import { compareWaivers } from './waivers';
import { JsonValue, RawAttributeChange, RawItemChange, SITE_PLACEHOLDER, StackDiff, WaiverChange, Warning } from './types';

/**
 * cdktf names a nested construct's resource `<path components>_<8 hex digits>`, the
 * digits a hash of the construct path. When a component holds the site id, the hash
 * differs per site although the resource is the same: it is abstracted too.
 */
const SITE_HASH = new RegExp(`(${SITE_PLACEHOLDER}[A-Za-z0-9_-]*)_[0-9A-F]{8}(?![A-Za-z0-9_-])`, 'g');

/** Placeholder for such a hash. */
export const HASH_PLACEHOLDER = '<hash>';

/** Replaces the site id where it stands alone: not inside a longer name (edge33 is not in edge330 or xedge33). */
function substituter(site: string): (text: string) => string {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g');
  return (text) => {
    const abstracted = text.replace(pattern, SITE_PLACEHOLDER);
    return abstracted === text ? text : abstracted.replace(SITE_HASH, `$1_${HASH_PLACEHOLDER}`);
  };
}

/** A value with the site id replaced in every string and object key. */
function substituteValue(value: JsonValue, sub: (text: string) => string): JsonValue {
  if (typeof value === 'string') return sub(value);
  if (Array.isArray(value)) return value.map((v) => substituteValue(v, sub));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [sub(k), substituteValue(v, sub)]));
  return value;
}

/** An attribute change with the site id replaced. */
function substituteAttribute(change: RawAttributeChange, sub: (text: string) => string): RawAttributeChange {
  return {
    ...change,
    path: sub(change.path),
    ...(change.before === undefined ? {} : { before: substituteValue(change.before, sub) }),
    ...(change.after === undefined ? {} : { after: substituteValue(change.after, sub) }),
  };
}

/** An item change with the site id replaced. */
function substituteItem(change: RawItemChange, sub: (text: string) => string): RawItemChange {
  return {
    ...change,
    address: sub(change.address),
    ...(change.movedFrom === undefined ? {} : { movedFrom: sub(change.movedFrom) }),
    ...(change.replacedBecause === undefined ? {} : { replacedBecause: change.replacedBecause.map(sub) }),
    attributes: change.attributes.map((a) => substituteAttribute(a, sub)),
  };
}

/** A warning with the site id replaced. */
function substituteWarning(warning: Warning, sub: (text: string) => string): Warning {
  return { ...warning, address: sub(warning.address), message: sub(warning.message) };
}

/**
 * A waived finding with the site id replaced in its construct path, address and
 * finding. Reasons are the catalog's text and stay as written: sites collapse only
 * when their reasons are the same text.
 */
function substituteWaiver(waiver: WaiverChange, sub: (text: string) => string): WaiverChange {
  return {
    ...waiver,
    constructPath: sub(waiver.constructPath),
    ...(waiver.address === undefined ? {} : { address: sub(waiver.address) }),
    finding: sub(waiver.finding),
  };
}

/** The changes, warnings and waived findings of a site stack with its id replaced by `<site>`. */
export function abstractSite(diff: StackDiff): StackDiff {
  const sub = substituter(diff.name);
  return {
    ...diff,
    changes: diff.changes.map((c) => substituteItem(c, sub)),
    warnings: diff.warnings.map((w) => substituteWarning(w, sub)),
    ...(diff.waivers === undefined ? {} : { waivers: diff.waivers.map((w) => substituteWaiver(w, sub)).sort(compareWaivers) }),
  };
}

/** JSON text with object keys sorted, of any plain data: equal data give equal text. */
export function stableKey(data: unknown): string {
  return JSON.stringify(data, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
