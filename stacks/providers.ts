/**
 * Provider configurations. Endpoints come from the catalog; credentials only from
 * the sensitive variables in `credentials.ts`. TLS verification stays on everywhere.
 */
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { Construct } from 'constructs';
import { HarborProvider } from '../constructs/harbor/binding/provider';
import { Fleet } from '../constructs/catalog/model';
import { credential } from './credentials';

/** vCenter that manages the edge datacenters and the hub witnesses. */
export function vsphereProvider(scope: Construct, fleet: Fleet): VsphereProvider {
  return new VsphereProvider(scope, 'vsphere', {
    vsphereServer: fleet.vcenter.server,
    user: fleet.vcenter.username,
    password: credential(scope, 'vsphere_password'),
    allowUnverifiedSsl: false,
  });
}

/** The TKG management cluster, where each site's Cluster, Secrets and PackageInstalls live. */
export function managementClusterProvider(scope: Construct, fleet: Fleet): KubernetesProvider {
  return new KubernetesProvider(scope, 'management-cluster', {
    host: fleet.managementCluster.endpoint,
    token: credential(scope, 'management_cluster_token'),
    clusterCaCertificate: credential(scope, 'management_cluster_ca_certificate'),
    insecure: false,
  });
}

/** Helm on the hub shared-services cluster (central Harbor and monitoring). */
export function sharedServicesHelmProvider(scope: Construct, fleet: Fleet): HelmProvider {
  return new HelmProvider(scope, 'shared-services', {
    kubernetes: {
      host: fleet.hub.sharedServices.endpoint,
      token: credential(scope, 'shared_services_token'),
      clusterCaCertificate: credential(scope, 'shared_services_ca_certificate'),
      insecure: false,
    },
  });
}

/** Kubernetes on the hub shared-services cluster (the remote-write auth Secret). */
export function sharedServicesKubernetesProvider(scope: Construct, fleet: Fleet): KubernetesProvider {
  return new KubernetesProvider(scope, 'shared-services-kubernetes', {
    host: fleet.hub.sharedServices.endpoint,
    token: credential(scope, 'shared_services_token'),
    clusterCaCertificate: credential(scope, 'shared_services_ca_certificate'),
    insecure: false,
  });
}

/**
 * The hub Harbor. TLS is verified (the binding writes `insecure = false`; the
 * provider's own default would skip verification): a private CA must be trusted by
 * the machine that runs Terraform.
 */
export function hubHarborProvider(scope: Construct, fleet: Fleet, alias?: string): HarborProvider {
  return new HarborProvider(scope, alias ? `harbor-provider-${alias}` : 'harbor-provider', {
    url: fleet.hub.harbor.url,
    username: fleet.hub.harbor.username,
    password: credential(scope, 'hub_harbor_admin_password'),
    insecure: false,
    ...(alias ? { alias } : {}),
  });
}

/** A site's own Harbor, as its admin (TLS verified against the fleet CA). */
export function siteHarborProvider(scope: Construct, url: string, alias: string): HarborProvider {
  return new HarborProvider(scope, `harbor-provider-${alias}`, {
    url,
    username: 'admin',
    password: credential(scope, 'site_harbor_admin_password'),
    insecure: false,
    alias,
  });
}

/** Local certificate signing (site Harbor certificates). */
export function tlsProvider(scope: Construct): TlsProvider {
  return new TlsProvider(scope, 'tls', {});
}

/** Generated secrets (Harbor's internal keys), kept in state. */
export function randomProvider(scope: Construct): RandomProvider {
  return new RandomProvider(scope, 'random', {});
}
