/**
 * Builds the review from the stacks' diffs: counts, rings, groups of stacks with
 * identical changes and waived policy findings (site id abstracted), masked values,
 * the warning list; and renders it as JSON. Markdown rendering is in markdown.ts.
 */
import { abstractSite, stableKey } from './abstract';
import { buildHeadlines } from './headlines';
import { isMultiline, lineDiff } from './lines';
import { sameJson } from './json';
import { compareRings, naturalCompare } from './order';
import { maskEmbedded, maskNested } from './rules';
import { waiverWarning } from './waivers';
import {
  AttributeChange,
  ChangeGroup,
  ItemChange,
  JsonValue,
  RawAttributeChange,
  RawItemChange,
  ReviewReport,
  RingSummary,
  SENSITIVE,
  SITE_PLACEHOLDER,
  StackCounts,
  StackDiff,
  StackStatus,
  Summary,
  WaiverChange,
  Warning,
  WarningEntry,
} from './types';
import { WARNING_ORDER, compareWarnings } from './warnings';

/** What a review is built from. */
export interface ReviewInput {
  /** The base folder as given. */
  readonly base: string;
  /** The head folder as given. */
  readonly head: string;
  /** One diff per stack of base or head (unchanged ones included, for the counts). */
  readonly diffs: readonly StackDiff[];
  /** Site stacks one side left out because its synthesis was partial (SITES). @default [] */
  readonly notCompared?: readonly string[];
  /** The SITES selection of a partial base or head synthesis. @default {} */
  readonly partial?: { readonly base?: readonly string[]; readonly head?: readonly string[] };
}

/** A group while it is being collected: raw changes of its first stack. */
interface PendingGroup {
  readonly scope: StackDiff['scope'];
  readonly status: StackStatus;
  readonly sites: string[];
  readonly rings: string[];
  readonly diff: StackDiff;
}

const STATUS_ORDER: readonly StackStatus[] = ['changed', 'added', 'removed'];

/** Stack counts of some diffs. */
function countStacks(diffs: readonly StackDiff[]): StackCounts {
  const count = (status: StackDiff['status']) => diffs.filter((d) => d.status === status).length;
  return { total: diffs.length, changed: count('changed'), added: count('added'), removed: count('removed'), unchanged: count('unchanged') };
}

/** Every ring of the site stacks, in rollout order. */
function ringOrder(diffs: readonly StackDiff[]): string[] {
  const rings = new Set(diffs.map((d) => d.ring).filter((r): r is string => r !== undefined));
  return [...rings].sort(compareRings);
}

/** Per-ring counts and the names of the sites that changed, were added or removed. */
function ringSummaries(diffs: readonly StackDiff[], rings: readonly string[]): RingSummary[] {
  return rings.map((ring) => {
    const inRing = diffs.filter((d) => d.ring === ring);
    const sites = inRing.filter((d) => d.status !== 'unchanged').map((d) => d.name).sort(naturalCompare);
    return { ring, ...countStacks(inRing), sites };
  });
}

/** A value as the report shows it: masked when sensitive, secrets inside masked otherwise. */
function shown(value: JsonValue, sensitive: boolean): JsonValue {
  return sensitive ? SENSITIVE : maskNested(value);
}

/**
 * The public, masked form of an attribute change. A change that masking hides
 * entirely (a secret inside a longer text changed) is marked sensitive. A changed text
 * of several lines gets its line diff (of the masked texts).
 */
function maskAttribute(change: RawAttributeChange): AttributeChange {
  const before = change.before === undefined ? undefined : shown(change.before, change.sensitive);
  const after = change.after === undefined ? undefined : shown(change.after, change.sensitive);
  const sensitive = change.sensitive || (before !== undefined && after !== undefined && sameJson(before, after));
  const texts = !sensitive && typeof before === 'string' && typeof after === 'string' && (isMultiline(before) || isMultiline(after));
  return {
    path: change.path,
    op: change.op,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
    ...(sensitive ? { sensitive: true } : {}),
    ...(change.forcesReplacement ? { forcesReplacement: true } : {}),
    ...(texts ? { lineDiff: lineDiff(before, after) } : {}),
  };
}

/** The public, masked form of an item change. */
export function maskItem(change: RawItemChange): ItemChange {
  return { ...change, attributes: change.attributes.map(maskAttribute) };
}

/**
 * Collects changed stacks into groups: each fleet-level stack alone, site stacks
 * by their abstracted changes. A group of one site keeps its real names.
 */
function collectGroups(diffs: readonly StackDiff[]): PendingGroup[] {
  const groups = new Map<string, PendingGroup & { readonly abstracted: StackDiff }>();
  for (const diff of diffs) {
    if (diff.status === 'unchanged') continue;
    const abstracted = diff.scope === 'site' ? abstractSite(diff) : diff;
    const key = diff.scope === 'fleet' ? `fleet:${diff.name}` : stableKey({ status: diff.status, changes: abstracted.changes, warnings: abstracted.warnings, waivers: abstracted.waivers ?? [] });
    const group = groups.get(key) ?? { scope: diff.scope, status: diff.status, sites: [], rings: [], diff, abstracted };
    group.sites.push(diff.name);
    if (diff.ring !== undefined) group.rings.push(diff.ring);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, diff: g.sites.length > 1 ? g.abstracted : g.diff }));
}

/** Position of a group's earliest ring in the rollout order. */
function firstRing(group: PendingGroup, rings: readonly string[]): number {
  return Math.min(...group.rings.map((r) => rings.indexOf(r)), rings.length);
}

/** Group order: fleet-level first (by name), then by ring, most sites first, status, first site. */
function compareGroups(a: PendingGroup, b: PendingGroup, rings: readonly string[]): number {
  if (a.scope !== b.scope) return a.scope === 'fleet' ? -1 : 1;
  return (
    firstRing(a, rings) - firstRing(b, rings) ||
    b.sites.length - a.sites.length ||
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    naturalCompare(a.sites[0], b.sites[0])
  );
}

/** The public form of a waived finding: secret-looking `key: value` pairs in its texts masked. */
function maskWaiver(waiver: WaiverChange): WaiverChange {
  return {
    ...waiver,
    reason: maskEmbedded(waiver.reason),
    ...(waiver.previousReason === undefined ? {} : { previousReason: maskEmbedded(waiver.previousReason) }),
    finding: maskEmbedded(waiver.finding),
  };
}

/** The public form of a group; added and changed waived findings join its warnings. */
function toGroup(group: PendingGroup, id: number, rings: readonly string[]): ChangeGroup {
  const sites = [...group.sites].sort(naturalCompare);
  const ringCounts = rings.map((ring) => ({ ring, sites: group.rings.filter((r) => r === ring).length })).filter((r) => r.sites > 0);
  const waivers = (group.diff.waivers ?? []).map(maskWaiver);
  const waived = waivers.map(waiverWarning).filter((w): w is Warning => w !== undefined);
  const warnings = waived.length === 0 ? group.diff.warnings : [...group.diff.warnings, ...waived].sort(compareWarnings);
  return { id, scope: group.scope, status: group.status, sites, rings: ringCounts, changes: group.diff.changes.map(maskItem), warnings, waivers };
}

/** Order of warning kinds, most severe first. */
function compareKinds(a: WarningEntry, b: WarningEntry): number {
  return WARNING_ORDER.indexOf(a.kind) - WARNING_ORDER.indexOf(b.kind);
}

/** Every warning of every group with its sites: most severe kind first, then by group and address. */
function warningEntries(groups: readonly ChangeGroup[]): WarningEntry[] {
  const entries = groups.flatMap((g) => g.warnings.map((w) => ({ ...w, group: g.id, scope: g.scope, sites: g.sites })));
  return entries.sort((a, b) => compareKinds(a, b) || a.group - b.group || compareWarnings(a, b));
}

/** Builds the whole review. */
export function buildReport(input: ReviewInput): ReviewReport {
  const rings = ringOrder(input.diffs);
  const pending = collectGroups(input.diffs).sort((a, b) => compareGroups(a, b, rings));
  const groups = pending.map((g, i) => toGroup(g, i + 1, rings));
  const warnings = warningEntries(groups);
  const headlines = buildHeadlines(input.diffs, groups);
  const siteDiffs = input.diffs.filter((d) => d.scope === 'site');
  const fleetLevelChanged = input.diffs
    .filter((d) => d.scope === 'fleet' && d.status !== 'unchanged')
    .map((d) => d.name)
    .sort(naturalCompare);
  const summary: Summary = {
    stacks: countStacks(input.diffs),
    rings: ringSummaries(siteDiffs, rings),
    fleetLevelChanged,
    warnings: warnings.length,
    groups: groups.length,
    headlines: headlines.length,
    notCompared: [...(input.notCompared ?? [])],
    partial: input.partial ?? {},
  };
  return { schemaVersion: 1, base: input.base, head: input.head, changed: groups.length > 0, placeholder: SITE_PLACEHOLDER, summary, headlines, warnings, groups };
}

/** The review as JSON text (two-space indent, trailing newline). */
export function renderJson(report: ReviewReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
