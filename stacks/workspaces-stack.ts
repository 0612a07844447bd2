import { DataTfeAgentPool } from '@cdktf/provider-tfe/lib/data-tfe-agent-pool';
import { DataTfeProject } from '@cdktf/provider-tfe/lib/data-tfe-project';
import { DataTfeVariableSet } from '@cdktf/provider-tfe/lib/data-tfe-variable-set';
import { TfeProvider } from '@cdktf/provider-tfe/lib/provider';
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
 * site adds its workspace; removing a site cannot destroy its workspace unless the
 * site was marked for decommissioning (and Terraform Cloud refuses to delete a
 * workspace that still manages resources). Its own
 * workspace (`<prefix>fleet`) is created once by hand, and the tfe provider takes its
 * token from TFE_TOKEN.
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
    for (const site of props.fleet.sites) {
      workspaces[site.id] = workspace(
        site.id,
        { kind: 'site', ring: site.ring.name, ...(site.region ? { region: site.region } : {}) },
        tfc.variableSets.sites,
        `Edge site ${site.id} (ring ${site.ring.name})`,
        // A decommissioned site's workspace may go once its stack is destroyed.
        site.phase !== 'decommissioning',
      );
    }
    this.workspaces = workspaces;
  }
}
