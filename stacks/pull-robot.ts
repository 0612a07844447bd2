/**
 * A pull-only robot account on a site Harbor: what kapp-controller (charts) and the
 * workload cluster (images) authenticate with to read the replicated projects an
 * add-on of the fleet comes from (Velero, Argo CD, Flagger, the applications).
 */
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { HarborRobotAccount } from '../constructs/harbor/binding/robot-account';

/** What a pull robot may do on each of its projects: nothing but read. */
export const PULL_ROBOT_ACCESS = [
  { action: 'pull', resource: 'repository' },
  { action: 'read', resource: 'artifact' },
] as const;

export interface PullRobotProps {
  /** Provider of the site Harbor. */
  readonly provider: TerraformProvider;
  /** Robot name (Harbor adds its `robot$` prefix). */
  readonly name: string;
  readonly description: string;
  /** Projects it reads, in order. */
  readonly projects: readonly string[];
  /** The site projects, which must exist first. */
  readonly dependsOn: readonly ITerraformDependable[];
}

export function pullRobot(scope: Construct, id: string, props: PullRobotProps): HarborRobotAccount {
  return new HarborRobotAccount(scope, id, {
    provider: props.provider,
    name: props.name,
    description: props.description,
    level: 'system',
    permissions: props.projects.map((namespace) => ({ kind: 'project' as const, namespace, access: PULL_ROBOT_ACCESS.map((a) => ({ ...a })) })),
    dependsOn: [...props.dependsOn],
  });
}
