import { Workspace } from '@cdktf/provider-tfe/lib/workspace';
import { WorkspaceSettings } from '@cdktf/provider-tfe/lib/workspace-settings';
import { WorkspaceVariableSet } from '@cdktf/provider-tfe/lib/workspace-variable-set';
import { Construct } from 'constructs';
import { PropViolation, assertProps } from '../props-error';

export interface StackWorkspaceProps {
  /** Workspace name (`<prefix><stack>`). */
  readonly name: string;
  readonly organization: string;
  /** Id of the project the workspace belongs to. */
  readonly projectId: string;
  /** Id of the agent pool that runs it (execution mode `agent`). */
  readonly agentPoolId: string;
  /** Exact Terraform version the workspace runs. */
  readonly terraformVersion: string;
  /** Key-value tags (ring, region, kind). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Variable sets to attach (they hold the credentials), by name: the name keys the attachment. @default [] */
  readonly variableSets?: ReadonlyArray<{ readonly name: string; readonly id: string }>;
  /** @default "" */
  readonly description?: string;
  /**
   * Refuse to destroy the workspace (`prevent_destroy`): removing a site from the
   * catalog must not take its state with it.
   * @default true
   */
  readonly protect?: boolean;
}

/**
 * The Terraform Cloud workspace of one stack: in its project, run by the agent pool
 * inside the hub (vCenter is private), on a pinned Terraform version, with the
 * credential variable sets attached, tagged, and protected from destruction.
 */
export class StackWorkspace extends Construct {
  readonly workspace: Workspace;

  constructor(scope: Construct, id: string, props: StackWorkspaceProps) {
    super(scope, id);
    const violations: PropViolation[] = [];
    if (!/^[A-Za-z0-9_-]{1,90}$/.test(props.name)) violations.push({ field: 'name', message: `'${props.name}' is not allowed; allowed: letters, digits, - and _ (at most 90)` });
    if (!/^\d+\.\d+\.\d+$/.test(props.terraformVersion)) violations.push({ field: 'terraformVersion', message: `'${props.terraformVersion}' is not allowed; allowed: an exact version such as 1.11.4` });
    for (const [key, value] of Object.entries(props.tags ?? {})) {
      if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(key) || !/^[A-Za-z0-9_.:-]{0,256}$/.test(value)) violations.push({ field: `tags.${key}`, message: `'${value}' is not allowed; allowed: letters, digits, _ . : -` });
    }
    const names = (props.variableSets ?? []).map((v) => v.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) violations.push({ field: `variableSets[${i}].name`, message: `'${name}' appears twice; allowed: each variable set once` });
    });
    assertProps(this, 'StackWorkspace', violations);

    this.workspace = new Workspace(this, 'workspace', {
      name: props.name,
      organization: props.organization,
      projectId: props.projectId,
      description: props.description ?? '',
      terraformVersion: props.terraformVersion,
      tags: { ...props.tags },
      // Deleting a workspace that still manages resources fails instead of orphaning them.
      forceDelete: false,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    new WorkspaceSettings(this, 'settings', { workspaceId: this.workspace.id, executionMode: 'agent', agentPoolId: props.agentPoolId });
    for (const set of props.variableSets ?? []) {
      new WorkspaceVariableSet(this, `variable-set-${set.name}`, { workspaceId: this.workspace.id, variableSetId: set.id });
    }
  }
}
