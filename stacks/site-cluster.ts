/**
 * The workload cluster of a site, from the resolved catalog: the one mapping that
 * both the site stack (the Cluster object) and `npm run cluster-config` (the legacy
 * flat configuration) use, so the two cannot disagree.
 */
import { Fleet, Site } from '../constructs/catalog/model';
import { WorkloadClusterProps } from '../constructs/tkg/workload-cluster';

/** Label keys the product puts on the objects it creates for a site. */
export const SITE_LABEL = 'edge-fleet.tanzu/site';
export const RING_LABEL = 'edge-fleet.tanzu/ring';

/** Labels of every Kubernetes object the product creates for a site. */
export function siteLabels(site: Site): Record<string, string> {
  return { [SITE_LABEL]: site.id, [RING_LABEL]: site.ring.name };
}

/** Host (and port) of an https URL: the registry name nodes pull by. */
export function registryHost(url: string): string {
  return new URL(url).host;
}

/**
 * Props of the site's workload cluster. `password` is the token of the sensitive
 * variable holding the vSphere password (the tool passes a placeholder: the flat
 * configuration never prints it).
 */
export function workloadClusterProps(fleet: Fleet, site: Site, password: string): WorkloadClusterProps {
  const { tkg, names } = site;
  return {
    name: names.workloadCluster,
    namespace: names.namespace,
    clusterClass: tkg.clusterClass,
    version: tkg.version,
    vcenter: {
      server: fleet.vcenter.server,
      tlsThumbprint: fleet.vcenter.tlsThumbprint,
      datacenter: names.paths.datacenter,
      datastore: names.paths.datastore,
      folder: names.paths.vmFolder,
      network: names.paths.network,
      resourcePool: names.paths.resourcePool,
      storagePolicy: site.vsan.storagePolicy,
    },
    credentials: { username: fleet.vcenter.username, password },
    os: tkg.os,
    controlPlane: tkg.controlPlane,
    workers: tkg.workers,
    cni: tkg.cni,
    podCidrs: [tkg.podCidr],
    serviceCidrs: [tkg.serviceCidr],
    sshAuthorizedKeys: tkg.sshAuthorizedKeys,
    ntpServers: site.ntpServers,
    trustedCAs: tkg.trustedCAs,
    additionalImageRegistries: [
      { host: registryHost(fleet.hub.harbor.url), ...(fleet.hub.harbor.caCertificate ? { caCertificate: fleet.hub.harbor.caCertificate } : {}) },
      // The site's own Harbor, whose certificate the fleet CA signs: pods pull locally.
      ...(site.addons.harbor.enabled ? [{ host: site.names.harborHost, caCertificate: fleet.certificateAuthority }] : []),
    ],
    kubeVipLoadBalancer: site.addons.contour.enabled,
    machineHealthCheck: tkg.machineHealthCheck,
    labels: siteLabels(site),
  };
}
