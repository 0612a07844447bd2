/**
 * Access in the catalog: grants of product roles to groups of the identity provider,
 * written fleet-wide (fleet.yaml `access.grants`), per region (`access.regions.<r>`),
 * per ring (`rings.<r>.access`) and per site (the site file's `access`). Grants add up
 * across the layers; a site file may not widen what a wider layer grants a group
 * without a waiver of `access-widening`. The break-glass path is on for every built
 * site unless fleet.yaml or the site file turns it off.
 *
 * Each rule reports where the offending value is written, as the backup rules do.
 */
import { ACCESS_ROLES, AccessGrant, AccessRole, BreakGlass, GrantLayer, NAMESPACED_ROLES, PLATFORM_NAMESPACES, PLATFORM_NAMESPACE_PREFIXES, SiteAccess, isPlatformNamespace } from './model';
import { FleetFile, SiteFile } from './schema';
import { DeepPartial } from './zod-walk';

type Report = (file: string, path: string, message: string) => void;
type GrantInput = DeepPartial<NonNullable<NonNullable<SiteFile['access']>['grants']>[number]>;

/** Default role of the break-glass ServiceAccount. */
export const BREAK_GLASS_DEFAULT_ROLE: BreakGlass['role'] = 'cluster-admin';

/** How much a role may do inside a namespace: view 1, operate 2, edit 3, admin 4. */
const NAMESPACE_POWER: Readonly<Record<Exclude<AccessRole, 'cluster-admin'>, number>> = { view: 1, operate: 2, edit: 3, admin: 4 };

const PLATFORM_TEXT = `${PLATFORM_NAMESPACES.slice(0, 4).join(', ')} and the other namespaces TKG and the fleet's add-ons own (names starting with ${PLATFORM_NAMESPACE_PREFIXES.join(', ')})`;

/** fleet.yaml's valid parts, as the access rules read them. */
export interface AccessFleet {
  readonly source: string;
  readonly file: DeepPartial<FleetFile>;
}

/** A site file's valid parts, as the access rules read them. */
export interface AccessSite {
  readonly source: string;
  readonly file: DeepPartial<SiteFile>;
  readonly merged: { readonly region?: string };
}

/** The problems of one grant as written (role and namespaces), at `at`. */
function checkGrant(report: Report, source: string, at: string, grant: GrantInput | undefined): void {
  if (!grant) return;
  const { role, namespaces } = grant;
  if (role !== undefined && NAMESPACED_ROLES.includes(role) && namespaces === undefined) {
    report(source, `${at}.namespaces`, `missing; required for role ${role}, which acts inside namespaces: the application namespaces it applies to (for read access everywhere, role view without namespaces)`);
  }
  if (role === 'cluster-admin' && namespaces !== undefined) {
    report(source, `${at}.namespaces`, 'not allowed with role cluster-admin, which is cluster-wide; allowed: no namespaces, or role admin for full control of some namespaces');
  }
  const seen = new Set<string>();
  (namespaces ?? []).forEach((ns, i) => {
    if (ns === undefined) return;
    if (isPlatformNamespace(ns)) {
      report(source, `${at}.namespaces[${i}]`, `'${ns}' is a namespace the platform owns; allowed: application namespaces, never ${PLATFORM_TEXT}`);
    }
    if (seen.has(ns)) report(source, `${at}.namespaces[${i}]`, `'${ns}' appears twice; allowed: each namespace once`);
    seen.add(ns);
  });
}

/** Every grant of a list, and the same group and role twice in it. */
function checkGrants(report: Report, source: string, at: string, grants: ReadonlyArray<GrantInput | undefined> | undefined): void {
  const first = new Map<string, number>();
  (grants ?? []).forEach((grant, i) => {
    checkGrant(report, source, `${at}[${i}]`, grant);
    if (grant?.group === undefined || grant.role === undefined) return;
    const key = `${grant.group}\0${grant.role}`;
    const earlier = first.get(key);
    if (earlier !== undefined) report(source, `${at}[${i}]`, `group '${grant.group}' has role ${grant.role} already in ${at}[${earlier}]; allowed: one grant per group and role in a list (list all its namespaces there)`);
    else first.set(key, i);
  });
}

const NO_IDENTITY = "grants name groups of the identity provider, but fleet.yaml declares no identity; allowed: declare identity (type, supervisorIssuer) as the management cluster's Pinniped is configured, or no grants";

/** fleet.yaml's access rules: its fleet-wide, region and ring grants. */
export function checkAccessFleet(report: Report, fleet: AccessFleet): void {
  const f = fleet.file;
  const hasIdentity = f.identity !== undefined;
  const lists: Array<[string, ReadonlyArray<GrantInput | undefined> | undefined]> = [['access.grants', f.access?.grants]];
  for (const [region, spec] of Object.entries(f.access?.regions ?? {})) lists.push([`access.regions.${region}.grants`, spec?.grants]);
  for (const [ring, spec] of Object.entries(f.rings ?? {})) lists.push([`rings.${ring}.access.grants`, spec?.access?.grants]);
  for (const [at, grants] of lists) {
    checkGrants(report, fleet.source, at, grants);
    if (!hasIdentity && grants !== undefined && grants.length > 0) report(fleet.source, at, NO_IDENTITY);
  }
  const admins = f.access?.platformAdmins ?? [];
  const seen = new Set<string>();
  admins.forEach((group, i) => {
    if (group === undefined) return;
    if (seen.has(group)) report(fleet.source, `access.platformAdmins[${i}]`, `'${group}' appears twice; allowed: each group once`);
    seen.add(group);
  });
}

/** A grant as the resolver and the widening rule read it. */
interface Written {
  readonly group: string;
  readonly role: AccessRole;
  readonly namespaces?: readonly string[];
  readonly layer: GrantLayer;
  /** `sites/fleet.yaml access.grants[1]` */
  readonly from: string;
}

function written(grants: ReadonlyArray<GrantInput | undefined> | undefined, layer: GrantLayer, source: string, at: string): Written[] {
  const out: Written[] = [];
  (grants ?? []).forEach((g, i) => {
    if (g?.group === undefined || g.role === undefined || !ACCESS_ROLES.includes(g.role)) return;
    const namespaces = g.namespaces?.filter((n): n is string => n !== undefined);
    out.push({ group: g.group, role: g.role, ...(namespaces !== undefined ? { namespaces } : {}), layer, from: `${source} ${at}[${i}]` });
  });
  return out;
}

/** The grants of fleet.yaml's layers that reach a site: fleet-wide, its ring's and its region's. */
function widerGrants(fleet: AccessFleet, ring: string | undefined, region: string | undefined): Written[] {
  const f = fleet.file;
  return [
    ...written(f.access?.grants, 'fleet', fleet.source, 'access.grants'),
    ...(ring !== undefined ? written(f.rings?.[ring]?.access?.grants, 'ring', fleet.source, `rings.${ring}.access.grants`) : []),
    ...(region !== undefined ? written(f.access?.regions?.[region]?.grants, 'region', fleet.source, `access.regions.${region}.grants`) : []),
  ];
}

/** What a set of grants lets a group do. */
interface Footprint {
  clusterAdmin: boolean;
  /** Read (view) of every namespace and the cluster-scoped objects. */
  clusterRead: boolean;
  /** Power per namespace (NAMESPACE_POWER). */
  readonly namespaces: Map<string, number>;
}

function footprint(grants: readonly Written[]): Footprint {
  const out: Footprint = { clusterAdmin: false, clusterRead: false, namespaces: new Map() };
  for (const g of grants) {
    if (g.role === 'cluster-admin') {
      out.clusterAdmin = true;
      continue;
    }
    if (g.role === 'operate' || (g.role === 'view' && g.namespaces === undefined)) out.clusterRead = true;
    for (const ns of g.namespaces ?? []) out.namespaces.set(ns, Math.max(out.namespaces.get(ns) ?? 0, NAMESPACE_POWER[g.role]));
  }
  return out;
}

/** True when the footprint already allows everything the grant gives. */
function covers(wider: Footprint, g: Written): boolean {
  if (wider.clusterAdmin) return true;
  if (g.role === 'cluster-admin') return false;
  const power = NAMESPACE_POWER[g.role];
  const everyNamespace = (g.namespaces ?? []).every((ns) => (wider.namespaces.get(ns) ?? 0) >= power);
  if (g.role === 'view') return wider.clusterRead || (g.namespaces !== undefined && everyNamespace);
  if (g.role === 'operate') return wider.clusterRead && everyNamespace;
  return everyNamespace;
}

function describe(g: Written): string {
  return `${g.role}${g.namespaces ? ` in ${g.namespaces.join(', ')}` : ''} (${g.from})`;
}

/** True when fleet.yaml or the site file waives a rule. */
function waived(fleet: AccessFleet, site: AccessSite, rule: string): boolean {
  return [...(fleet.file.waivers ?? []), ...(site.file.waivers ?? [])].some((w) => w?.rule === rule);
}

/** One site file's access rules: its grants, widening of wider grants, its break-glass settings. */
export function checkAccessSite(report: Report, fleet: AccessFleet, site: AccessSite): void {
  const own = site.file.access;
  if (!own) return;
  checkGrants(report, site.source, 'access.grants', own.grants);
  if (fleet.file.identity === undefined && own.grants !== undefined && own.grants.length > 0) report(site.source, 'access.grants', NO_IDENTITY);
  const mine = written(own.grants, 'site', site.source, 'access.grants');
  const wider = widerGrants(fleet, site.file.ring, site.merged.region);
  if (!waived(fleet, site, 'access-widening')) {
    mine.forEach((g) => {
      const same = wider.filter((w) => w.group === g.group);
      if (same.length === 0 || covers(footprint(same), g)) return;
      const index = /\[(\d+)\]$/.exec(g.from)?.[1];
      report(
        site.source,
        `access.grants[${index}].role`,
        `${g.role}${g.namespaces ? ` in ${g.namespaces.join(', ')}` : ''} for group '${g.group}' widens what wider layers grant it: ${same.map(describe).join('; ')}; ` +
          'allowed: no more than those grants give, or a waiver of rule access-widening (waivers in this file or fleet.yaml) with the reason',
      );
    });
  }
  const fleetBreakGlass = fleet.file.access?.breakGlass?.enabled;
  if (own.breakGlass?.generation !== undefined && (own.breakGlass.enabled ?? fleetBreakGlass ?? true) === false) {
    report(site.source, 'access.breakGlass.generation', 'set, but break-glass is off for this site; allowed: no generation, or break-glass enabled');
  }
}

function key(g: Pick<AccessGrant, 'group' | 'role' | 'namespaces'>): string {
  return `${g.group}\0${g.role}\0${(g.namespaces ?? []).join(',')}`;
}

/** The resolved access of a site (after validation: every value is valid). */
export function resolveSiteAccess(fleet: FleetFile, site: SiteFile, region: string | undefined): SiteAccess {
  // Sources only name grants in messages; the resolved grants keep their layer.
  const all = [...widerGrants({ source: 'fleet.yaml', file: fleet }, site.ring, region), ...written(site.access?.grants, 'site', site.id, 'access.grants')];
  const seen = new Set<string>();
  const grants: AccessGrant[] = [];
  for (const g of all) {
    const namespaces = g.namespaces ? [...new Set(g.namespaces)].sort() : undefined;
    const grant: AccessGrant = { group: g.group, role: g.role, ...(namespaces ? { namespaces } : {}), layer: g.layer };
    if (seen.has(key(grant))) continue;
    seen.add(key(grant));
    grants.push(grant);
  }
  const enabled = site.access?.breakGlass?.enabled ?? fleet.access?.breakGlass?.enabled ?? true;
  const breakGlass: BreakGlass | undefined = enabled ? { role: fleet.access?.breakGlass?.role ?? BREAK_GLASS_DEFAULT_ROLE, generation: site.access?.breakGlass?.generation ?? 1 } : undefined;
  return { grants, ...(breakGlass ? { breakGlass } : {}) };
}
