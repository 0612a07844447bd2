/**
 * Renders a review as Markdown for a GitHub pull-request comment: title, summary
 * table, headlines, warnings, policy waivers removed, then the groups of collapsed
 * changes. Values are shortened around their first difference, texts of several lines
 * shown as a line diff; the output stays under GitHub's comment size.
 */
import {
  AttributeChange,
  ChangeGroup,
  Headline,
  ItemChange,
  JsonValue,
  ReviewReport,
  RingSummary,
  SENSITIVE,
  SITE_PLACEHOLDER,
  StackCounts,
  WaiverChange,
  WarningEntry,
} from './types';

/** Longest value shown, in characters. */
export const MAX_VALUE_LENGTH = 80;
/** Sites listed inline before the list moves into a `<details>` block. */
export const INLINE_SITES = 10;
/** Attributes of one item listed inline before they move into a `<details>` block. */
const INLINE_ATTRIBUTES = 10;
/** Resource addresses of an added or removed stack listed inline. */
const INLINE_ADDRESSES = 15;
/** Characters of Markdown at most (GitHub comments hold 65,536). */
export const MARKDOWN_BUDGET = 60000;
/** Lines of one line diff shown (hunk headers included); the JSON has them all. */
export const MAX_DIFF_LINES = 40;
/** Longest line of a line diff shown, in characters. */
const MAX_DIFF_LINE = 160;

/** A code span that survives backticks in its text. */
export function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Plain text with Markdown and HTML special characters escaped. */
export function escapeText(text: string): string {
  const escaped = text.replace(/[\\`*[\]<>|#&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
  // An underscore inside a word (vsphere_host) never starts emphasis; others are escaped.
  return escaped.replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** `1 output`, `2 outputs`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A value as JSON text, cut to `length` from `start` with ellipses. */
function cut(text: string, start: number, length = MAX_VALUE_LENGTH): string {
  if (text.length <= length) return text;
  const from = Math.max(0, Math.min(start, text.length - length));
  return `${from > 0 ? '…' : ''}${text.slice(from, from + length)}${from + length < text.length ? '…' : ''}`;
}

/** Old and new value as shown: long values are cut around their first difference. */
export function shownPair(before: JsonValue | undefined, after: JsonValue | undefined): [string | undefined, string | undefined] {
  const a = before === undefined ? undefined : JSON.stringify(before);
  const b = after === undefined ? undefined : JSON.stringify(after);
  let common = 0;
  if (a !== undefined && b !== undefined) while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const start = Math.max(0, common - 20);
  return [a === undefined ? undefined : cut(a, start), b === undefined ? undefined : cut(b, start)];
}

/** A fenced code block that survives backtick runs in its lines. */
function fenced(info: string, lines: readonly string[]): string[] {
  const runs = lines.flatMap((l) => l.match(/`+/g) ?? []);
  const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return [`${fence}${info}`, ...lines, fence];
}

/** A changed text of several lines: how many lines it loses and gains, then its line diff (cut to {@link MAX_DIFF_LINES}). */
function lineDiffLines(change: AttributeChange, lineDiff: readonly string[], forces: string): string[] {
  const body = lineDiff.filter((l) => !l.startsWith('@@'));
  const removed = body.filter((l) => l.startsWith('-')).length;
  const added = body.filter((l) => l.startsWith('+')).length;
  const shown = lineDiff.slice(0, MAX_DIFF_LINES).map((l) => (l.length > MAX_DIFF_LINE ? `${l.slice(0, MAX_DIFF_LINE)}…` : l));
  const more = lineDiff.length > MAX_DIFF_LINES ? [`… ${lineDiff.length - MAX_DIFF_LINES} more lines of this diff (run with --format json for all)`] : [];
  const head = `- ${code(change.path)}: ${plural(removed, 'line')} removed, ${added} added${forces}`;
  return [head, ...indent(fenced('diff', [...shown, ...more]))];
}

/** One attribute, one line (several for a line diff). */
function attributeLines(change: AttributeChange, itemAdded: boolean): string[] {
  const [before, after] = shownPair(change.before, change.after);
  const forces = change.forcesReplacement ? ' _(forces replacement)_' : '';
  const show = (text: string | undefined) => (text === undefined ? '_(unset)_' : change.sensitive ? `_${SENSITIVE}_` : code(text));
  if (itemAdded) return [`- ${code(change.path)} = ${show(after)}`];
  if (change.lineDiff !== undefined && change.lineDiff.length > 0) return lineDiffLines(change, change.lineDiff, forces);
  const old = show(before);
  const now = show(after);
  return [`- ${code(change.path)}: ${old} → ${now}${forces}`];
}

/** Lines indented by two spaces (nested under a list item). */
function indent(lines: readonly string[]): string[] {
  return lines.map((l) => (l === '' ? '' : `  ${l}`));
}

/** A `<details>` block around Markdown lines. */
function details(summary: string, lines: readonly string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...lines, '', '</details>', ''];
}

const SYMBOL: Record<ItemChange['kind'], string> = { added: '+', removed: '-', changed: '~', replaced: '-/+', moved: '->' };

/** The head line of an item change. */
function itemHead(change: ItemChange): string {
  const label = change.kind === 'added' && change.imported ? 'imported' : change.kind;
  const warn = change.stateful && (change.kind === 'replaced' || change.kind === 'removed') ? '⚠️ ' : '';
  const facts = [change.type === undefined ? undefined : escapeText(change.type), change.manifestKind === undefined ? undefined : `kind ${escapeText(change.manifestKind)}`, change.stateful ? '**stateful**' : undefined];
  const from = change.movedFrom === undefined ? '' : ` (from ${code(change.movedFrom)})`;
  const because = change.replacedBecause === undefined ? '' : `; because ${change.replacedBecause.map(escapeText).join('; ')}`;
  const info = facts.filter((f) => f !== undefined).join(', ');
  return `- ${warn}${code(SYMBOL[change.kind])} **${label}** ${code(change.address)}${from}${info === '' ? '' : ` — ${info}`}${because}`;
}

/** An item change with its attributes (many go into a `<details>` block). */
function itemLines(change: ItemChange): string[] {
  const attributes = change.attributes.map((a) => attributeLines(a, change.kind === 'added'));
  if (attributes.length === 0) return [itemHead(change)];
  const lines = attributes.flat();
  const body = attributes.length > INLINE_ATTRIBUTES ? details(`${attributes.length} attributes`, lines) : lines;
  return [itemHead(change), ...indent(body)];
}

/** Site names, the first ones inline and all of them in a `<details>` block when there are many. */
function siteLines(sites: readonly string[]): string[] {
  const names = sites.map(escapeText);
  if (names.length <= INLINE_SITES) return [names.join(', ')];
  const inline = `${names.slice(0, INLINE_SITES).join(', ')}, … (+${names.length - INLINE_SITES} more)`;
  return [inline, '', ...details(`All ${names.length} sites`, [names.join(', ')])];
}

/** Short label of a group's stacks: `edge33`, `300 sites`. */
function groupWho(group: Pick<ChangeGroup, 'sites' | 'scope'>): string {
  return group.sites.length === 1 ? escapeText(group.sites[0]) : `${group.sites.length} ${group.scope === 'fleet' ? 'stacks' : 'sites'}`;
}

/** Rings of a group: `canary`, `canary 2, production 5`. */
function groupRings(group: ChangeGroup): string {
  if (group.scope === 'fleet') return 'fleet-level';
  if (group.rings.length === 1) return escapeText(group.rings[0].ring);
  return group.rings.map((r) => `${escapeText(r.ring)} ${r.sites}`).join(', ');
}

/** Counts of an added or removed stack's items by block, and its resources. */
function wholeStackLines(group: ChangeGroup): string[] {
  const verb = group.status === 'added' ? 'Creates' : 'No longer in the configuration:';
  const count = (block: ItemChange['block']) => group.changes.filter((c) => c.block === block).length;
  const resources = group.changes.filter((c) => c.block === 'resource');
  const stateful = resources.filter((c) => c.stateful).length;
  const parts = [`${plural(resources.length, 'resource')} (${stateful} stateful)`, plural(count('data'), 'data source'), plural(count('provider'), 'provider'), plural(count('variable'), 'variable'), plural(count('output'), 'output')];
  const addresses = group.changes.filter((c) => c.block === 'resource' || c.block === 'data').map((c) => `- ${code(c.address)}${c.stateful ? ' — **stateful**' : ''}`);
  const list = addresses.length > INLINE_ADDRESSES ? details(`${addresses.length} resources and data sources`, addresses) : addresses;
  const after = group.status === 'removed' ? ' Removing a stack destroys nothing: Terraform no longer plans it (see Warnings).' : '';
  return [`${verb} ${parts.join(', ')}.${after}`, '', ...list];
}

/** What a waived finding's line says after its icon: `policy waiver added: esxi-lockdown at `edge41/hosts/preferred` — "<reason>": <finding>`. */
function waiverText(waiver: WaiverChange): string {
  const quoted = (reason: string) => `"${escapeText(reason)}"`;
  const what = waiver.op === 'changed' ? 'policy waiver reason changed' : `policy waiver ${waiver.op}`;
  const reason = waiver.op === 'changed' ? `${quoted(waiver.previousReason ?? '')} → ${quoted(waiver.reason)}` : quoted(waiver.reason);
  return `${what}: ${escapeText(waiver.rule)} at ${code(waiver.constructPath)} — ${reason}: ${escapeText(waiver.finding)}`;
}

/** The icon of a waived finding: a warning when added or changed, information when removed. */
function waiverIcon(waiver: WaiverChange): string {
  return waiver.op === 'removed' ? 'ℹ️' : '⚠️';
}

/** The section of one group. */
function groupLines(group: ChangeGroup): string[] {
  const heading = `#### ${group.id}. ${groupWho(group)} (${groupRings(group)}) — ${group.status}`;
  const lines = [heading, ''];
  if (group.sites.length > 1) lines.push(...siteLines(group.sites), '');
  if (group.sites.length > 1 && JSON.stringify(group).includes(SITE_PLACEHOLDER)) lines.push(`${code(SITE_PLACEHOLDER)} stands for each site's id.`, '');
  if (group.status !== 'changed') lines.push(...wholeStackLines(group));
  else if (group.changes.length > 0) lines.push(...group.changes.flatMap(itemLines));
  else lines.push('No change to the Terraform configuration: only policy waivers changed.');
  if (group.waivers.length > 0) lines.push('', 'Policy waivers:', '', ...group.waivers.map((w) => `- ${waiverIcon(w)} ${waiverText(w)}`));
  return [...lines, ''];
}

/** Who a warning concerns: `edge33`, `12 sites: edge01, edge02, …`. */
function warningWho(warning: Pick<WarningEntry, 'sites' | 'scope'>): string {
  if (warning.sites.length === 1) return escapeText(warning.sites[0]);
  const first = warning.sites.slice(0, INLINE_SITES).map(escapeText).join(', ');
  return `${warning.sites.length} ${warning.scope === 'fleet' ? 'stacks' : 'sites'}: ${first}${warning.sites.length > INLINE_SITES ? ', …' : ''}`;
}

/** One warning line; a waiver's line names its rule, construct path, reason and finding. */
function warningLine(warning: WarningEntry): string {
  if (warning.waiver !== undefined) return `- ⚠️ ${waiverText(warning.waiver)} — ${warningWho(warning)} (group ${warning.group})`;
  return `- ⚠️ ${code(warning.address)} (${escapeText(warning.type)}) ${escapeText(warning.message)} — ${warningWho(warning)} (group ${warning.group})`;
}

/** Information lines: the waived findings a change removes (good news, not warnings), by group. */
function removedWaiverLines(report: ReviewReport): string[][] {
  return report.groups.flatMap((g) =>
    g.waivers.filter((w) => w.op === 'removed').map((w) => [`- ${waiverIcon(w)} ${waiverText(w)} — ${warningWho(g)} (group ${g.id})`]),
  );
}

/** A resource of a merged warning line: its address, with its manifest kind. */
function resourceText(warning: WarningEntry): string {
  const kind = warning.type.endsWith(')') ? ` (${escapeText(warning.type.slice(warning.type.indexOf('(') + 1, -1))})` : '';
  return `${code(warning.address)}${kind}`;
}

/**
 * One line for warnings of one group, kind and message: the stateful resources of a
 * removed stack (what happens to them), or the warnings that follow from a phase
 * change (summarised in its headline).
 */
function mergedLine(warnings: readonly WarningEntry[], context: string): string {
  const first = warnings[0];
  const noun = first.kind === 'orphaned' || first.kind === 'decommissioned' ? 'stateful resource' : 'resource';
  const list = warnings.map(resourceText).join(', ');
  return `- ⚠️ ${warningWho(first)} — ${escapeText(first.message)}${context} — ${plural(warnings.length, noun)}: ${list} (group ${first.group})`;
}

/**
 * Warning lines. Merged into one line per group: the warnings of a removed stack (they
 * all say what happens to the stack), and the warnings of a group that follow from its
 * phase change (the headline counts them). The others one line each.
 */
function warningLines(report: ReviewReport): string[][] {
  const removed = new Set(report.groups.filter((g) => g.status === 'removed').map((g) => g.id));
  const phases = new Map<number, { readonly kind: string; readonly context: string }>();
  for (const h of report.headlines) {
    if (h.kind === 'phase' && h.warningKind !== undefined) for (const id of h.groups) phases.set(id, { kind: h.warningKind, context: ` (phase ${h.from} → ${h.to}: see Headlines)` });
  }
  const mergeKey = (w: WarningEntry): string | undefined => {
    if (removed.has(w.group) && (w.kind === 'orphaned' || w.kind === 'decommissioned')) return `${w.group} ${w.kind} ${w.message}`;
    return phases.get(w.group)?.kind === w.kind ? `${w.group} ${w.kind} ${w.message}` : undefined;
  };
  const merged = new Map<string, WarningEntry[]>();
  const entries: (WarningEntry | WarningEntry[])[] = [];
  for (const warning of report.warnings) {
    const key = mergeKey(warning);
    if (key === undefined) {
      entries.push(warning);
      continue;
    }
    const list = merged.get(key);
    if (list !== undefined) list.push(warning);
    else {
      merged.set(key, [warning]);
      entries.push(merged.get(key) as WarningEntry[]);
    }
  }
  return entries.map((e) => [Array.isArray(e) ? mergedLine(e, removed.has(e[0].group) ? '' : (phases.get(e[0].group)?.context ?? '')) : warningLine(e)]);
}

/** `group 1`, `groups 1, 2`. */
function groupsText(ids: readonly number[]): string {
  return ids.length === 1 ? `group ${ids[0]}` : `groups ${ids.join(', ')}`;
}

/** One headline line. */
function headlineLine(headline: Headline): string {
  const groups = headline.groups.length === 0 ? '' : ` (${groupsText(headline.groups)})`;
  const message = escapeText(headline.message);
  if (headline.kind === 'phase') return `- **${warningWho({ sites: headline.stacks, scope: 'site' })}**${groups}: ${message}`;
  const label = headline.kind === 'secret-variable' ? 'Secret variable' : headline.kind === 'application' ? 'Application' : 'Apply order';
  return `- **${label}**: ${message}${groups}`;
}

/** A row of the summary table. */
function countRow(label: string, counts: StackCounts): string {
  return `| ${label} | ${counts.changed} | ${counts.added} | ${counts.removed} | ${counts.unchanged} | ${counts.total} |`;
}

/** Title line. */
function title(report: ReviewReport): string {
  const s = report.summary.stacks;
  if (!report.changed) return `## Fleet review: no changes (${s.total} stacks)`;
  const parts = [`${s.changed} changed`, `${s.added} added`, `${s.removed} removed`].filter((p) => !p.startsWith('0 '));
  const warnings = report.summary.warnings > 0 ? ` · ⚠️ ${report.summary.warnings} warning${report.summary.warnings === 1 ? '' : 's'}` : '';
  return `## Fleet review: ${parts.join(', ')} of ${s.total} stacks${warnings}`;
}

/** Summary table and fleet-level line. */
function summaryLines(report: ReviewReport): string[] {
  const fleet = report.summary.rings.reduce<StackCounts>(
    (rest, r: RingSummary) => ({ total: rest.total - r.total, changed: rest.changed - r.changed, added: rest.added - r.added, removed: rest.removed - r.removed, unchanged: rest.unchanged - r.unchanged }),
    report.summary.stacks,
  );
  const rows = [countRow('**all stacks**', report.summary.stacks), ...report.summary.rings.map((r) => countRow(`ring ${code(r.ring).replace(/\|/g, '\\|')}`, r)), countRow('fleet-level', fleet)];
  const changedFleet = report.summary.fleetLevelChanged.map(code).join(', ');
  return [
    `Base ${code(report.base)} → head ${code(report.head)}.`,
    '',
    '| stacks | changed | added | removed | unchanged | total |',
    '| :-- | --: | --: | --: | --: | --: |',
    ...rows,
    '',
    `Fleet-level stacks changed: ${changedFleet === '' ? 'none' : changedFleet}.`,
    '',
    ...notComparedLines(report),
  ];
}

/** The sites a partial synthesis left out: said, never counted as added or removed. */
function notComparedLines(report: ReviewReport): string[] {
  const { notCompared, partial } = report.summary;
  const sides = (['base', 'head'] as const).filter((side) => partial[side] !== undefined);
  if (sides.length === 0) return [];
  const selections = sides.map((side) => `the ${side} synthesis was partial (${code(`SITES=${(partial[side] ?? []).join(',')}`)})`).join(' and ');
  const left = notCompared.length === 0 ? '' : ` ${notCompared.length === 1 ? 'Site' : 'Sites'} ${notCompared.map(code).join(', ')}, in the catalog of both sides but synthesized on one only, ${notCompared.length === 1 ? 'is' : 'are'} not compared: neither added nor removed.`;
  return [`ℹ️ ${selections[0].toUpperCase()}${selections.slice(1)}.${left} Synthesize both sides without ${code('SITES')} to review every site.`, ''];
}

/** Appends sections while the budget lasts; returns how many did not fit. */
function appendWithin(out: string[], sections: readonly string[][], used: { chars: number }): number {
  for (let i = 0; i < sections.length; i++) {
    const text = sections[i].join('\n');
    if (used.chars + text.length > MARKDOWN_BUDGET) return sections.length - i;
    out.push(...sections[i]);
    used.chars += text.length + 1;
  }
  return 0;
}

/** The review as Markdown. */
export function renderMarkdown(report: ReviewReport): string {
  const out = [title(report), '', ...summaryLines(report)];
  const used = { chars: out.join('\n').length };
  if (report.headlines.length > 0) {
    out.push(`### Headlines (${report.headlines.length})`, '');
    const left = appendWithin(out, report.headlines.map((h) => [headlineLine(h)]), used);
    if (left > 0) out.push(`- … ${left} more headlines not shown (comment size); run with ${code('--format json')} for all.`);
    out.push('');
  }
  if (report.warnings.length > 0) {
    out.push(`### ⚠️ Warnings (${report.warnings.length})`, '');
    const left = appendWithin(out, warningLines(report), used);
    if (left > 0) out.push(`- … ${left} more warnings not shown (comment size); run with ${code('--format json')} for all.`);
    out.push('');
  }
  const removedWaivers = removedWaiverLines(report);
  if (removedWaivers.length > 0) {
    out.push(`### ℹ️ Policy waivers removed (${removedWaivers.length})`, '');
    const left = appendWithin(out, removedWaivers, used);
    if (left > 0) out.push(`- … ${left} more not shown (comment size); run with ${code('--format json')} for all.`);
    out.push('');
  }
  if (report.groups.length > 0) {
    out.push(`### Changes (${report.groups.length} group${report.groups.length === 1 ? '' : 's'})`, '');
    const left = appendWithin(out, report.groups.map(groupLines), used);
    if (left > 0) out.push(`_${left} more groups not shown (comment size); run with ${code('--format json')} for all._`, '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
