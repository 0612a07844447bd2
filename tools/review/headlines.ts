/**
 * Headlines: what a reviewer reads before the warnings, about whole stacks rather than
 * one resource. A site's phase change (one per group, with what it does to the site and
 * how many of the group's warnings follow from it), a required secret variable that
 * stacks need from now on, and the order in which stacks must be applied (the hub
 * before the sites that look up what it adds, after the sites that stop using what it
 * removes). Built from the stacks' facts (facts.ts) and the groups. Pure.
 */
import { isNodeImageFor } from '../../constructs/catalog/rules';
import { compareRings, naturalCompare } from './order';
import {
  ApplicationHeadline,
  ApplyOrderHeadline,
  ChangeGroup,
  Dependency,
  Headline,
  ItemChange,
  PhaseHeadline,
  SecretVariableHeadline,
  StackDiff,
  StackScope,
  WarningKind,
} from './types';

/** Names listed in a headline's message before the rest is counted. */
const LISTED = 10;

/** `edge33`, `edge33 and edge41`, `edge01, edge02, … (12 stacks)`: stack names for a message. */
function stackList(stacks: readonly string[]): string {
  if (stacks.length <= 2) return stacks.join(' and ');
  if (stacks.length <= LISTED) return `${stacks.slice(0, -1).join(', ')} and ${stacks[stacks.length - 1]}`;
  return `${stacks.slice(0, LISTED).join(', ')}, … (${stacks.length} stacks)`;
}

/** Sorted, without duplicates, in natural order. */
function sorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(naturalCompare);
}

/** The group ids of some stacks, ascending. */
function groupIds(stacks: readonly string[], groupOf: ReadonlyMap<string, number>): number[] {
  return [...new Set(stacks.map((s) => groupOf.get(s)).filter((id): id is number => id !== undefined))].sort((a, b) => a - b);
}

/** `1 resource`, `2 resources`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------
// Phase changes
// ---------------------------------------------------------------------------

/** The resource changes of a group of one kind. */
function resources(group: ChangeGroup, kind: ItemChange['kind']): ItemChange[] {
  return group.changes.filter((c) => c.block === 'resource' && c.kind === kind);
}

/** Changed resources whose `lifecycle.prevent_destroy` went from false (or unset) to true. */
function protectedAgain(group: ChangeGroup): number {
  return group.changes.filter((c) => c.attributes.some((a) => a.path === 'lifecycle.prevent_destroy' && a.after === true)).length;
}

/** The destroy command of the decommissioning steps (docs/security.md), for the sites of a group. */
function destroyCommand(sites: readonly string[]): string {
  return sites.length === 1 ? `destroy it (SITES=${sites[0]} npx cdktf destroy ${sites[0]})` : 'destroy each (SITES=<id> npx cdktf destroy <id>)';
}

/** What a phase change does, and the kind of the warnings that follow from it. Counts are per site (the group's sites have the same changes). */
function phaseMessage(group: ChangeGroup, from: string, to: string): { message: string; warningKind?: WarningKind } {
  const warnings = (kind: WarningKind) => group.warnings.filter((w) => w.kind === kind).length;
  const each = group.sites.length > 1 ? ' at each site' : '';
  const added = resources(group, 'added');
  const removed = resources(group, 'removed').length;
  const head = `phase ${from} → ${to}`;
  const built = added.length === 0 ? '' : `; ${count(added.length, 'resource')} added${each} (${added.filter((c) => c.stateful).length} stateful)`;
  if (to === 'decommissioning') {
    const lifted = warnings('prevent-destroy-removed');
    return {
      message:
        `${head}: destroy protection is lifted from ${count(lifted, 'stateful resource')}${each} (lifecycle.prevent_destroy removed: the ${lifted} prevent-destroy-removed warnings)${built}; ` +
        `nothing is destroyed yet. Next (docs/security.md, Decommissioning a site): deploy, ${destroyCommand(group.sites)}, then remove the site file`,
      warningKind: 'prevent-destroy-removed',
    };
  }
  if (from === 'decommissioning') {
    return { message: `${head}: the decommissioning is called off; lifecycle.prevent_destroy is set again on ${count(protectedAgain(group), 'stateful resource')}${each}${built}` };
  }
  if (to === 'bootstrap') {
    const forgotten = warnings('forget');
    return {
      message:
        `${head}: back to the bootstrap shape (vSphere only, HA off); Terraform forgets ${count(forgotten, 'resource')}${each} (removed blocks, destroy = false: the ${forgotten} forget warnings), ` +
        'so the workload cluster, its add-ons and Harbor keep running, unmanaged; managing them again needs terraform import',
      warningKind: 'forget',
    };
  }
  if (from === 'bootstrap' && to === 'active') {
    return { message: `${head}: the site is built out (HA on, content library, TKG workload cluster, add-ons)${built}` };
  }
  return { message: `${head}: ${count(added.length, 'resource')} added, ${removed} removed, ${resources(group, 'changed').length + resources(group, 'replaced').length} changed${each}` };
}

/** One headline per changed site group whose `phase` output changed. */
function phaseHeadlines(diffs: ReadonlyMap<string, StackDiff>, groups: readonly ChangeGroup[]): PhaseHeadline[] {
  const out: PhaseHeadline[] = [];
  for (const group of groups) {
    if (group.scope !== 'site' || group.status !== 'changed') continue;
    const facts = diffs.get(group.sites[0])?.facts;
    const [from, to] = [facts?.base?.phase, facts?.head?.phase];
    if (from === undefined || to === undefined || from === to) continue;
    const { message, warningKind } = phaseMessage(group, from, to);
    out.push({ kind: 'phase', message, stacks: group.sites, groups: [group.id], from, to, ...(warningKind === undefined ? {} : { warningKind }) });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Secret variables
// ---------------------------------------------------------------------------

/** Where a scope's stacks get their variables with Terraform Cloud. */
const VARIABLE_SET: Readonly<Record<StackScope, string>> = { fleet: 'terraformCloud.variableSets.hub', site: 'terraformCloud.variableSets.sites' };

/** Stacks of the scope: `site stacks`, `fleet-level stacks`. */
const SCOPE_STACKS: Readonly<Record<StackScope, string>> = { fleet: 'fleet-level stacks', site: 'site stacks' };

/**
 * One headline per required secret variable that stacks declare in head and not in
 * base, when no stack of their scope declared it in base (else its value is set
 * already: the same TF_VAR_ and the same variable set serve them).
 */
function secretVariableHeadlines(diffs: readonly StackDiff[], groupOf: ReadonlyMap<string, number>): SecretVariableHeadline[] {
  const inBase = new Map<string, { stack: string; scope: StackScope }[]>();
  const needed = new Map<string, { stack: string; scope: StackScope; description: string }[]>();
  for (const diff of diffs) {
    const [base, head] = [diff.facts?.base?.secretVariables ?? {}, diff.facts?.head?.secretVariables ?? {}];
    for (const name of Object.keys(base)) inBase.set(name, [...(inBase.get(name) ?? []), { stack: diff.name, scope: diff.scope }]);
    for (const [name, description] of Object.entries(head)) {
      if (!(name in base)) needed.set(name, [...(needed.get(name) ?? []), { stack: diff.name, scope: diff.scope, description }]);
    }
  }
  const out: SecretVariableHeadline[] = [];
  for (const name of [...needed.keys()].sort()) {
    const before = inBase.get(name) ?? [];
    const fresh = (needed.get(name) ?? []).filter((n) => !before.some((b) => b.scope === n.scope));
    if (fresh.length === 0) continue;
    const stacks = sorted(fresh.map((n) => n.stack));
    const scopes = [...new Set(fresh.map((n) => n.scope))].sort();
    const declaredInBase = sorted(before.map((b) => b.stack));
    const description = fresh.find((n) => n.description !== '')?.description;
    const about = description === undefined ? '' : `; the variable: "${description}"`;
    const sets = `the variable set${scopes.length === 1 ? '' : 's'} ${scopes.map((s) => VARIABLE_SET[s]).join(' and ')}`;
    const message =
      declaredInBase.length === 0
        ? `new required secret variable ${name} for ${stackList(stacks)}: no stack needed it before; set TF_VAR_${name} before applying ${stackList(stacks)} (with Terraform Cloud, in ${sets})${about}`
        : `required secret variable ${name} is new to the ${scopes.map((s) => SCOPE_STACKS[s]).join(' and ')} (${stackList(stacks)}): only ${stackList(declaredInBase)} needed it before, ` +
          `so TF_VAR_${name} is set already for local runs; with Terraform Cloud, add it to ${sets} before applying ${stackList(stacks)}${about}`;
    out.push({ kind: 'secret-variable', message, stacks, groups: groupIds(stacks, groupOf), variable: name, declaredInBase });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Apply order
// ---------------------------------------------------------------------------

/** True when an object a stack provides is what another needs. */
function satisfies(provided: Dependency, needed: Dependency): boolean {
  if (needed.kind === 'node-image') return provided.kind === 'node-image' && isNodeImageFor(provided.value, needed.value);
  return provided.type === needed.type && provided.value === needed.value;
}

/** Dependencies of `a` that `b` has none like (same kind, type and value). */
function minus(a: readonly Dependency[], b: readonly Dependency[]): Dependency[] {
  return a.filter((x) => !b.some((y) => x.kind === y.kind && x.type === y.type && x.value === y.value));
}

/** One reason of an apply order: what the first stack adds or removes, and which sites need it or stop needing it. */
interface Reason {
  readonly provided: Dependency;
  readonly needed: Dependency;
  readonly sites: string[];
}

/** The text of a reason, for a provider stack that adds (`adds`) or removes what the sites need. */
function reasonText(provider: string, reason: Reason, adds: boolean): string {
  const who = stackList(sorted(reason.sites));
  const { provided, needed } = reason;
  if (needed.kind === 'node-image') {
    const clusters = reason.sites.length === 1 ? `the workload cluster of ${who}` : `the workload clusters of ${who}`;
    return adds
      ? `${clusters} move${reason.sites.length === 1 ? 's' : ''} to Kubernetes ${needed.value}, whose node image ${provided.value} the ${provider} stack adds to its content library (${provided.address})`
      : `${clusters} leave${reason.sites.length === 1 ? 's' : ''} Kubernetes ${needed.value}, whose node image ${provided.value} the ${provider} stack removes from its content library (${provided.address})`;
  }
  const looks = reason.sites.length === 1 ? 'looks' : 'look';
  return adds
    ? `${who} now ${looks} up ${needed.type} ${needed.value} (${needed.address}), which the ${provider} stack creates (${provided.address}): the lookup fails until it exists`
    : `${who} no longer ${looks} up ${needed.type} ${needed.value} (${needed.address}), which the ${provider} stack destroys (${provided.address})`;
}

/** Collects reasons: each pair of a provided and a needed dependency that match, with the sites. */
function collect(reasons: Reason[], provided: readonly Dependency[], needed: readonly Dependency[], site: string): void {
  for (const p of provided) {
    for (const n of needed) {
      if (!satisfies(p, n)) continue;
      const same = reasons.find((r) => r.provided === p && r.needed.kind === n.kind && r.needed.type === n.type && r.needed.value === n.value);
      if (same === undefined) reasons.push({ provided: p, needed: n, sites: [site] });
      else if (!same.sites.includes(site)) same.sites.push(site);
    }
  }
}

/**
 * Apply orders: a fleet-level stack that adds an object that site stacks now need (a
 * node image their workload cluster moves to, a host their data source looks up) must
 * be applied before them; one that removes an object site stacks stop using, after them.
 */
function applyOrderHeadlines(diffs: readonly StackDiff[], groupOf: ReadonlyMap<string, number>): ApplyOrderHeadline[] {
  const out: ApplyOrderHeadline[] = [];
  const sites = diffs.filter((d) => d.scope === 'site' && (d.status === 'changed' || d.status === 'added'));
  for (const provider of diffs.filter((d) => d.scope === 'fleet' && d.status === 'changed')) {
    const [base, head] = [provider.facts?.base?.provides ?? [], provider.facts?.head?.provides ?? []];
    const [gained, lost] = [minus(head, base), minus(base, head)];
    const before: Reason[] = [];
    const after: Reason[] = [];
    for (const site of sites) {
      const [siteBase, siteHead] = [site.facts?.base?.needs ?? [], site.facts?.head?.needs ?? []];
      collect(before, gained, minus(siteHead, siteBase), site.name);
      if (site.status === 'changed') collect(after, lost, minus(siteBase, siteHead), site.name);
    }
    for (const [reasons, adds] of [
      [before, true],
      [after, false],
    ] as const) {
      if (reasons.length === 0) continue;
      const others = sorted(reasons.flatMap((r) => r.sites));
      const [first, then] = adds ? [[provider.name], others] : [others, [provider.name]];
      const message = `apply ${stackList(first)} before ${stackList(then)}: ${reasons.map((r) => reasonText(provider.name, r, adds)).join('; ')}`;
      out.push({ kind: 'apply-order', message, stacks: others, groups: groupIds([...first, ...then], groupOf), first, then });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Application changes
// ---------------------------------------------------------------------------

/**
 * One headline per application, change (from → to) and ring: a promotion or rollback
 * is one ring's version changing, and the headline names every site it reaches. Sites
 * whose file pins the version say so. Rings in rollout order, then application.
 */
function applicationHeadlines(diffs: readonly StackDiff[], groupOf: ReadonlyMap<string, number>): ApplicationHeadline[] {
  const changes = new Map<string, { application: string; ring: string; from?: string; to?: string; stacks: string[]; pinned: string[] }>();
  for (const diff of diffs) {
    if (diff.scope !== 'site' || diff.status === 'unchanged' || diff.ring === undefined) continue;
    const [base, head] = [diff.facts?.base?.applications ?? {}, diff.facts?.head?.applications ?? {}];
    for (const name of new Set([...Object.keys(base), ...Object.keys(head)])) {
      const [from, to] = [base[name]?.version, head[name]?.version];
      // A site back to bootstrap forgets its Apps (removed blocks): the application keeps running; the phase headline says so.
      if (from === to || (to === undefined && diff.facts?.head?.phase === 'bootstrap')) continue;
      const key = `${diff.ring}\0${name}\0${from ?? ''}\0${to ?? ''}`;
      const entry = changes.get(key) ?? { application: name, ring: diff.ring, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), stacks: [], pinned: [] };
      entry.stacks.push(diff.name);
      if (head[name]?.versionSource === 'site') entry.pinned.push(diff.name);
      changes.set(key, entry);
    }
  }
  return [...changes.values()]
    .sort((a, b) => compareRings(a.ring, b.ring) || (a.application < b.application ? -1 : a.application > b.application ? 1 : 0) || naturalCompare(a.from ?? '', b.from ?? ''))
    .map((c) => {
      const stacks = sorted(c.stacks);
      const what = c.from === undefined ? `starts at ${c.to}` : c.to === undefined ? `stops (was ${c.from})` : `${c.from} → ${c.to}`;
      const pinned = c.pinned.length === 0 ? '' : `; pinned in the site file at ${stackList(sorted(c.pinned))}`;
      const how =
        c.to === undefined
          ? 'its Application is deleted and Argo CD deletes what it deployed'
          : 'Argo CD syncs it from the site Harbor (with its canary analysis where it has one)';
      const message = `application ${c.application} ${what} in ring ${c.ring}: ${how} at ${count(stacks.length, 'site')}: ${stackList(stacks)}${pinned}`;
      return { kind: 'application', message, stacks, groups: groupIds(stacks, groupOf), application: c.application, ring: c.ring, ...(c.from === undefined ? {} : { from: c.from }), ...(c.to === undefined ? {} : { to: c.to }) };
    });
}

/** Every headline of a review: phase changes, application changes, secret variables, apply orders. */
export function buildHeadlines(diffs: readonly StackDiff[], groups: readonly ChangeGroup[]): Headline[] {
  const byName = new Map(diffs.map((d) => [d.name, d]));
  const groupOf = new Map(groups.flatMap((g) => g.sites.map((s) => [s, g.id] as const)));
  return [...phaseHeadlines(byName, groups), ...applicationHeadlines(diffs, groupOf), ...secretVariableHeadlines(diffs, groupOf), ...applyOrderHeadlines(diffs, groupOf)];
}
