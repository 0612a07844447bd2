/**
 * A site's backups from the resolved catalog: a pull-only robot on the site Harbor for
 * Velero's chart and images, the site's own store credentials from its workspace
 * variables, and Velero delivered by the management cluster.
 */
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { SiteVelero } from '../constructs/backup/site-velero';
import { Fleet, Site } from '../constructs/catalog/model';
import { HarborRobotAccount } from '../constructs/harbor/binding/robot-account';
import { HarborReplicationTarget } from '../constructs/harbor/replication-target';
import { WorkloadCluster } from '../constructs/tkg/workload-cluster';
import { credential } from './credentials';
import { pullRobot } from './pull-robot';
import { siteLabels } from './site-cluster';

export interface SiteBackupParts {
  readonly robot: HarborRobotAccount;
  readonly velero: SiteVelero;
}

/**
 * Velero for a built site that backs up; undefined when it does not. Needs the site
 * Harbor (its provider and the replicated project), which the validator guarantees.
 */
export function buildSiteBackup(scope: Construct, fleet: Fleet, site: Site, cluster: WorkloadCluster, siteHarbor: TerraformProvider, replication: HarborReplicationTarget): SiteBackupParts | undefined {
  const backup = site.backup;
  if (!backup.enabled || !fleet.backup || !backup.location) return undefined;
  const release = site.ring.velero;
  if (!release) throw new Error(`internal error: ${site.id} backs up but ring ${site.ring.name} has no velero (the validator refuses this)`);
  const projectName = fleet.backup.harborProject;
  // The replication target creates one site project per ring project, in the ring's order.
  const project = replication.projects[site.ring.replication.projects.indexOf(projectName)];
  if (!project) throw new Error(`internal error: ${site.id} backs up but its ring does not replicate ${projectName} (the validator refuses this)`);
  const robot = pullRobot(scope, 'velero-robot', {
    provider: siteHarbor,
    name: 'velero-pull',
    description: 'Pulls the Velero chart and images (managed by the fleet; do not edit)',
    projects: [projectName],
    dependsOn: [project],
  });
  const store = fleet.backup.store;
  const velero = new SiteVelero(scope, 'velero', {
    namespace: site.names.namespace,
    kubeconfigSecretName: cluster.kubeconfigSecretName,
    source: { registryHost: site.names.harborHost, project: projectName, release },
    location: { endpoint: store.endpoint, region: store.region, bucket: backup.location.bucket, prefix: backup.location.prefix, ...(store.caCertificate ? { caCertificate: store.caCertificate } : {}), ...(store.checksumAlgorithm !== undefined ? { checksumAlgorithm: store.checksumAlgorithm } : {}) },
    storeCredentials: { username: credential(scope, 'backup_access_key_id'), password: credential(scope, 'backup_secret_access_key') },
    registryCredentials: { username: robot.fullName, password: robot.secret },
    schedules: backup.schedules,
    ...(backup.restore ? { restore: backup.restore } : {}),
    labels: siteLabels(site),
    dependsOn: [cluster.cluster],
  });
  return { robot, velero };
}
