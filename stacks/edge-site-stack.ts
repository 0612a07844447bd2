import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Datacenter } from '@cdktf/provider-vsphere/lib/datacenter';
import { TerraformDataSource, TerraformOutput, TerraformProvider, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { Fleet, Site, isBuilt } from '../constructs/catalog/model';
import { SubscribedContentLibrary, publishUrl } from '../constructs/vsphere/content-library';
import { EdgeNetwork } from '../constructs/vsphere/edge-network';
import { EsxiHosts } from '../constructs/vsphere/esxi-hosts';
import { HubInventory } from '../constructs/vsphere/hub-inventory';
import { TkgPlacement } from '../constructs/vsphere/tkg-placement';
import { TwoNodeVsanCluster } from '../constructs/vsphere/two-node-vsan-cluster';
import { SiteAddons } from '../constructs/addons/site-addons';
import { HarborReplicationTarget } from '../constructs/harbor/replication-target';
import { ClusterAutoscaler } from '../constructs/tkg/cluster-autoscaler';
import { WorkloadCluster } from '../constructs/tkg/workload-cluster';
import { credential } from './credentials';
import { FleetStackBase, FleetStackBaseProps } from './fleet-stack-base';
import { hubHarborProvider, managementClusterProvider, randomProvider, siteHarborProvider, tlsProvider, vsphereProvider } from './providers';
import { siteAddonSettings } from './site-addons';
import { buildSiteBackup } from './site-backup';
import { buildSiteAccess } from './site-access';
import { SiteAccess } from '../constructs/access/site-access';
import { buildSiteDelivery } from './site-delivery';
import { SiteDelivery } from '../constructs/delivery/site-delivery';
import { SiteVelero } from '../constructs/backup/site-velero';
import { siteLabels, workloadClusterProps } from './site-cluster';

/** The stack's managed resources (not data sources), in construct order. */
function managedResources(stack: Construct): TerraformResource[] {
  return stack.node.findAll().filter((node): node is TerraformResource => node instanceof TerraformResource && !(node instanceof TerraformDataSource));
}

/** `type.name`, as Terraform addresses a managed resource. */
function resourceAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** The provider configuration a resource uses: `<local name>` or `<local name>.<alias>`. */
function providerKey(resource: TerraformResource): string {
  const name = resource.provider?.terraformResourceType ?? resource.terraformResourceType.split('_')[0];
  const alias = resource.provider?.alias;
  return alias ? `${name}.${alias}` : name;
}

/** The provider configurations a stack declares, as `providerKey` names them. */
function providerKeys(stack: Construct): string[] {
  return stack.node
    .findAll()
    .filter((node): node is TerraformProvider => node instanceof TerraformProvider)
    .map((provider) => (provider.alias ? `${provider.terraformResourceType}.${provider.alias}` : provider.terraformResourceType));
}

export interface EdgeSiteStackProps extends FleetStackBaseProps {
  /** The resolved fleet (endpoints, rings, witnesses). */
  readonly fleet: Fleet;
  /** The site this stack builds; the stack is named after `site.id`. */
  readonly site: Site;
  /**
   * Built aside only to learn the addresses of the site's full shape (see
   * `forgetInsteadOfDestroy`); never synthesized.
   * @default false
   */
  readonly shadow?: boolean;
}

/** The vSphere objects of a site, for composition and tests. */
export interface EdgeSiteInfrastructure {
  readonly datacenter: Datacenter;
  readonly hosts: EsxiHosts;
  readonly network: EdgeNetwork;
  readonly cluster: TwoNodeVsanCluster;
  /** Present once the site is active (the vSAN datastore is renamed). */
  readonly placement?: TkgPlacement;
  readonly contentLibrary?: SubscribedContentLibrary;
}

/**
 * Everything of one edge site: its vSphere infrastructure, its TKG workload cluster
 * on the management cluster, its Harbor replication and add-ons. Plans and applies
 * alone: hub objects are found by name, never through cross-stack references.
 *
 * In phase `bootstrap` the stack holds the vSphere infrastructure with HA off (the
 * vSphere requires HA off while vSAN is first enabled); in phase `active`, HA is on
 * and everything that needs the renamed vSAN datastore is added.
 */
export class EdgeSiteStack extends FleetStackBase {
  readonly site: Site;
  readonly infrastructure: EdgeSiteInfrastructure;
  /** The site's namespace on the management cluster (phase active). */
  readonly namespace?: NamespaceV1;
  /** The TKG workload cluster (phase active). */
  readonly workloadCluster?: WorkloadCluster;
  /** The add-ons, the site Harbor among them (phase active). */
  readonly addons?: SiteAddons;
  /** The site Harbor as the hub's replication target. */
  readonly replication?: HarborReplicationTarget;
  /** Velero and its backups (built sites that back up). */
  readonly velero?: SiteVelero;
  /** RBAC and break-glass in the workload cluster (built sites). */
  readonly access?: SiteAccess;
  /** Argo CD, Flagger and the applications (built sites that deliver). */
  readonly delivery?: SiteDelivery;

  constructor(scope: Construct, props: EdgeSiteStackProps) {
    super(scope, props.site.id, {
      ...props,
      policy: { waivers: props.site.waivers, requiredLabels: siteLabels(props.site), platformAdmins: props.fleet.access.platformAdmins },
      protectStateful: props.site.phase !== 'decommissioning',
    });
    const { fleet, site } = props;
    this.site = site;
    this.pinProvider(vsphereProvider(this, fleet));

    this.infrastructure = this.buildInfrastructure(fleet, site);
    if (isBuilt(site)) {
      // Only a built site has objects on the management cluster. A bootstrapping site
      // still configures the provider, in forgetInsteadOfDestroy, for what an earlier
      // active shape may have left in its state.
      this.pinProvider(managementClusterProvider(this, fleet));
      this.namespace = new NamespaceV1(this, 'namespace', { metadata: { name: site.names.namespace, labels: siteLabels(site) } });
      const { placement, contentLibrary } = this.infrastructure;
      this.workloadCluster = new WorkloadCluster(this, 'workload-cluster', {
        ...workloadClusterProps(fleet, site, credential(this, 'vsphere_password')),
        // Nodes are cloned onto the renamed datastore from the site's library.
        dependsOn: [this.namespace, ...(placement ? [placement.datastore] : []), ...(contentLibrary ? [contentLibrary.library] : [])],
      });
      const autoscaler = site.tkg.workers.autoscaler;
      if (autoscaler) {
        const image = site.ring.clusterAutoscalerImage;
        if (!image) throw new Error(`internal error: ${site.id} has an autoscaler but ring ${site.ring.name} has no image (the validator refuses this)`);
        new ClusterAutoscaler(this, 'cluster-autoscaler', {
          labels: siteLabels(site),
          clusterName: site.names.workloadCluster,
          namespace: site.names.namespace,
          image,
          dependsOn: [this.workloadCluster.cluster],
        });
      }
      this.addons = this.buildAddons(fleet, site, this.workloadCluster);
      this.access = buildSiteAccess(this, fleet, site, this.workloadCluster).access;
      new TerraformOutput(this, 'workload-cluster-name', { value: site.names.workloadCluster, description: 'Name of the TKG workload cluster (namespace = site id).' });
      new TerraformOutput(this, 'kubernetes-version', { value: site.tkg.version, description: 'TKR version the workload cluster runs.' });
    }

    new TerraformOutput(this, 'ring', { value: site.ring.name, description: 'Rollout ring of the site.' });
    new TerraformOutput(this, 'phase', { value: site.phase, description: 'Bring-up phase of the site (bootstrap, active or decommissioning).' });
    if (props.site.phase !== 'decommissioning' && !props.shadow) this.forgetInsteadOfDestroy(props);
  }

  /**
   * `prevent_destroy` guards only resources still in the configuration: a catalog edit
   * that shrinks the site (`addons.harbor.enabled: false`, or `phase` back to
   * `bootstrap`) would have Terraform destroy what it drops. The workload cluster and
   * Harbor keep running in that case, and so must what they run on: the cluster's
   * vSphere credentials Secret, the add-on PackageInstalls (deleting one uninstalls the
   * add-on from the running cluster), the resource pool the nodes are in. So a site
   * that lacks part of its full shape (active, Harbor on) gets a `removed` block with
   * `destroy = false` for every resource of the full shape it does not have: Terraform
   * forgets each one instead of destroying it (a no-op for one never created). The full
   * shape is built aside, from the same constructs, so the addresses cannot drift.
   * Decommissioning is the only way to destroy.
   *
   * Terraform refreshes a forgotten object through its provider configuration, the
   * alias it was created with included, before forgetting it; without it the plan
   * fails ("Provider configuration not present"), and an unconfigured kubernetes
   * provider would talk to localhost. So the stack keeps configuring, and pinning, every
   * provider the forgotten resources were created with.
   */
  private forgetInsteadOfDestroy(props: EdgeSiteStackProps): void {
    const { site } = props;
    if (isBuilt(site) && site.addons.harbor.enabled) return; // already the full shape
    const full: Site = { ...site, phase: 'active', addons: { ...site.addons, harbor: { ...site.addons.harbor, enabled: true } } };
    let shadow: EdgeSiteStack;
    try {
      shadow = new EdgeSiteStack(new Construct(undefined as unknown as Construct, 'shadow'), { ...props, site: full, shadow: true });
    } catch {
      // The catalog cannot describe the full shape (say, its ring has no Harbor
      // package version): then no earlier apply can have created it either.
      return;
    }
    const present = new Set(managedResources(this).map(resourceAddress));
    const gone = managedResources(shadow).filter((resource) => !present.has(resourceAddress(resource)));
    if (gone.length === 0) return;
    this.addOverride(
      'removed',
      gone.map((resource) => ({ from: resourceAddress(resource), lifecycle: [{ destroy: false }] })),
    );
    const configured = new Set(providerKeys(this));
    for (const resource of gone) {
      const key = providerKey(resource);
      if (configured.has(key)) continue;
      configured.add(key);
      this.configureProviderFor(key, props.fleet, shadow);
    }
  }

  /** Adds and pins the provider configuration `key` (`kubernetes`, `harbor.site`, ...) as the full shape has it. */
  private configureProviderFor(key: string, fleet: Fleet, shadow: EdgeSiteStack): void {
    switch (key) {
      case 'kubernetes':
        this.pinProvider(managementClusterProvider(this, fleet));
        return;
      case 'harbor.hub':
        this.pinProvider(hubHarborProvider(this, fleet, 'hub'));
        return;
      case 'harbor.site': {
        const url = shadow.addons?.harbor?.url;
        if (!url) throw new Error(`internal error: ${this.site.id}'s full shape has site Harbor resources but no Harbor URL`);
        this.pinProvider(siteHarborProvider(this, url, 'site'));
        return;
      }
      case 'random':
        this.pinProvider(randomProvider(this));
        return;
      case 'tls':
        this.pinProvider(tlsProvider(this));
        return;
      default:
        throw new Error(`internal error: ${this.site.id} forgets resources of provider '${key}', which the site stack does not know how to configure`);
    }
  }

  private buildAddons(fleet: Fleet, site: Site, cluster: WorkloadCluster): SiteAddons | undefined {
    const addons = siteAddonSettings(this, fleet, site);
    if (Object.keys(addons).length === 0) return undefined;
    const packages = site.ring.packages;
    if (!packages) throw new Error(`internal error: ${site.id} enables add-ons but ring ${site.ring.name} has no packages (the validator refuses this)`);
    if (addons.harbor) {
      this.pinProvider(tlsProvider(this));
      this.pinProvider(randomProvider(this));
    }
    const installed = new SiteAddons(this, 'addons', {
      namespace: site.names.namespace,
      kubeconfigSecretName: cluster.kubeconfigSecretName,
      repository: packages.repository,
      versions: packages.versions,
      addons,
      labels: siteLabels(site),
      dependsOn: [cluster.cluster],
    });
    if (installed.harbor) {
      const hub = hubHarborProvider(this, fleet, 'hub');
      this.pinProvider(hub);
      const own = siteHarborProvider(this, installed.harbor.url, 'site');
      (this as { replication?: HarborReplicationTarget }).replication = new HarborReplicationTarget(this, 'harbor-replication', {
        site: site.id,
        siteUrl: installed.harbor.url,
        siteCaCertificate: fleet.certificateAuthority,
        hubProvider: hub,
        siteProvider: own,
        policy: site.ring.replication,
        dependsOn: [installed.harbor.install.manifest],
      });
      new TerraformOutput(this, 'harbor-url', { value: installed.harbor.url, description: "URL of the site's own Harbor." });
      const backup = buildSiteBackup(this, fleet, site, cluster, own, this.replication as HarborReplicationTarget);
      if (backup) (this as { velero?: SiteVelero }).velero = backup.velero;
      const delivery = buildSiteDelivery(this, fleet, site, cluster, own, this.replication as HarborReplicationTarget);
      if (delivery) (this as { delivery?: SiteDelivery }).delivery = delivery.delivery;
    }
    return installed;
  }

  private buildInfrastructure(fleet: Fleet, site: Site): EdgeSiteInfrastructure {
    const active = isBuilt(site);
    const datacenter = new Datacenter(this, 'datacenter', { name: site.names.datacenter });
    const hub = new HubInventory(this, 'hub', { datacenter: fleet.hub.datacenter });
    const witness = hub.witnessHost(site.witness.fqdn);

    const hosts = new EsxiHosts(this, 'hosts', {
      datacenterId: datacenter.moid,
      hosts: site.hosts,
      username: site.esxi.username,
      password: credential(this, 'esxi_password'),
      lockdown: site.esxi.lockdown,
      ntpServers: site.ntpServers,
    });

    const network = new EdgeNetwork(this, 'network', {
      switchName: site.names.distributedSwitch,
      datacenterId: datacenter.moid,
      discoveryProtocol: site.distributedSwitch.discoveryProtocol,
      hosts: [
        { hostId: hosts.hostIds[0], nics: site.distributedSwitch.nics, addresses: site.hosts[0].addresses },
        { hostId: hosts.hostIds[1], nics: site.distributedSwitch.nics, addresses: site.hosts[1].addresses },
      ],
      networks: {
        management: { portGroup: site.names.portGroups.management, ...site.networks.management },
        vmotion: { portGroup: site.names.portGroups.vmotion, ...site.networks.vmotion },
        vsan: { portGroup: site.names.portGroups.vsan, ...site.networks.vsan },
        tkg: { portGroup: site.names.portGroups.tkg, ...site.networks.tkg },
      },
    });

    const cluster = new TwoNodeVsanCluster(this, 'cluster', {
      name: site.names.cluster,
      datacenterId: datacenter.moid,
      hostIds: hosts.hostIds,
      witnessHostId: witness.id,
      diskGroups: [site.hosts[0].diskGroups, site.hosts[1].diskGroups],
      vsan: site.vsan,
      drs: site.cluster.drs,
      ha: {
        enabled: active,
        hostIsolationResponse: site.cluster.ha.hostIsolationResponse,
        vmRestartPriority: site.cluster.ha.vmRestartPriority,
        isolationAddress: site.cluster.ha.isolationAddress ?? site.networks.vsan.gateway,
      },
      dependsOn: network.vsanAdapters,
    });

    if (!active) return { datacenter, hosts, network, cluster };

    const placement = new TkgPlacement(this, 'tkg-placement', {
      datacenterName: site.names.datacenter,
      datacenterId: datacenter.moid,
      clusterName: site.names.cluster,
      clusterResourcePoolId: cluster.resourcePoolId,
      datastoreName: site.names.datastore,
      storagePolicy: site.vsan.storagePolicy,
      folder: site.tkg.folder,
      resourcePool: site.tkg.resourcePool,
    });
    const hubLibrary = hub.contentLibrary(fleet.hub.contentLibrary.name);
    const contentLibrary = new SubscribedContentLibrary(this, 'content-library', {
      name: site.names.contentLibrary,
      datastoreIds: [placement.datastore.id],
      subscriptionUrl: publishUrl(fleet.vcenter.server, hubLibrary.id),
    });
    return { datacenter, hosts, network, cluster, placement, contentLibrary };
  }
}
