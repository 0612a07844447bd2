import { DataTfeAgentPool } from '@cdktf/provider-tfe/lib/data-tfe-agent-pool';
import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { DataTfeVariableSet } from '@cdktf/provider-tfe/lib/data-tfe-variable-set';
import { DataTfeWorkspace } from '@cdktf/provider-tfe/lib/data-tfe-workspace';
import { DataTfeWorkspaceIds } from '@cdktf/provider-tfe/lib/data-tfe-workspace-ids';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
import { Fn, Op, TerraformIterator, ref } from 'cdktf';
import { Construct } from 'constructs';
import { Fleet, TerraformCloud } from '../constructs/catalog/model';
import { StackWorkspace } from '../constructs/tfc/stack-workspace';
import { FleetStackBase, FleetStackBaseProps } from './fleet-stack-base';
import { HUB_STACK } from './hub-stack';

/** Stack name of the Terraform Cloud workspaces stack. */
export const WORKSPACES_STACK = 'fleet';

export interface WorkspacesStackProps extends FleetStackBaseProps {
  readonly fleet: Fleet;
  readonly terraformCloud: TerraformCloud;
}

/**
 * The Terraform Cloud workspaces of the fleet (tfe provider): one for the hub and one
 * per site of the catalog, always the whole catalog whatever SITES selects. Adding a
 * site adds its workspace. Removing a site is guarded twice, because `prevent_destroy`
 * stops applying once a resource leaves the configuration:
 *
 * - every plan reads the site workspaces of the fleet (prefix, `kind = site` tag, the
 *   fleet's project) that the catalog no longer names, and fails while one of them
 *   still manages resources: its site file was removed without decommissioning, and
 *   nothing of its workspace (settings, variable sets) is touched;
 * - `force_delete = false`: Terraform Cloud itself refuses to delete a workspace that
 *   still manages resources.
 *
 * A decommissioned site (destroyed, so its workspace manages nothing) loses its
 * workspace once its file is removed. Its own workspace (`<prefix>fleet`) is created
 * once by hand, and the tfe provider takes its token from TFE_TOKEN.
 */
export class WorkspacesStack extends FleetStackBase {
  readonly workspaces: Readonly<Record<string, StackWorkspace>>;

  constructor(scope: Construct, props: WorkspacesStackProps) {
    super(scope, WORKSPACES_STACK, { ...props, policy: { waivers: props.fleet.waivers } });
    const tfc = props.terraformCloud;
    this.pinProvider(new TfeProvider(this, 'tfe', { hostname: tfc.hostname, organization: tfc.organization }));

    const project = new DataTfeProject(this, 'project', { name: tfc.project, organization: tfc.organization });
    const pool = new DataTfeAgentPool(this, 'agent-pool', { name: tfc.agentPool, organization: tfc.organization });
    const sets = new Map<string, string>();
    const setId = (name: string) => {
      let id = sets.get(name);
      if (!id) {
        id = new DataTfeVariableSet(this, `variable-set-${name}`, { name, organization: tfc.organization }).id;
        sets.set(name, id);
      }
      return id;
    };

    const workspace = (stack: string, tags: Record<string, string>, variableSets: readonly string[], description: string, protect = true) =>
      new StackWorkspace(this, `workspace-${stack}`, {
        name: `${tfc.workspacePrefix}${stack}`,
        organization: tfc.organization,
        projectId: project.id,
        agentPoolId: pool.id,
        terraformVersion: tfc.terraformVersion,
        tags,
        variableSets: variableSets.map((name) => ({ name, id: setId(name) })),
        description,
        protect,
      });

    const workspaces: Record<string, StackWorkspace> = {};
    workspaces[HUB_STACK] = workspace(HUB_STACK, { kind: 'hub' }, tfc.variableSets.hub, 'Hub of the Tanzu edge fleet (witnesses, content library, central Harbor and monitoring)');
    for (const site of props.fleet.index) {
      workspaces[site.id] = workspace(
        site.id,
        { kind: 'site', ring: site.ring, ...(site.region ? { region: site.region } : {}) },
        tfc.variableSets.sites,
        `Edge site ${site.id} (ring ${site.ring})`,
        // A decommissioned site's workspace may go once its stack is destroyed.
        site.phase !== 'decommissioning',
      );
    }
    this.workspaces = workspaces;
    this.guardRetiredWorkspaces(tfc, project.id, Object.keys(workspaces).map((stack) => `${tfc.workspacePrefix}${stack}`));
  }

  /**
   * Fails the plan while a site workspace of the fleet that the catalog no longer names
   * still manages resources (read at plan time, so the check sees Terraform Cloud as
   * it is, not as the catalog remembers it).
   */
  private guardRetiredWorkspaces(tfc: TerraformCloud, projectId: string, names: readonly string[]): void {
    const siteWorkspaces = new DataTfeWorkspaceIds(this, 'site-workspaces', {
      organization: tfc.organization,
      names: [`${tfc.workspacePrefix}*`],
      tagFilters: { include: { kind: 'site' } },
    });
    const retired = TerraformIterator.fromList(Fn.setsubtract(Fn.keys(siteWorkspaces.ids), [...names].sort()));
    new DataTfeWorkspace(this, 'retired-site-workspace', {
      forEach: retired,
      organization: tfc.organization,
      name: retired.value,
      lifecycle: {
        postcondition: [
          {
            // Outside the fleet's project it is not a fleet site, whatever its name and tags.
            // (`< 1`, not `== 0`: cdktf 0.21 renders an operand 0 as `undefined`.)
            condition: Op.or(Op.neq(ref('self.project_id', this), projectId), Op.lt(ref('self.resource_count', this), 1)),
            errorMessage:
              'Workspace ${self.name} still manages ${self.resource_count} resource(s), but the catalog has no site file for it: ' +
              'the site was removed without decommissioning. Restore its file with phase: decommissioning, deploy, destroy it, ' +
              'then remove the file (docs/security.md, section Decommissioning a site). Nothing was changed.',
          },
        ],
      },
    });
  }
}
