import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ReplicationPolicy } from '../catalog/model';
import { cronProblem, isPemCertificate } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';
import { HarborProject } from './binding/project';
import { HarborRegistry } from './binding/registry';
import { HarborReplication, HarborReplicationFilter } from './binding/replication';
import { HarborRobotAccount } from './binding/robot-account';

export interface HarborReplicationTargetProps {
  /** Site id: names the registry entry and the rules at the hub. */
  readonly site: string;
  /** URL of the site Harbor, e.g. `https://harbor.edge33.tanzu.lab`. */
  readonly siteUrl: string;
  /** PEM CA that signed the site Harbor's certificate: the hub verifies the site with it. */
  readonly siteCaCertificate: string;
  /** Harbor provider of the hub Harbor (where the registry and the rules go). */
  readonly hubProvider: TerraformProvider;
  /** Harbor provider of the site Harbor (where the projects and the robot account go). */
  readonly siteProvider: TerraformProvider;
  /** When and what the hub pushes (the site's ring). */
  readonly policy: ReplicationPolicy;
  /** Resources the site Harbor's objects wait for (its installation). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The actions the replication robot gets on each replicated project of the site Harbor. */
export const REPLICATION_ROBOT_ACCESS = [
  { action: 'pull', resource: 'repository' },
  { action: 'push', resource: 'repository' },
  { action: 'list', resource: 'artifact' },
  { action: 'read', resource: 'artifact' },
  { action: 'create', resource: 'tag' },
  { action: 'list', resource: 'tag' },
] as const;

/**
 * A site Harbor as a replication target of the hub Harbor. On the site Harbor: the
 * replicated projects and a robot account that may push to exactly them. On the hub:
 * the site Harbor as a registry (provider `harbor`, TLS verified against the fleet CA,
 * the robot as credentials) and one push rule per project, triggered and filtered as
 * the site's ring says: on every push (canary), or on a schedule for promoted
 * artifacts only.
 */
export class HarborReplicationTarget extends Construct {
  readonly robot: HarborRobotAccount;
  readonly registry: HarborRegistry;
  readonly projects: readonly HarborProject[];
  readonly replications: readonly HarborReplication[];

  constructor(scope: Construct, id: string, props: HarborReplicationTargetProps) {
    super(scope, id);
    assertProps(this, 'HarborReplicationTarget', validate(props));
    const { policy } = props;
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;

    this.projects = policy.projects.map(
      (name) => new HarborProject(this, `site-project-${name}`, { provider: props.siteProvider, name, public: false, vulnerabilityScanning: false, dependsOn }),
    );
    this.robot = new HarborRobotAccount(this, 'robot', {
      provider: props.siteProvider,
      name: 'replication-from-hub',
      description: 'Pushes images from the hub Harbor (managed by the fleet; do not edit)',
      level: 'system',
      permissions: this.projects.map((project) => ({ kind: 'project', namespace: project.name, access: REPLICATION_ROBOT_ACCESS.map((a) => ({ ...a })) })),
      dependsOn,
    });

    this.registry = new HarborRegistry(this, 'registry', {
      provider: props.hubProvider,
      providerName: 'harbor',
      name: props.site,
      endpointUrl: props.siteUrl,
      description: `Harbor of edge site ${props.site}`,
      accessId: this.robot.fullName,
      accessSecret: this.robot.secret,
      insecure: false,
      caCertificate: props.siteCaCertificate,
    });

    const schedule = policy.trigger === 'event_based' ? 'event_based' : (policy.schedule as string);
    this.replications = policy.projects.map((project) => {
      const filters: HarborReplicationFilter[] = [{ name: `${project}/**` }, { resource: 'artifact' }];
      if (policy.filter && 'label' in policy.filter) filters.push({ labels: [policy.filter.label] });
      if (policy.filter && 'tag' in policy.filter) filters.push({ tag: policy.filter.tag });
      return new HarborReplication(this, `push-${project}`, {
        provider: props.hubProvider,
        name: `${props.site}-${project}`,
        description: `Push ${project} to edge site ${props.site}`,
        action: 'push',
        registryId: this.registry.registryId,
        schedule,
        filters,
        // Harbor puts the source path under dest_namespace after dropping this many
        // leading components: 1 drops the project, so `edge-apps/app` lands as
        // `edge-apps/app` (0, "no flattening", would make it `edge-apps/edge-apps/app`).
        destNamespace: project,
        destNamespaceReplace: 1,
        override: true,
        deletion: policy.deletion,
        enabled: true,
      });
    });
  }
}

function validate(props: HarborReplicationTargetProps): PropViolation[] {
  const out: PropViolation[] = [];
  const { policy } = props;
  if (!/^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/.test(props.siteUrl)) out.push({ field: 'siteUrl', message: `'${props.siteUrl}' is not allowed; allowed: an https:// URL of a host` });
  if (!isPemCertificate(props.siteCaCertificate)) out.push({ field: 'siteCaCertificate', message: 'not a PEM certificate; allowed: one PEM-encoded X.509 certificate' });
  if (policy.projects.length === 0) out.push({ field: 'policy.projects', message: 'an empty list is not allowed; allowed: at least one project' });
  if (policy.trigger === 'scheduled') {
    if (policy.schedule === undefined) out.push({ field: 'policy.schedule', message: 'missing; allowed: a 6-field cron, seconds first, with trigger scheduled' });
    else {
      // cronProblem says what is wrong and what is allowed.
      const problem = cronProblem(policy.schedule);
      if (problem) out.push({ field: 'policy.schedule', message: `'${policy.schedule}' ${problem}` });
    }
  }
  return out;
}
