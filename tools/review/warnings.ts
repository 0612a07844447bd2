/**
 * The warnings of one stack's changes: stateful resources destroyed, renamed or
 * replaced, `prevent_destroy` dropped, `count`/`for_each` of stateful resources
 * changed, the state backend changed; for a removed stack, what happens to its
 * stateful resources (nothing is destroyed: orphaned, or destroyed before by the
 * decommissioning).
 */
import { kubernetesMinor, minorDistance, minorText } from '../../constructs/catalog/rules';
import { accessChanges, accessOf } from './access';
import { restoreOf } from './restore';
import { DeliveredApplication, applicationsOf, matchesTagPattern, replicationFilters } from './applications';
import { Item } from './items';
import { isObject, sameJson, valueAt } from './json';
import { JsonValue, RawItemChange, StackDiff, StackScope, Warning, WarningKind } from './types';

/**
 * Warning kinds, most severe first: the order of every warning list. Kinds that can
 * lose data or a running system come first; `orphaned` (a running site left without
 * management, which only restoring its file undoes) right after `destroy`. `rollout`
 * (every node of a workload cluster replaced, or an upgrade Cluster API will refuse)
 * follows them, then `restore` (a site restores a backup over its cluster, or ends a
 * restore: the backup location is read-only and the schedules paused meanwhile), then
 * `replication-filter` (an application's new version that the ring's replication filter
 * does not let through to the site Harbor, or whose label the catalog cannot check), then
 * `access` (a group gains or loses a role on the workload cluster, or the break-glass
 * path changes: who may do what is a reviewer's decision). `waiver` (a policy finding newly waived, or waived for another reason)
 * follows them: it destroys nothing and is undone by the next change, but from the apply
 * on, the fleet runs with a security exception. `decommissioned` (the last step of a
 * decommissioning: check that the destroy ran) and `forget` are last: nothing that runs
 * changes, only Terraform stops managing it.
 */
export const WARNING_ORDER: readonly WarningKind[] = [
  'destroy',
  'orphaned',
  'rename',
  'replace',
  'backend-changed',
  'prevent-destroy-removed',
  'count-changed',
  'rollout',
  'restore',
  'replication-filter',
  'access',
  'waiver',
  'decommissioned',
  'forget',
];

/** What the warnings of a removed stack say about it (read from base). */
export interface RemovedStack {
  /** The stack (the site id of a site stack). */
  readonly name: string;
  readonly scope: StackScope;
  /** Its `phase` output in base (site stacks). */
  readonly phase?: string;
  /** Where it keeps its state: `terraform.edge41.tfstate`, `Terraform Cloud workspace edge-fleet-edge41` (facts.ts); undefined when unknown. */
  readonly state?: string;
  /** How many addresses its `removed` blocks (destroy = false) had Terraform forget in base. */
  readonly forgotten: number;
}

/**
 * The kind and message of every stateful resource of a removed stack. Terraform never
 * plans a stack that is no longer synthesized, so nothing is destroyed: after a
 * decommissioning, `cdktf destroy` destroyed the resources before (if it ran to the
 * end); otherwise they keep running, unmanaged, and stay in the stack's state.
 */
export function removedStackWarning(stack: RemovedStack): { readonly kind: WarningKind; readonly message: string } {
  const forgotten =
    stack.forgotten === 0 ? '' : `; the ${stack.forgotten} objects its removed blocks had made Terraform forget keep running (where they exist), unmanaged and in no state`;
  const state = stack.state === undefined ? 'in its state' : `in its state (${stack.state})`;
  if (stack.scope === 'site' && stack.phase === 'decommissioning') {
    return {
      kind: 'decommissioned',
      message:
        `stack removed after decommissioning (phase decommissioning in base): removing it destroys nothing; ` +
        `what it managed was destroyed by SITES=${stack.name} npx cdktf destroy ${stack.name} (docs/security.md, Decommissioning a site, step 3) if that ran to the end, ` +
        `else it keeps running, unmanaged, ${state}${forgotten}`,
    };
  }
  const phase = stack.phase === undefined ? '' : ` (phase ${stack.phase} in base)`;
  const why = stack.scope === 'site' ? `stack removed without decommissioning${phase}` : 'stack removed';
  const retire =
    stack.scope === 'site' ? '. To retire the site: restore its file with phase: decommissioning, deploy, destroy, then remove the file (docs/security.md, Decommissioning a site)' : '';
  return {
    kind: 'orphaned',
    message: `${why}: Terraform destroys nothing, since it no longer plans the stack; what it managed keeps running, unmanaged, and stays ${state}${forgotten}${retire}`,
  };
}

/** Type label of a change: `vsphere_host`, `kubernetes_manifest (Cluster)`. */
export function typeLabel(change: Pick<RawItemChange, 'type' | 'manifestKind' | 'block'>): string {
  const type = change.type ?? change.block;
  return change.manifestKind === undefined ? type : `${type} (${change.manifestKind})`;
}

/** True when the item sets `lifecycle.prevent_destroy`. */
function preventsDestroy(item: Item | undefined): boolean {
  return item !== undefined && valueAt(item.body, ['lifecycle', 'prevent_destroy']) === true;
}

/** The base item of a change (its old address when moved). */
function baseItem(change: RawItemChange, base: ReadonlyMap<string, Item>): Item | undefined {
  return base.get(change.movedFrom ?? change.address);
}

/** A warning about a change. */
function warning(kind: WarningKind, change: RawItemChange, message: string): Warning {
  return { kind, address: change.address, type: typeLabel(change), message };
}

/**
 * Destroy or rename warning for a resource removed from a stack that stays; for a
 * removed stack, what happens instead ({@link removedStackWarning}). Undefined when the
 * resource is neither stateful nor protected.
 */
function removalWarning(
  change: RawItemChange,
  changes: readonly RawItemChange[],
  removedStack: RemovedStack | undefined,
  base: ReadonlyMap<string, Item>,
  forgotten: ReadonlySet<string>,
): Warning | undefined {
  if (removedStack !== undefined) {
    if (!change.stateful && !preventsDestroy(base.get(change.address))) return undefined;
    const { kind, message } = removedStackWarning(removedStack);
    return warning(kind, change, message);
  }
  if (forgotten.has(change.address)) {
    return warning('forget', change, 'leaves Terraform, not destroyed (removed block, destroy = false): the object keeps running unmanaged; managing it again needs terraform import');
  }
  const protectedNote = preventsDestroy(base.get(change.address)) ? '; it had lifecycle.prevent_destroy' : '';
  if (!change.stateful && protectedNote === '') return undefined;
  const sameKind = (c: RawItemChange) => c.kind === 'added' && c.block === 'resource' && c.type === change.type && c.manifestKind === change.manifestKind;
  const candidates = change.stateful ? changes.filter(sameKind).map((c) => c.address) : [];
  if (candidates.length > 0) return warning('rename', change, `renamed? (address changed: destroy and recreate) → ${candidates.join(', ')}${protectedNote}`);
  return warning('destroy', change, `would be destroyed${protectedNote}`);
}

/** Replace warning for a stateful resource. */
function replaceWarning(change: RawItemChange, head: ReadonlyMap<string, Item>): Warning {
  const blocked = preventsDestroy(head.get(change.address)) ? '; lifecycle.prevent_destroy is set, so the plan will fail' : '';
  return warning('replace', change, `would be replaced (${(change.replacedBecause ?? []).join('; ')})${blocked}`);
}

/** Warning when `count` or `for_each` of a stateful resource changed. */
function countWarning(change: RawItemChange): Warning | undefined {
  const meta = change.attributes.filter((a) => /^(count|for_each)\b/.test(a.path));
  if (!change.stateful || meta.length === 0) return undefined;
  const count = meta.find((a) => a.path === 'count');
  const detail = count === undefined ? 'for_each changed' : `count changed (${JSON.stringify(count.before ?? null)} → ${JSON.stringify(count.after ?? null)})`;
  return warning('count-changed', change, `${detail}: instances may be destroyed`);
}

/** The topology variables of a Cluster manifest, by name. */
function topologyVariables(item: Item | undefined): Map<string, JsonValue> {
  const list = valueAt(item?.body, ['manifest', 'spec', 'topology', 'variables']);
  const out = new Map<string, JsonValue>();
  for (const variable of Array.isArray(list) ? list : []) {
    if (isObject(variable) && typeof variable.name === 'string' && variable.value !== undefined) out.set(variable.name, variable.value);
  }
  return out;
}

/** What a Kubernetes version change means to Cluster API, one clause. */
function versionClause(before: string, after: string): string {
  const [from, to] = [kubernetesMinor(before), kubernetesMinor(after)];
  const distance = from && to ? minorDistance(from, to) : undefined;
  const base = `Kubernetes ${before} → ${after}`;
  if (from && to && distance === undefined) return `${base}: another major version, which Cluster API refuses at apply`;
  if (distance === undefined) return base;
  if (distance < 0) return `${base}: a downgrade, which Cluster API refuses at apply`;
  if (distance > 1) {
    const skipped = Array.from({ length: distance - 1 }, (_, k) => minorText({ ...(from as NonNullable<typeof from>), minor: (from as NonNullable<typeof from>).minor + 1 + k }));
    return `${base}: skips ${skipped.join(', ')}, which Cluster API refuses at apply (one minor at a time)`;
  }
  return base;
}

/**
 * The rollout warning of a workload cluster change: a new Kubernetes version replaces
 * every node (control plane first, then the workers, one node at a time), a new machine
 * size replaces the nodes of that group.
 */
function rolloutWarning(change: RawItemChange, base: ReadonlyMap<string, Item>, head: ReadonlyMap<string, Item>): Warning | undefined {
  if (change.type !== 'kubernetes_manifest' || change.manifestKind !== 'Cluster') return undefined;
  const [before, after] = [baseItem(change, base), head.get(change.address)];
  const clauses: string[] = [];
  const path = ['manifest', 'spec', 'topology', 'version'];
  const [from, to] = [valueAt(before?.body, path), valueAt(after?.body, path)];
  if (typeof from === 'string' && typeof to === 'string' && from !== to) clauses.push(versionClause(from, to));
  const [oldVariables, newVariables] = [topologyVariables(before), topologyVariables(after)];
  for (const [name, group] of [['controlPlane', 'control-plane'], ['worker', 'worker']] as const) {
    const [a, b] = [oldVariables.get(name), newVariables.get(name)];
    if (a !== undefined && b !== undefined && !sameJson(a, b)) clauses.push(`the ${group} machine size (variable ${name}) changes, so every ${group} node is replaced`);
  }
  if (clauses.length === 0) return undefined;
  const every = clauses[0].startsWith('Kubernetes') ? 'rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): ' : 'rolls nodes: ';
  return warning('rollout', change, every + clauses.join('; '));
}

/**
 * The restore warning of a site's Velero App: a Restore among its documents in head and
 * not in base (a restore starts), or the other way round (it ends).
 */
function restoreWarning(change: RawItemChange, base: ReadonlyMap<string, Item>, head: ReadonlyMap<string, Item>): Warning | undefined {
  if (change.type !== 'kubernetes_manifest' || change.manifestKind !== 'App') return undefined;
  const [before, after] = [restoreOf(baseItem(change, base)?.body), restoreOf(head.get(change.address)?.body)];
  if (after !== undefined && after.name !== before?.name) {
    const what = after.backup !== undefined ? `backup ${after.backup}` : `the newest completed backup of schedule ${after.schedule}`;
    return warning(
      'restore',
      change,
      `restores ${what} (Velero Restore ${after.name}) into the cluster once the backup location is Available and synced; namespaces ${after.namespaces}, ` +
        `existing objects kept, platform namespaces never restored. Until the site file's restore key is removed, the location is read-only and the schedules are paused (no new backups)`,
    );
  }
  if (before !== undefined && after === undefined) {
    return warning('restore', change, `ends the restore ${before.name}: the backup location is writable again and the schedules resume; the Restore stays in the cluster as the record (kapp orphans it)`);
  }
  return undefined;
}

/**
 * The access warnings of a site's access App: one per grant added or revoked and per
 * break-glass change, each naming the group and the role (the report lists the sites).
 */
function accessWarnings(change: RawItemChange, base: ReadonlyMap<string, Item>, head: ReadonlyMap<string, Item>): Warning[] {
  if (change.type !== 'kubernetes_manifest' || change.manifestKind !== 'App') return [];
  const before = change.kind === 'added' ? undefined : accessOf(baseItem(change, base)?.body);
  const after = change.kind === 'removed' ? undefined : accessOf(head.get(change.address)?.body);
  return accessChanges(before, after).map((message) => warning('access', change, message));
}

/**
 * The replication-filter warnings of a change to the App that delivers the site's
 * applications: for each application whose version is new at the site, whether the
 * hub's push rule for its project (the ring's filter) lets that version through. A tag
 * filter is checked against the version (the chart's OCI tag); a label filter cannot be
 * checked from the catalog, and the warning says so.
 */
function replicationFilterWarnings(change: RawItemChange, base: ReadonlyMap<string, Item>, head: ReadonlyMap<string, Item>): Warning[] {
  if (change.type !== 'kubernetes_manifest' || change.manifestKind !== 'App') return [];
  const after = applicationsOf(head.get(change.address)?.body);
  if (after.length === 0) return [];
  const before = new Map(applicationsOf(baseItem(change, base)?.body).map((a): [string, DeliveredApplication] => [a.name, a]));
  const rules: Record<string, JsonValue> = {};
  for (const item of head.values()) if (item.type === 'harbor_replication') rules[item.address.slice('harbor_replication.'.length)] = item.body;
  const filters = replicationFilters({ resource: { harbor_replication: rules } });
  const out: Warning[] = [];
  for (const app of after) {
    const old = before.get(app.name);
    if (old?.version === app.version || app.project === undefined) continue;
    const filter = filters[app.project];
    const running = old ? `the site keeps running ${old.version}` : 'the application does not start';
    if (filter?.tag !== undefined && !matchesTagPattern(app.version, filter.tag)) {
      out.push(
        warning(
          'replication-filter',
          change,
          `${app.name} ${app.version} does not match the ring's replication tag filter '${filter.tag}' (project ${app.project}): the hub never replicates it to the site Harbor, so Argo CD cannot sync it and ${running}; ` +
            `allowed: a version the filter matches, or change the ring's filter first (docs/application-delivery.md, The image path)`,
        ),
      );
    } else if (filter?.labels !== undefined && filter.labels.length > 0) {
      out.push(
        warning(
          'replication-filter',
          change,
          `${app.name} ${app.version} reaches the site Harbor only if its chart and images in ${app.project} carry the Harbor label ${filter.labels.map((l) => `'${l}'`).join(', ')} at the hub (the ring's replication filter): ` +
            `the catalog cannot check a label; label them and let the ring's replication run before applying, else Argo CD cannot sync it and ${running} (docs/application-delivery.md, The image path)`,
        ),
      );
    }
  }
  return out;
}

/** How a stack stores its state, for the backend warning. */
function storage(items: ReadonlyMap<string, Item>): string {
  const backend = items.get('terraform.backend');
  if (items.has('terraform.cloud')) return 'Terraform Cloud';
  if (backend !== undefined && isObject(backend.body)) return `backend ${Object.keys(backend.body).sort().join(', ')}`;
  return 'default local backend';
}

/** The warnings about one change of a stack that exists on both sides or one. */
function changeWarnings(
  change: RawItemChange,
  changes: readonly RawItemChange[],
  removedStack: RemovedStack | undefined,
  base: ReadonlyMap<string, Item>,
  head: ReadonlyMap<string, Item>,
  forgotten: ReadonlySet<string>,
): Warning[] {
  if (change.block !== 'resource') return [];
  const restore = restoreWarning(change, base, head);
  const access = accessWarnings(change, base, head);
  if (change.kind === 'removed') return [removalWarning(change, changes, removedStack, base, forgotten), ...(removedStack ? [] : access)].filter((w): w is Warning => w !== undefined);
  const delivery = replicationFilterWarnings(change, base, head);
  if (change.kind === 'added') return [...(restore ? [restore] : []), ...delivery, ...access];
  const out: Warning[] = [...(restore ? [restore] : []), ...delivery, ...access];
  if (change.kind === 'replaced' && change.stateful) out.push(replaceWarning(change, head));
  if (preventsDestroy(baseItem(change, base)) && !preventsDestroy(head.get(change.address))) out.push(warning('prevent-destroy-removed', change, 'lifecycle.prevent_destroy removed'));
  const count = countWarning(change);
  if (count !== undefined) out.push(count);
  const rollout = rolloutWarning(change, base, head);
  if (rollout !== undefined) out.push(rollout);
  return out;
}

/** The backend warning of a changed stack, if its state storage settings changed. */
function backendWarning(changes: readonly RawItemChange[], base: ReadonlyMap<string, Item>, head: ReadonlyMap<string, Item>): Warning[] {
  const change = changes.find((c) => c.address === 'terraform.backend' || c.address === 'terraform.cloud');
  if (change === undefined) return [];
  const message = `state storage changed (${storage(base)} → ${storage(head)}): migrate the state (terraform init -migrate-state) or the stack plans against an empty state`;
  return [{ kind: 'backend-changed', address: change.address, type: 'terraform', message }];
}

/** Sort order of warnings: kind (most severe first), then address. */
export function compareWarnings(a: Warning, b: Warning): number {
  const byKind = WARNING_ORDER.indexOf(a.kind) - WARNING_ORDER.indexOf(b.kind);
  return byKind !== 0 ? byKind : a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/**
 * Every warning of a stack's changes, sorted. `removedStack` describes the stack when
 * its status is `removed` (without it, its stateful resources are `orphaned` as a
 * fleet-level stack's).
 */
export function stackWarnings(
  status: StackDiff['status'],
  changes: readonly RawItemChange[],
  base: ReadonlyMap<string, Item>,
  head: ReadonlyMap<string, Item>,
  forgotten: ReadonlySet<string> = new Set(),
  removedStack?: RemovedStack,
): Warning[] {
  const removed = status === 'removed' ? (removedStack ?? { name: '', scope: 'fleet', forgotten: 0 }) : undefined;
  const warnings = changes.flatMap((c) => changeWarnings(c, changes, removed, base, head, forgotten));
  if (status === 'changed') warnings.push(...backendWarning(changes, base, head));
  return warnings.sort(compareWarnings);
}
