/**
 * Backups in the catalog: the layers (built-in defaults, fleet.yaml `defaults.backup`,
 * the ring's `backup`, the site file's `backup`, later wins key by key), the rules a
 * schema cannot express, and the resolved `SiteBackup`.
 *
 * Each rule reports where the offending value is written: a schedule the fleet
 * defaults get wrong is one problem in fleet.yaml, not one per site.
 */
import { checkReplicatedProject } from './applications';
import { mergeLayers } from './defaults';
import { longestGapSeconds, parseCron } from './cron';
import { BackupSchedule, BackupStore, PLATFORM_NAMESPACES, SiteBackup, SiteRestore, isPlatformNamespace } from './model';
import { someSites } from './problems';
import { FleetFile, SiteFile } from './schema';
import { DeepPartial } from './zod-walk';

type BackupLayer = NonNullable<SiteFile['backup']>;
type ScheduleLayer = NonNullable<NonNullable<BackupLayer['schedules']>[string]>;

/** A schedule with every key present. */
interface FullSchedule {
  readonly enabled: boolean;
  readonly cron: string;
  readonly retention: string;
  readonly namespaces: readonly string[];
  readonly excludeNamespaces: readonly string[];
  readonly labelSelector: Readonly<Record<string, string>>;
  readonly volumes: 'filesystem' | 'none';
}

/** What a new schedule starts from: a store's applications, hourly, kept a week, volumes copied. */
export const SCHEDULE_DEFAULTS: FullSchedule = Object.freeze({
  enabled: true,
  cron: '0 * * * *',
  retention: '7d',
  namespaces: Object.freeze(['*']),
  excludeNamespaces: Object.freeze([]),
  labelSelector: Object.freeze({}),
  volumes: 'filesystem',
});

/** The built-in backup layer: one schedule, `apps`. */
export const BACKUP_DEFAULTS = Object.freeze({ schedules: Object.freeze({ apps: SCHEDULE_DEFAULTS }) });

/** Name of the Velero Schedule (and label `velero.io/schedule-name`) of a catalog schedule. */
export function veleroScheduleName(schedule: string): string {
  return `velero-${schedule}`;
}

/** `{site}` replaced. */
export function expandSite(template: string, site: string): string {
  return template.split('{site}').join(site);
}

const RETENTION_HOURS: Readonly<Record<string, number>> = { h: 1, d: 24, w: 168 };

/** Hours of a catalog retention such as `7d`. */
export function retentionHours(text: string): number {
  const m = /^(\d+)(h|d|w)$/.exec(text);
  return m ? Number(m[1]) * RETENTION_HOURS[m[2]] : NaN;
}

function human(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${Math.round(seconds / 60)}m`;
}

type Report = (file: string, path: string, message: string) => void;

/** The merged backup settings of the given layers over the built-in one. */
function merge(...layers: ReadonlyArray<DeepPartial<BackupLayer> | undefined>): { enabled?: boolean; schedules: Record<string, FullSchedule> } {
  const merged = mergeLayers(BACKUP_DEFAULTS, ...layers) as { enabled?: boolean; schedules: Record<string, DeepPartial<FullSchedule>> };
  // A schedule a layer adds starts from the built-in schedule's settings too.
  const schedules = Object.fromEntries(Object.entries(merged.schedules).map(([name, s]) => [name, mergeLayers(SCHEDULE_DEFAULTS, s) as unknown as FullSchedule]));
  return { ...(merged.enabled !== undefined ? { enabled: merged.enabled } : {}), schedules };
}

/** Problems of one merged schedule, for the fields `own` (the layer being checked) writes. */
function checkSchedule(report: Report, file: string, at: string, own: DeepPartial<ScheduleLayer> | undefined, merged: FullSchedule): void {
  if (!own) return;
  if (own.cron !== undefined) {
    const parsed = parseCron(own.cron);
    if (typeof parsed === 'string') report(file, `${at}.cron`, parsed);
    else if (longestGapSeconds(own.cron) === undefined) report(file, `${at}.cron`, `'${own.cron}' never runs (no date matches); allowed: a schedule that runs`);
  }
  if (merged.enabled && (own.cron !== undefined || own.retention !== undefined)) {
    const gap = longestGapSeconds(merged.cron);
    const hours = retentionHours(merged.retention);
    if (gap !== undefined && !Number.isNaN(hours) && hours * 3600 < gap) {
      const field = own.retention !== undefined ? 'retention' : 'cron';
      report(
        file,
        `${at}.${field}`,
        `retention ${merged.retention} is shorter than the longest gap between two runs of '${merged.cron}' (${human(gap)}), so at times no backup would be kept; allowed: a retention of at least ${human(gap)}`,
      );
    }
  }
  (own.namespaces ?? []).forEach((ns, i) => {
    if (ns !== undefined && isPlatformNamespace(ns)) {
      report(file, `${at}.namespaces[${i}]`, `'${ns}' is a platform namespace, never backed up or restored; allowed: application namespaces, or * for all of them`);
    }
  });
}

/** The schedules a layer writes, checked against everything wider. */
function checkLayer(report: Report, file: string, at: string, own: DeepPartial<BackupLayer> | undefined, wider: ReadonlyArray<DeepPartial<BackupLayer> | undefined>): void {
  if (!own?.schedules) return;
  const merged = merge(...wider, own);
  for (const [name, schedule] of Object.entries(own.schedules)) {
    const full = merged.schedules[name];
    if (full) checkSchedule(report, file, `${at}.schedules.${name}`, schedule, full);
  }
}

/** Problems of the store settings (written once, in fleet.yaml). */
function checkStore(report: Report, source: string, store: DeepPartial<BackupStore> | undefined): void {
  if (!store) return;
  const { bucket, prefix } = store;
  if (bucket !== undefined && !bucket.includes('{site}') && prefix !== undefined && !prefix.includes('{site}')) {
    report(source, 'backup.store.prefix', `'${prefix}' and bucket '${bucket}' are the same for every site, so sites would share one location; allowed: {site} in the prefix (such as sites/{site}) or in the bucket`);
  }
  if (bucket !== undefined) {
    // S3 bucket names: 3-63 characters, lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
    for (const id of ['ab', 'a'.repeat(32)]) {
      const name = expandSite(bucket, id);
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
        report(source, 'backup.store.bucket', `'${bucket}' gives the bucket name '${name}' for a site id of ${id.length} characters; allowed: S3 bucket names of 3-63 lower-case letters, digits, dots and hyphens for every site id (2-32 characters)`);
        break;
      }
    }
    if ((bucket.match(/[{}]/g) ?? []).length !== 2 * (bucket.match(/\{site\}/g) ?? []).length) {
      report(source, 'backup.store.bucket', `'${bucket}' has a placeholder other than {site}; allowed: {site} only`);
    }
  }
  if (prefix !== undefined) {
    if ((prefix.match(/[{}]/g) ?? []).length !== 2 * (prefix.match(/\{site\}/g) ?? []).length) report(source, 'backup.store.prefix', `'${prefix}' has a placeholder other than {site}; allowed: {site} only`);
    else if (prefix.includes('{site}') && !/(^|\/)\{site\}(\/|$)/.test(prefix)) {
      // edge3 must never be a prefix of edge33's location: {site} is a whole path segment.
      report(source, 'backup.store.prefix', `'${prefix}' puts {site} inside a path segment, so one site's location could be a prefix of another's (edge3, edge33); allowed: {site} as a whole segment, such as sites/{site}`);
    }
  }
}

/** fleet.yaml's valid parts, as the backup rules read them. */
export interface BackupFleet {
  readonly source: string;
  readonly file: DeepPartial<FleetFile>;
}

/** A site file's valid parts, as the backup rules read them. */
export interface BackupSite {
  readonly source: string;
  readonly file: DeepPartial<SiteFile>;
  readonly merged: { readonly addons?: { readonly harbor?: { readonly enabled?: boolean } } };
}

/** What the rules across sites need of a site: its id, ring, and whether it is built and backs up. */
export interface BackupFacts {
  readonly source: string;
  readonly file: { readonly id?: string; readonly ring?: string };
  /** Built (active or decommissioning) and backing up. */
  readonly backsUp?: boolean;
}

const NO_STORE_FLEET = 'true, but fleet.yaml declares no backup.store; allowed: declare backup.store (endpoint, bucket), or leave backup off';

/** fleet.yaml's backup rules: the store, the Velero project and release of each ring, the fleet and ring layers. */
export function checkBackupFleet(report: Report, fleet: BackupFleet): void {
  const f = fleet.file;
  const hasStore = f.backup?.store !== undefined;
  checkStore(report, fleet.source, f.backup?.store);
  if (f.backup) checkReplicatedProject(report, fleet, 'backup.harborProject', f.backup.harborProject ?? 'edge-platform', 'the velero chart and images');

  // velero-plugin-for-aws README, Compatibility: plugin v1.9 with Velero v1.13 ... v1.13 with v1.17.
  for (const [ring, spec] of Object.entries(f.rings ?? {})) {
    const v = spec?.velero;
    const velero = v?.version !== undefined ? /^v1\.(\d+)\./.exec(v.version) : null;
    const plugin = v?.awsPluginVersion !== undefined ? /^v1\.(\d+)\./.exec(v.awsPluginVersion) : null;
    if (velero && plugin && Number(velero[1]) >= 13 && Number(plugin[1]) !== Number(velero[1]) - 4) {
      report(
        fleet.source,
        `rings.${ring}.velero.awsPluginVersion`,
        `${v?.awsPluginVersion} does not match Velero ${v?.version}; allowed: a v1.${Number(velero[1]) - 4}.x plugin (velero-plugin-for-aws v1.N pairs with Velero v1.N+4)`,
      );
    }
  }

  const fleetLayer = f.defaults?.backup;
  if (fleetLayer?.enabled === true && !hasStore) report(fleet.source, 'defaults.backup.enabled', NO_STORE_FLEET);
  checkLayer(report, fleet.source, 'defaults.backup', fleetLayer, []);
  for (const [ring, spec] of Object.entries(f.rings ?? {})) {
    if (spec?.backup?.enabled === true && !hasStore) report(fleet.source, `rings.${ring}.backup.enabled`, NO_STORE_FLEET);
    checkLayer(report, fleet.source, `rings.${ring}.backup`, spec?.backup, [fleetLayer]);
  }
}

/** The merged backup of a site's valid parts, and whether it is on. */
function siteBackupOf(fleet: BackupFleet, file: DeepPartial<SiteFile>): { merged: ReturnType<typeof merge>; enabled: boolean } {
  const f = fleet.file;
  const ringLayer = file.ring !== undefined ? f.rings?.[file.ring]?.backup : undefined;
  const merged = merge(f.defaults?.backup, ringLayer, file.backup);
  return { merged, enabled: f.backup?.store !== undefined && merged.enabled !== false };
}

/** True when a site is built and backs up (a fact for the rules across sites). */
export function siteBacksUp(fleet: BackupFleet, site: BackupSite): boolean {
  const built = site.file.phase === 'active' || site.file.phase === 'decommissioning';
  return built && siteBackupOf(fleet, site.file).enabled;
}

/** One site file's backup rules: its own layer, backups without a store or Harbor, its restore. */
export function checkBackupSite(report: Report, fleet: BackupFleet, site: BackupSite): void {
  const f = fleet.file;
  const file = site.file;
  if (file.backup?.enabled === true && f.backup?.store === undefined) {
    report(site.source, 'backup.enabled', 'true, but fleet.yaml declares no backup.store; allowed: declare backup.store in fleet.yaml, or leave backup off');
  }
  const ringLayer = file.ring !== undefined ? f.rings?.[file.ring]?.backup : undefined;
  checkLayer(report, site.source, 'backup', file.backup, [f.defaults?.backup, ringLayer]);
  const { merged, enabled } = siteBackupOf(fleet, file);
  if (siteBacksUp(fleet, site) && site.merged.addons?.harbor?.enabled === false) {
    report(site.source, 'backup.enabled', "Velero's chart and images come from the site Harbor, which this site switches off (addons.harbor.enabled: false); allowed: backup.enabled: false, or the site Harbor on");
  }
  const restore = file.restore;
  if (!restore) return;
  if (!enabled) {
    report(site.source, 'restore', 'a restore needs backups, which are off for this site; allowed: remove restore, or turn backup on (fleet.yaml backup.store and backup.enabled)');
  } else if (file.phase === 'decommissioning') {
    report(site.source, 'restore', 'a site being decommissioned is not restored; allowed: remove restore, or phase active');
  } else if (restore.schedule !== undefined) {
    const schedule = merged.schedules[restore.schedule];
    if (!schedule || schedule.enabled === false) {
      const known = Object.entries(merged.schedules)
        .filter(([, s]) => s.enabled !== false)
        .map(([n]) => n)
        .sort();
      report(site.source, 'restore.schedule', `'${restore.schedule}' is not an enabled backup schedule of this site; allowed: ${known.length ? known.join(', ') : 'none (no schedule is enabled)'}`);
    } else if (restore.backup !== undefined && restore.backup !== 'latest' && !restore.backup.startsWith(`${veleroScheduleName(restore.schedule)}-`)) {
      report(site.source, 'restore.backup', `'${restore.backup}' is not a backup of schedule '${restore.schedule}' (its backups are named ${veleroScheduleName(restore.schedule)}-<timestamp>); allowed: latest, or one of its backup names`);
    }
  }
}

/** Across sites, one pass: every ring with built sites that back up has Velero and replicates its project. */
export function checkBackupAcrossSites(report: Report, fleet: BackupFleet, sites: readonly BackupFacts[]): void {
  const f = fleet.file;
  const needVelero = new Map<string, string[]>();
  for (const site of sites) {
    const { ring, id } = site.file;
    if (!site.backsUp || ring === undefined || id === undefined || !f.rings?.[ring]) continue;
    const ids = needVelero.get(ring);
    if (ids) ids.push(id);
    else needVelero.set(ring, [id]);
  }
  const project = f.backup?.harborProject ?? 'edge-platform';
  for (const [ring, ids] of needVelero) {
    const projects = f.rings?.[ring]?.replication?.projects;
    if (projects && !projects.includes(project)) {
      report(fleet.source, `rings.${ring}.replication.projects`, `does not replicate '${project}' (backup.harborProject), so Velero's chart and images never reach the sites of ring '${ring}' that back up: ${someSites(ids)}; allowed: add '${project}'`);
    }
    if (f.rings?.[ring]?.velero !== undefined) continue;
    report(fleet.source, `rings.${ring}.velero`, `missing; required because built sites of ring '${ring}' back up: ${someSites(ids)}; allowed: the velero chartVersion, version and awsPluginVersion this ring runs`);
  }
}

/** The resolved backup of a site (after validation: every value is valid). */
export function resolveSiteBackup(fleet: FleetFile, site: SiteFile): SiteBackup {
  const ring = fleet.rings[site.ring];
  const merged = merge(fleet.defaults?.backup, ring?.backup, site.backup);
  const store = fleet.backup?.store;
  const enabled = store !== undefined && merged.enabled !== false;
  if (!enabled || !store) return { enabled: false, schedules: [] };
  const schedules = Object.entries(merged.schedules)
    .filter(([, s]) => s.enabled)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, s]): BackupSchedule => {
      const excluded = [...s.excludeNamespaces, ...PLATFORM_NAMESPACES];
      return {
        name,
        cron: s.cron,
        retention: s.retention,
        retentionHours: retentionHours(s.retention),
        intervalSeconds: longestGapSeconds(s.cron) as number,
        namespaces: [...s.namespaces],
        excludeNamespaces: [...new Set(excluded)],
        labelSelector: { ...s.labelSelector },
        volumes: s.volumes,
      };
    });
  const restore: SiteRestore | undefined = site.restore ? { schedule: site.restore.schedule, backup: site.restore.backup, attempt: site.restore.attempt } : undefined;
  return {
    enabled: true,
    schedules,
    location: { bucket: expandSite(store.bucket, site.id), prefix: expandSite(store.prefix, site.id) },
    ...(restore ? { restore } : {}),
  };
}
