/**
 * Application delivery in the catalog: fleet.yaml `delivery` (Argo CD and Flagger at
 * every built site, from the site Harbor) and `applications` (name, chart in a hub
 * Harbor project, namespace, values, canary analysis), the version each ring pins
 * (`rings.<ring>.applications`), a site's own pin or switch-off (`applications` in the
 * site file); the rules a schema cannot express, and the resolved model.
 *
 * Like the backup rules (backup.ts), each rule reports where the offending value is
 * written: a ring without a version for an application its sites run is one problem
 * in fleet.yaml, naming some of the sites, not one per site.
 */
import { durationSeconds } from './rules';
import { ARGOCD_NAMESPACE, Application, CanaryAnalysis, FLAGGER_NAMESPACE, Ring, SiteApplication, SiteDelivery, isPlatformNamespace } from './model';
import { someSites, unknownName } from './problems';
import { FleetFile, SiteFile } from './schema';
import { DeepPartial } from './zod-walk';

type Report = (file: string, path: string, message: string) => void;

/** Project of the argo-cd and flagger charts and images when fleet.yaml's delivery does not name one. */
export const DEFAULT_DELIVERY_PROJECT = 'edge-platform';

/** Shortest canary check interval: the site Prometheus scrapes Envoy every minute, and a check needs fresh samples. */
export const MIN_CANARY_INTERVAL_SECONDS = 30;

/** Key of an application's Helm values the fleet fills per site (site, ring, registry, imagePullSecret). */
export const FLEET_VALUES_KEY = 'fleet';

/** fleet.yaml's valid parts, as the delivery rules read them. */
export interface DeliveryFleet {
  readonly source: string;
  readonly file: DeepPartial<FleetFile>;
}

/** A site file's valid parts, as the delivery rules read them. */
export interface DeliverySite {
  readonly source: string;
  readonly file: DeepPartial<SiteFile>;
  readonly merged: { readonly addons?: { readonly [K in 'harbor' | 'contour' | 'prometheus']?: { readonly enabled?: boolean } } };
}

/** What the rules across sites need of a site that delivers applications. */
export interface DeliveryFacts {
  readonly source: string;
  readonly file: { readonly id?: string; readonly ring?: string };
  /**
   * Present when the site is built and runs Argo CD and Flagger: the applications it
   * does not take from its ring (switched off, or pinned in the site file).
   */
  readonly delivery?: { readonly own: readonly string[] };
}

/** The chart name of a repository path: its last segment. */
export function chartName(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}

/**
 * A project a site pulls from must be declared at the hub and replicated (backup's
 * Velero project, delivery's project, each application's project).
 */
export function checkReplicatedProject(report: Report, fleet: DeliveryFleet, path: string, project: string, holds: string): void {
  const projects = fleet.file.hub?.harbor?.projects;
  const declared = (projects ?? []).find((p) => p?.name === project);
  if (projects && !declared) {
    report(fleet.source, path, `'${project}' is not declared in hub.harbor.projects; allowed: a declared, replicated project that holds ${holds}`);
  } else if (declared && declared.replicate === false) {
    report(fleet.source, path, `'${project}' has replicate: false, so its images never reach the site Harbors; allowed: a replicated project`);
  }
}

/** The namespaces an application may not use, and why; undefined when it may. */
export function forbiddenNamespace(namespace: string): string | undefined {
  if (namespace === ARGOCD_NAMESPACE || namespace === FLAGGER_NAMESPACE) return `'${namespace}' is the namespace of Argo CD or Flagger`;
  if (isPlatformNamespace(namespace)) return `'${namespace}' is a platform namespace`;
  return undefined;
}

/** fleet.yaml's delivery rules: the delivery project, each application, each ring's versions. */
export function checkDeliveryFleet(report: Report, fleet: DeliveryFleet): void {
  const f = fleet.file;
  if (f.delivery) checkReplicatedProject(report, fleet, 'delivery.harborProject', f.delivery.harborProject ?? DEFAULT_DELIVERY_PROJECT, 'the argo-cd and flagger charts and images');
  const applications = f.applications ?? {};
  const names = Object.keys(applications).sort();
  if (names.length > 0 && !f.delivery) {
    report(fleet.source, 'applications', `${names.length} declared, but fleet.yaml declares no delivery, so no site runs Argo CD; allowed: declare delivery (Argo CD and Flagger at every built site), or remove applications`);
  }
  for (const [name, app] of Object.entries(applications)) {
    if (!app) continue;
    const at = `applications.${name}`;
    if (app.project !== undefined) checkReplicatedProject(report, fleet, `${at}.project`, app.project, `the chart of ${name} and its images`);
    if (app.namespace !== undefined) {
      const why = forbiddenNamespace(app.namespace);
      if (why) report(fleet.source, `${at}.namespace`, `${why}, which no application may use; allowed: a namespace of its own, such as ${name}`);
    }
    if (app.values && FLEET_VALUES_KEY in app.values) {
      report(fleet.source, `${at}.values.${FLEET_VALUES_KEY}`, `is set by the fleet at each site (site, ring, registry, imagePullSecret); allowed: any other key`);
    }
    // Secret-looking keys in values are refused by the loader's secret scan, like anywhere in the catalog.
    const canary = app.canary;
    if (canary) {
      const step = canary.stepWeight;
      const max = canary.maxWeight;
      if (step !== undefined && max !== undefined && max < step) {
        report(fleet.source, `${at}.canary.maxWeight`, `${max} is below stepWeight ${step}, so the canary could never be promoted; allowed: a maxWeight from ${step} to 100`);
      }
      if (canary.interval !== undefined && (durationSeconds(canary.interval) ?? 0) < MIN_CANARY_INTERVAL_SECONDS) {
        report(fleet.source, `${at}.canary.interval`, `'${canary.interval}' is shorter than ${MIN_CANARY_INTERVAL_SECONDS}s: a check would see no new samples of the site Prometheus; allowed: 30s or longer, such as 1m`);
      }
    }
  }
  for (const [ring, spec] of Object.entries(f.rings ?? {})) {
    for (const name of Object.keys(spec?.applications ?? {})) {
      if (!(name in applications)) report(fleet.source, `rings.${ring}.applications.${name}`, unknownName('application', name, names) + ' (applications are declared under applications in fleet.yaml)');
    }
  }
}

/** True when a site runs Argo CD and Flagger: built, fleet.yaml declares delivery, and the site does not switch it off. */
export function siteDelivers(fleet: DeliveryFleet, site: { readonly file: DeepPartial<SiteFile> }): boolean {
  const built = site.file.phase === 'active' || site.file.phase === 'decommissioning';
  return built && fleet.file.delivery !== undefined && site.file.delivery?.enabled !== false;
}

/** The applications a site does not take from its ring: switched off or pinned in the site file. */
export function ownApplications(site: { readonly file: DeepPartial<SiteFile> }): string[] {
  return Object.entries(site.file.applications ?? {})
    .filter(([, a]) => a?.enabled === false || a?.version !== undefined)
    .map(([name]) => name)
    .sort();
}

/** One site file's delivery rules: applications it names, what delivery needs at the site. */
export function checkDeliverySite(report: Report, fleet: DeliveryFleet, site: DeliverySite): void {
  const f = fleet.file;
  const file = site.file;
  const known = Object.keys(f.applications ?? {}).sort();
  for (const name of Object.keys(file.applications ?? {})) {
    if (f.applications && !(name in f.applications)) report(site.source, `applications.${name}`, unknownName('application', name, known) + ' (applications are declared in fleet.yaml)');
    else if (!f.applications) report(site.source, `applications.${name}`, `fleet.yaml declares no applications; allowed: only applications declared under applications in fleet.yaml`);
  }
  if (file.delivery?.enabled === true && !f.delivery) {
    report(site.source, 'delivery.enabled', 'true, but fleet.yaml declares no delivery; allowed: declare delivery in fleet.yaml, or leave it off');
  }
  if (!siteDelivers(fleet, site)) return;
  const needs: Array<['harbor' | 'contour' | 'prometheus', string]> = [
    ['harbor', "Argo CD's and Flagger's charts and images, and the applications' charts, come from the site Harbor"],
    ['contour', 'Flagger routes the canary traffic through Contour'],
    ['prometheus', 'Flagger measures the canary with the site Prometheus'],
  ];
  for (const [addon, why] of needs) {
    if (site.merged.addons?.[addon]?.enabled === false) {
      report(site.source, 'delivery.enabled', `${why}, which this site switches off (addons.${addon}.enabled: false); allowed: delivery.enabled: false, or ${addon} on`);
    }
  }
}

/**
 * Across sites, one pass: every ring with built sites that deliver has Argo CD and
 * Flagger, replicates the delivery project, and pins a version of every application
 * its sites take from it, whose project it replicates.
 */
export function checkDeliveryAcrossSites(report: Report, fleet: DeliveryFleet, sites: readonly DeliveryFacts[]): void {
  const f = fleet.file;
  if (!f.delivery) return;
  const byRing = new Map<string, DeliveryFacts[]>();
  for (const site of sites) {
    const ring = site.file.ring;
    if (!site.delivery || ring === undefined || site.file.id === undefined || !f.rings?.[ring]) continue;
    const list = byRing.get(ring);
    if (list) list.push(site);
    else byRing.set(ring, [site]);
  }
  const project = f.delivery.harborProject ?? DEFAULT_DELIVERY_PROJECT;
  for (const [ring, inRing] of byRing) {
    const spec = f.rings?.[ring];
    const ids = inRing.map((s) => s.file.id as string);
    const projects = spec?.replication?.projects;
    const unreplicated = new Map<string, string[]>();
    if (projects && !projects.includes(project)) unreplicated.set(project, [`delivery.harborProject`]);
    for (const tool of ['argocd', 'flagger'] as const) {
      if (spec?.[tool] !== undefined) continue;
      report(fleet.source, `rings.${ring}.${tool}`, `missing; required because built sites of ring '${ring}' deliver applications: ${someSites(ids)}; allowed: the ${tool === 'argocd' ? 'argo-cd chartVersion, version and redisVersion' : 'flagger chartVersion and version'} this ring runs`);
    }
    for (const [name, app] of Object.entries(f.applications ?? {})) {
      const takers = inRing.filter((s) => !s.delivery?.own.includes(name)).map((s) => s.file.id as string);
      if (takers.length > 0 && spec?.applications?.[name] === undefined) {
        report(
          fleet.source,
          `rings.${ring}.applications.${name}`,
          `missing; required because built sites of ring '${ring}' run ${name} at the ring's version: ${someSites(takers)}; allowed: the chart version of ${name} this ring runs (or switch it off or pin it in those site files)`,
        );
      }
      if (app?.project !== undefined && projects && !projects.includes(app.project)) unreplicated.set(app.project, [...(unreplicated.get(app.project) ?? []), `applications.${name}`]);
    }
    for (const [missing, users] of unreplicated) {
      report(
        fleet.source,
        `rings.${ring}.replication.projects`,
        `does not replicate '${missing}' (${users.join(', ')}), so its charts and images never reach the site Harbors of ring '${ring}': ${someSites(ids)}; allowed: add '${missing}'`,
      );
    }
  }
}

/** The canary analysis of an application, defaults applied (after validation). */
function resolveCanary(name: string, canary: NonNullable<NonNullable<FleetFile['applications']>[string]['canary']>): CanaryAnalysis | undefined {
  if (!canary.enabled) return undefined;
  return {
    deployment: canary.deployment ?? name,
    port: canary.port,
    targetPort: canary.targetPort ?? canary.port,
    successRate: canary.successRate,
    latencyP99Ms: canary.latencyP99Ms,
    stepWeight: canary.stepWeight,
    maxWeight: canary.maxWeight,
    interval: canary.interval,
    threshold: canary.threshold,
  };
}

/** The fleet's applications, sorted by name (after validation). */
export function resolveApplications(fleet: FleetFile): Application[] {
  return Object.entries(fleet.applications ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, app]) => {
      const canary = app.canary ? resolveCanary(name, app.canary) : undefined;
      return {
        name,
        project: app.project,
        repository: app.repository,
        chart: chartName(app.repository),
        namespace: app.namespace,
        values: app.values ?? {},
        ...(canary ? { canary } : {}),
      };
    });
}

/**
 * What a site delivers (after validation). Like backups, `enabled` does not depend on
 * the phase (only a built site's stack runs it), so a site's full shape has it (the
 * stack forgets it, rather than destroys it, when the site goes back to bootstrap). A
 * ring version the validator did not require (the site is not built) may be missing:
 * that application is left out.
 */
export function resolveSiteDelivery(fleet: FleetFile, site: SiteFile, ring: Ring, applications: readonly Application[]): SiteDelivery {
  const enabled = fleet.delivery !== undefined && site.delivery?.enabled !== false;
  const required = siteDelivers({ source: '', file: fleet }, { file: site });
  const own = site.applications ?? {};
  const running = applications.flatMap((application): SiteApplication[] => {
    const choice = own[application.name];
    if (choice?.enabled === false) return [];
    if (choice?.version !== undefined) return [{ application, version: choice.version, versionSource: 'site' }];
    const version = ring.applications[application.name];
    if (version === undefined && required) throw new Error(`internal error: ${site.id} runs ${application.name} but ring ${ring.name} pins no version (the validator refuses this)`);
    return version === undefined ? [] : [{ application, version, versionSource: 'ring' }];
  });
  return { enabled, applications: running };
}
