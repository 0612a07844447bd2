import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereHost } from '@cdktf/provider-vsphere/lib/data-vsphere-host';
import { DataVsphereNetwork } from '@cdktf/provider-vsphere/lib/data-vsphere-network';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { Fleet, isBuilt } from '../constructs/catalog/model';
import { HubHarbor } from '../constructs/harbor/hub-harbor';
import { HubMonitoring } from '../constructs/monitoring/hub-monitoring';
import { PublishedContentLibrary } from '../constructs/vsphere/content-library';
import { WitnessPool } from '../constructs/vsphere/witness-pool';
import { credential, remoteWritePassword } from './credentials';
import { FleetStackBase, FleetStackBaseProps } from './fleet-stack-base';
import { hubHarborProvider, randomProvider, sharedServicesHelmProvider, sharedServicesKubernetesProvider, vsphereProvider } from './providers';

export interface HubStackProps extends FleetStackBaseProps {
  readonly fleet: Fleet;
}

/** The stack name of the hub. */
export const HUB_STACK = 'hub';

/**
 * The main site: shared vSAN witnesses, the published content library, the central
 * Harbor and central monitoring. Sites depend on it only by names and URLs.
 */
export class HubStack extends FleetStackBase {
  readonly witnesses: WitnessPool;
  readonly contentLibrary: PublishedContentLibrary;
  readonly harbor: HubHarbor;
  readonly monitoring: HubMonitoring;

  constructor(scope: Construct, props: HubStackProps) {
    super(scope, HUB_STACK, { ...props, policy: { waivers: props.fleet.waivers } });
    const { fleet } = props;
    const hub = fleet.hub;
    this.pinProvider(vsphereProvider(this, fleet));
    const helm = sharedServicesHelmProvider(this, fleet);
    this.pinProvider(helm);
    const kubernetes = sharedServicesKubernetesProvider(this, fleet);
    this.pinProvider(kubernetes);
    const harborProvider = hubHarborProvider(this, fleet);
    this.pinProvider(harborProvider);
    this.pinProvider(randomProvider(this));

    const datacenter = new DataVsphereDatacenter(this, 'datacenter', { name: hub.datacenter });
    const cluster = new DataVsphereComputeCluster(this, 'cluster', { name: hub.cluster, datacenterId: datacenter.id });
    const deployHost = new DataVsphereHost(this, 'deploy-host', { name: hub.deployHost, datacenterId: datacenter.id });
    const datastore = new DataVsphereDatastore(this, 'datastore', { name: hub.datastore, datacenterId: datacenter.id });
    const network = new DataVsphereNetwork(this, 'witness-network', { name: hub.network, datacenterId: datacenter.id });

    this.witnesses = new WitnessPool(this, 'witnesses', {
      datacenterId: datacenter.id,
      resourcePoolId: cluster.resourcePoolId,
      deployHostId: deployHost.id,
      datastoreId: datastore.id,
      networkId: network.id,
      ovaUrl: hub.witnessOvaUrl,
      dnsServers: hub.dnsServers,
      dnsDomain: hub.dnsDomain,
      ntpServers: hub.ntpServers,
      rootPassword: credential(this, 'witness_password'),
      witnesses: hub.witnesses,
    });
    const awaiting = hub.witnesses.filter((w) => w.thumbprint === undefined).map((w) => w.name);
    new TerraformOutput(this, 'witnesses-awaiting-thumbprint', {
      value: awaiting,
      description: 'Witness appliances deployed but not registered: read their SHA-1 thumbprint, set it in fleet.yaml and apply the hub again.',
    });

    this.contentLibrary = new PublishedContentLibrary(this, 'content-library', {
      name: hub.contentLibrary.name,
      datastoreIds: [datastore.id],
      items: hub.contentLibrary.items,
    });

    this.monitoring = this.buildMonitoring(fleet, helm, kubernetes);

    this.harbor = new HubHarbor(this, 'harbor', {
      url: hub.harbor.url,
      namespace: hub.harbor.namespace,
      chartVersion: hub.harbor.chartVersion,
      tlsSecretName: hub.harbor.tlsSecretName,
      storageClass: hub.harbor.storageClass,
      persistence: hub.harbor.persistence,
      adminPassword: credential(this, 'hub_harbor_admin_password'),
      projects: hub.harbor.projects,
      harborProvider,
      helmProvider: helm,
      // Its ServiceMonitor needs the Prometheus Operator CRDs.
      dependsOn: [this.monitoring.release],
    });
  }

  private buildMonitoring(fleet: Fleet, helm: HelmProvider, kubernetes: KubernetesProvider): HubMonitoring {
    const m = fleet.hub.monitoring;
    // Every built site with its Prometheus remote-writes and must keep reporting; a
    // bootstrapping site has no cluster yet, and one without Prometheus never reports.
    const reporting = fleet.index.filter((s) => isBuilt(s) && s.prometheus).map((s) => s.id);
    const store = (user?: string) => (user ? { httpUser: user, httpPasswd: credential(this, 'log_store_password') } : {});
    const { loki, opensearch } = m.logSink;
    return new HubMonitoring(this, 'monitoring', {
      namespace: m.namespace,
      chartVersion: m.chartVersion,
      logSinkChartVersion: m.logSink.chartVersion,
      ...(m.ingressClassName ? { ingressClassName: m.ingressClassName } : {}),
      remoteWrite: { host: new URL(m.remoteWriteUrl).hostname, tlsSecretName: m.tlsSecretName },
      grafana: { host: m.grafanaHost, tlsSecretName: m.tlsSecretName },
      grafanaAdminPassword: credential(this, 'hub_grafana_admin_password'),
      remoteWriteCredentials: reporting.map((id) => ({ username: id, password: remoteWritePassword(this, id) })),
      retention: m.retention,
      storage: m.storage,
      ...(m.storageClass ? { storageClassName: m.storageClass } : {}),
      knownSites: reporting,
      logSink: {
        sharedKey: credential(this, 'log_sink_shared_key'),
        tlsSecretName: m.logSink.tlsSecretName,
        port: m.logSink.port,
        ...(m.logSink.bufferClaimName ? { buffer: { claimName: m.logSink.bufferClaimName } } : {}),
        outputs: {
          stdout: !loki && !opensearch,
          ...(loki ? { loki: { host: loki.host, port: loki.port, ...(loki.tenantId ? { tenantId: loki.tenantId } : {}), ...store(loki.username) } } : {}),
          ...(opensearch ? { opensearch: { host: opensearch.host, port: opensearch.port, index: opensearch.index, ...store(opensearch.username) } } : {}),
        },
      },
      helmProvider: helm,
      kubernetesProvider: kubernetes,
    });
  }
}
