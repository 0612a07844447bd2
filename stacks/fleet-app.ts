/**
 * Builds the stacks of a fleet into an app: `hub` always, and one stack per selected
 * site, named after the site. Used by main.ts and by the tests.
 */
import * as path from 'path';
import { Construct } from 'constructs';
import { Fleet, Site } from '../constructs/catalog/model';
import { EdgeSiteStack } from './edge-site-stack';
import { BackendSettings } from './fleet-stack-base';
import { HubStack } from './hub-stack';

export interface FleetAppOptions {
  /** Site ids to synthesize; all sites when undefined. */
  readonly siteIds?: readonly string[];
  readonly backend: BackendSettings;
}

export interface FleetStacks {
  readonly hub: HubStack;
  readonly sites: readonly EdgeSiteStack[];
}

/** Thrown for a SITES selection that names a site the catalog does not have. */
export class SiteSelectionError extends Error {}

/** Resolves a site selection against the catalog; throws SiteSelectionError for unknown ids. */
export function selectSites(fleet: Fleet, siteIds: readonly string[] | undefined): readonly Site[] {
  if (siteIds === undefined) return fleet.sites;
  const byId = new Map(fleet.sites.map((s) => [s.id, s]));
  const unknown = siteIds.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    const sample = fleet.sites.slice(0, 10).map((s) => s.id).join(', ');
    const more = fleet.sites.length > 10 ? `, ... (${fleet.sites.length} sites)` : '';
    throw new SiteSelectionError(`unknown site${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `'${id}'`).join(', ')}; the catalog has: ${sample}${more}`);
  }
  return [...new Set(siteIds)].map((id) => byId.get(id) as Site);
}

/** Adds the hub stack and the selected site stacks to `app`. */
export function buildFleet(app: Construct, fleet: Fleet, options: FleetAppOptions): FleetStacks {
  const hub = new HubStack(app, { fleet, backend: options.backend });
  const sites = selectSites(fleet, options.siteIds).map((site) => new EdgeSiteStack(app, { fleet, site, backend: options.backend }));
  return { hub, sites };
}

/**
 * The local-state folder relative to a stack's working directory
 * (`<outdir>/stacks/<stack>`): the project folder, as cdktf's default, but written
 * as a relative path so synthesized output does not depend on where the clone is.
 */
export function localStateDir(outdir: string, projectDir: string): string {
  const project = path.resolve(projectDir);
  const rel = path.relative(path.resolve(project, outdir, 'stacks', '_'), project);
  return rel.split(path.sep).join('/') || '.';
}
