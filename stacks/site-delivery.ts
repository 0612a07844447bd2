/**
 * A site's application delivery from the resolved catalog: a pull-only robot on the
 * site Harbor for the delivery project and every application's project, and Argo CD,
 * Flagger and the applications delivered by the management cluster.
 */
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ADDON_NAMESPACES } from '../constructs/addons/values/types';
import { DEFAULT_SCRAPE_INTERVAL } from '../constructs/addons/values/prometheus';
import { prometheusServiceUrl } from '../constructs/addons/values/grafana';
import { promDurationSeconds } from '../constructs/addons/values/types';
import { Fleet, Site } from '../constructs/catalog/model';
import { SiteDelivery } from '../constructs/delivery/site-delivery';
import { HarborRobotAccount } from '../constructs/harbor/binding/robot-account';
import { HarborReplicationTarget } from '../constructs/harbor/replication-target';
import { WorkloadCluster } from '../constructs/tkg/workload-cluster';
import { pullRobot } from './pull-robot';
import { siteLabels } from './site-cluster';

export interface SiteDeliveryParts {
  readonly robot: HarborRobotAccount;
  readonly delivery: SiteDelivery;
}

/**
 * Argo CD, Flagger and the applications for a built site that delivers; undefined when
 * it does not. Needs the site Harbor (its provider and the replicated projects), which
 * the validator guarantees.
 */
export function buildSiteDelivery(scope: Construct, fleet: Fleet, site: Site, cluster: WorkloadCluster, siteHarbor: TerraformProvider, replication: HarborReplicationTarget): SiteDeliveryParts | undefined {
  if (!site.delivery.enabled || !fleet.delivery) return undefined;
  const { argocd, flagger } = site.ring;
  if (!argocd || !flagger) throw new Error(`internal error: ${site.id} delivers but ring ${site.ring.name} has no argocd or flagger (the validator refuses this)`);
  const deliveryProject = fleet.delivery.harborProject;
  const projectNames = [...new Set([deliveryProject, ...site.delivery.applications.map((a) => a.application.project)])].sort();
  // The replication target creates one site project per ring project, in the ring's order.
  const projects = projectNames.map((name) => {
    const project = replication.projects[site.ring.replication.projects.indexOf(name)];
    if (!project) throw new Error(`internal error: ${site.id} delivers from ${name} but its ring does not replicate it (the validator refuses this)`);
    return project;
  });
  const robot = pullRobot(scope, 'delivery-robot', {
    provider: siteHarbor,
    name: 'delivery-pull',
    description: 'Pulls the Argo CD, Flagger and application charts and images (managed by the fleet; do not edit)',
    projects: projectNames,
    dependsOn: projects,
  });
  const delivery = new SiteDelivery(scope, 'delivery', {
    namespace: site.names.namespace,
    kubeconfigSecretName: cluster.kubeconfigSecretName,
    source: { registryHost: site.names.harborHost, project: deliveryProject, argocd, flagger },
    caCertificate: fleet.certificateAuthority,
    registryCredentials: { username: robot.fullName, password: robot.secret },
    metricsServer: prometheusServiceUrl(ADDON_NAMESPACES.monitoring),
    site: site.id,
    ring: site.ring.name,
    scrapeIntervalSeconds: promDurationSeconds(DEFAULT_SCRAPE_INTERVAL) as number,
    applications: site.delivery.applications,
    labels: siteLabels(site),
    dependsOn: [cluster.cluster],
  });
  return { robot, delivery };
}
