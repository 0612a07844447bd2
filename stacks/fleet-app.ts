/**
 * Builds the stacks of a fleet into an app: `hub` always, and one stack per selected
 * site, named after the site. Used by main.ts and by the tests.
 */
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyError, PolicyViolation } from '../constructs/policy/fleet-policy';
import { Fleet, Site } from '../constructs/catalog/model';
import { EdgeSiteStack } from './edge-site-stack';
import { BackendSettings, FleetStackBase, Synthesis, isFleetStack } from './fleet-stack-base';
import { HUB_STACK, HubStack } from './hub-stack';
import { WORKSPACES_STACK, WorkspacesStack } from './workspaces-stack';

export interface FleetAppOptions {
  /** Site ids to synthesize; all sites when undefined. */
  readonly siteIds?: readonly string[];
  /**
   * Local state folder relative to a stack's working directory, used when the catalog
   * has no `terraformCloud`.
   * @default LOCAL_STATE_DIR
   */
  readonly stateDir?: string;
  /** Fast or stock cdktf synthesis (same output). @default "fast" */
  readonly synthesis?: Synthesis;
}

export interface FleetStacks {
  readonly hub: HubStack;
  readonly sites: readonly EdgeSiteStack[];
  /** The Terraform Cloud workspaces stack, with `terraformCloud` in the catalog. */
  readonly workspaces?: WorkspacesStack;
}

/** The backend every stack uses: a workspace each with Terraform Cloud, else local state. */
export function backendFor(fleet: Fleet, stateDir: string): BackendSettings {
  const tfc = fleet.terraformCloud;
  return tfc
    ? { kind: 'cloud', organization: tfc.organization, hostname: tfc.hostname, project: tfc.project, workspacePrefix: tfc.workspacePrefix }
    : { kind: 'local', stateDir };
}

/** Thrown for a SITES selection that names a site the catalog does not have. */
export class SiteSelectionError extends Error {}

/** Resolves a site selection against the catalog; throws SiteSelectionError for unknown ids. */
export function selectSites(fleet: Fleet, siteIds: readonly string[] | undefined): readonly Site[] {
  if (siteIds === undefined) return fleet.sites;
  const known = new Set(fleet.index.map((s) => s.id));
  const unknown = siteIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const sample = fleet.index.slice(0, 10).map((s) => s.id).join(', ');
    const more = fleet.index.length > 10 ? `, ... (${fleet.index.length} sites)` : '';
    throw new SiteSelectionError(`unknown site${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `'${id}'`).join(', ')}; the catalog has: ${sample}${more}`);
  }
  const byId = new Map(fleet.sites.map((s) => [s.id, s]));
  return [...new Set(siteIds)].map((id) => {
    const site = byId.get(id);
    if (!site) throw new Error(`internal error: site '${id}' was selected but not resolved`);
    return site;
  });
}

/**
 * Adds the hub stack, the selected site stacks and, with Terraform Cloud, the
 * workspaces stack (always for the whole catalog) to `app`.
 */
export function buildFleet(app: Construct, fleet: Fleet, options: FleetAppOptions): FleetStacks {
  const backend = backendFor(fleet, options.stateDir ?? LOCAL_STATE_DIR);
  const synthesis = options.synthesis ?? 'fast';
  const hub = new HubStack(app, { fleet, backend, synthesis });
  const sites = buildSiteStacks(app, fleet, options);
  const tfc = fleet.terraformCloud;
  const workspaces = tfc ? new WorkspacesStack(app, { fleet, terraformCloud: tfc, backend, synthesis }) : undefined;
  return { hub, sites, ...(workspaces ? { workspaces } : {}) };
}

/**
 * The stacks of `buildFleet` as builders, one per stack, for a synthesis that writes
 * each stack as it is built (stack-stream.ts): the fleet stacks (hub, and the
 * workspaces stack with Terraform Cloud) and the selected sites, built the same way.
 */
export function stackBuilders(
  app: Construct,
  fleet: Fleet,
  options: FleetAppOptions,
): { readonly fleet: ReadonlyArray<{ readonly name: string; readonly build: () => FleetStackBase }>; readonly sites: ReadonlyArray<() => FleetStackBase> } {
  const backend = backendFor(fleet, options.stateDir ?? LOCAL_STATE_DIR);
  const synthesis = options.synthesis ?? 'fast';
  const tfc = fleet.terraformCloud;
  return {
    fleet: [
      { name: HUB_STACK, build: () => new HubStack(app, { fleet, backend, synthesis }) },
      ...(tfc ? [{ name: WORKSPACES_STACK, build: () => new WorkspacesStack(app, { fleet, terraformCloud: tfc, backend, synthesis }) }] : []),
    ],
    sites: selectSites(fleet, options.siteIds).map((site) => () => new EdgeSiteStack(app, { fleet, site, backend, synthesis })),
  };
}

/** Only the selected site stacks: a shard of a parallel synth (the fleet stacks are built elsewhere). */
export function buildSiteStacks(app: Construct, fleet: Fleet, options: FleetAppOptions): readonly EdgeSiteStack[] {
  const backend = backendFor(fleet, options.stateDir ?? LOCAL_STATE_DIR);
  const synthesis = options.synthesis ?? 'fast';
  return selectSites(fleet, options.siteIds).map((site) => new EdgeSiteStack(app, { fleet, site, backend, synthesis }));
}

/**
 * Local state folder relative to a stack's working directory (`<outdir>/stacks/<stack>`):
 * the folder that holds the output folder, which is the project for the default
 * `cdktf.out`, as cdktf's own default. Fixed, so the synthesized output does not depend
 * on where it is written (base and head synths in a review are byte-comparable).
 */
export const LOCAL_STATE_DIR = '../../..';

/**
 * The app: like cdktf's App, but it checks the security policy of every stack before
 * writing any of them (cdktf runs aspects stack by stack while writing), so a
 * violation anywhere stops synthesis with every violation listed and nothing written.
 */
export class FleetApp extends App {
  /** Every policy violation of every stack (checked once; cdktf's aspect pass then finds nothing new). */
  checkPolicy(): readonly PolicyViolation[] {
    return this.node.children.filter(isFleetStack).flatMap((stack) => stack.policy.check(stack));
  }

  synth(): void {
    const violations = this.checkPolicy();
    if (violations.length > 0) throw new PolicyError(violations);
    super.synth();
  }

  /** The manifest entries of the stacks this app wrote (a shard's part of manifest.json). */
  manifestStacks(): Record<string, unknown> {
    return { ...this.manifest.stacks };
  }

  /** Adds stacks another shard wrote to this app's manifest.json, and rewrites it. */
  writeManifestWith(others: Readonly<Record<string, unknown>>): void {
    Object.assign(this.manifest.stacks, others);
    this.manifest.writeToFile();
  }
}
