/**
 * Turns validated catalog files into the model that stacks use. Runs only after
 * `validateCatalog` found no problem, so lookups here cannot fail.
 */
import { resolveSiteAccess } from './access';
import { resolveApplications, resolveSiteDelivery } from './applications';
import { resolveSiteBackup } from './backup';
import { MergedSite } from './defaults';
import { cidr, defaultHostAddress, formatIpv4, nextAddress } from './ipv4';
import { Application, Fleet, Host, NETWORK_NAMES, Network, NetworkName, ReplicationPolicy, Ring, Site, SiteEntry, WITNESS_CAPACITY, WITNESS_DEPLOYMENT_OPTIONS, Waiver, Witness, siteEntry, siteNames } from './model';
import { FleetFile, SiteFile } from './schema';

/** The object without its undefined properties (optional model fields stay absent, not undefined). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A site file that passed every check, with defaults merged in. */
export interface WholeSite {
  readonly source: string;
  readonly file: SiteFile;
  readonly merged: MergedSite;
}

function resolveSite(site: WholeSite, rings: ReadonlyMap<string, Ring>, witnesses: ReadonlyMap<string, Witness>, f: FleetFile, applications: readonly Application[]): Site {
  const edgeDomain = f.edgeDomain;
  const fleetWaivers: readonly Waiver[] = f.waivers ?? [];
  const { file, merged } = site;
  const ring = rings.get(file.ring);
  const witness = witnesses.get(file.witness);
  if (!ring || !witness) throw new Error(`internal error: ${site.source} passed validation with an unknown ring or witness`);
  const networks = Object.fromEntries(
    NETWORK_NAMES.map((name): [NetworkName, Network] => {
      const net = file.networks[name];
      return [name, { vlan: net.vlan, cidr: net.cidr, ...(net.gateway !== undefined ? { gateway: net.gateway } : {}), mtu: net.mtu }];
    }),
  ) as Record<NetworkName, Network>;
  const address = (name: 'vsan' | 'vmotion', index: number, own: string | undefined) => own ?? formatIpv4(defaultHostAddress(cidr(networks[name].cidr), index));
  const hosts = file.hosts.map(
    (h, index): Host => ({
      index: index as 0 | 1,
      fqdn: h.fqdn,
      thumbprint: h.thumbprint,
      diskGroups: h.diskGroups ?? [],
      addresses: { vsan: address('vsan', index, h.addresses?.vsan), vmotion: address('vmotion', index, h.addresses?.vmotion) },
    }),
  ) as [Host, Host];
  const { version, ...tkg } = merged.tkg;
  return compact<Site>({
    id: file.id,
    file: site.source,
    ring,
    witness,
    phase: file.phase,
    region: merged.region,
    waivers: [...fleetWaivers, ...(file.waivers ?? [])],
    hosts,
    networks,
    ntpServers: merged.ntpServers,
    esxi: merged.esxi,
    vsan: merged.vsan,
    cluster: merged.cluster,
    distributedSwitch: { nics: [merged.distributedSwitch.nics[0], merged.distributedSwitch.nics[1]], discoveryProtocol: merged.distributedSwitch.discoveryProtocol },
    tkg: {
      ...tkg,
      version: version ?? ring.tkgVersion,
      versionSource: version !== undefined ? 'site' : 'ring',
    },
    addons: { ...merged.addons, externalDns: compact({ ...merged.addons.externalDns }) },
    ingressAddress: merged.ingress?.address ?? (nextAddress(merged.tkg.controlPlane.endpoint) as string),
    backup: resolveSiteBackup(f, file),
    access: resolveSiteAccess(f, file, merged.region),
    delivery: resolveSiteDelivery(f, file, ring, applications),
    names: siteNames(file.id, edgeDomain, { folder: tkg.folder, resourcePool: tkg.resourcePool }),
  });
}

function resolveReplication(ring: FleetFile['rings'][string], f: FleetFile): ReplicationPolicy {
  const r = ring.replication;
  const filter = r.filter?.label !== undefined ? { label: r.filter.label } : r.filter?.tag !== undefined ? { tag: r.filter.tag } : undefined;
  return compact({
    trigger: r.trigger,
    schedule: r.schedule,
    filter,
    projects: r.projects ?? f.hub.harbor.projects.filter((p) => p.replicate).map((p) => p.name),
    deletion: r.deletion,
  });
}

/**
 * Builds the model; sites come out sorted by id whatever order the files were read in.
 * `index` is every site's entry when `sites` holds only some (a site selection); by
 * default the index of `sites`.
 */
export function resolveFleet(f: FleetFile, sites: readonly WholeSite[], index?: readonly SiteEntry[]): Fleet {
  const rings = new Map(
    Object.entries(f.rings).map(([name, ring], order): [string, Ring] => [
      name,
      compact({
        name,
        order,
        tkgVersion: ring.tkgVersion,
        description: ring.description,
        clusterAutoscalerImage: ring.clusterAutoscalerImage,
        replication: resolveReplication(ring, f),
        packages: ring.packages && { repository: ring.packages.repository, versions: compact({ ...ring.packages.versions }) },
        velero: ring.velero && { chartVersion: ring.velero.chartVersion, version: ring.velero.version, awsPluginVersion: ring.velero.awsPluginVersion },
        argocd: ring.argocd && { chartVersion: ring.argocd.chartVersion, version: ring.argocd.version, redisVersion: ring.argocd.redisVersion },
        flagger: ring.flagger && { chartVersion: ring.flagger.chartVersion, version: ring.flagger.version },
        applications: { ...ring.applications },
      }),
    ]),
  );
  const options = { ...WITNESS_DEPLOYMENT_OPTIONS, ...f.hub.witnessOva.deploymentOptions };
  const witnesses = new Map(
    f.hub.witnesses.map((w): [string, Witness] => {
      const [address, prefix] = w.address.split('/');
      const deploymentOption = options[w.size];
      if (deploymentOption === undefined) throw new Error(`internal error: witness ${w.name} passed validation without a deployment option`);
      return [
        w.name,
        compact({
          name: w.name,
          fqdn: w.fqdn,
          size: w.size,
          capacity: WITNESS_CAPACITY[w.size],
          address,
          prefix: Number(prefix),
          gateway: w.gateway,
          deploymentOption,
          thumbprint: w.thumbprint,
        }),
      ];
    }),
  );
  const applications = resolveApplications(f);
  const resolved = sites.map((site) => resolveSite(site, rings, witnesses, f, applications)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const harbor = f.hub.harbor;
  return compact<Fleet>({
    edgeDomain: f.edgeDomain,
    certificateAuthority: f.certificateAuthority,
    vcenter: { server: f.vcenter.server, username: f.vcenter.username, tlsThumbprint: f.vcenter.tlsThumbprint },
    managementCluster: { name: f.managementCluster.name, endpoint: f.managementCluster.endpoint },
    hub: {
      datacenter: f.hub.datacenter,
      cluster: f.hub.cluster,
      deployHost: f.hub.deployHost,
      datastore: f.hub.datastore,
      network: f.hub.network,
      dnsServers: f.hub.dnsServers,
      dnsDomain: f.hub.dnsDomain,
      witnessOvaUrl: f.hub.witnessOva.url,
      witnesses: [...witnesses.values()],
      contentLibrary: { name: f.hub.contentLibrary.name, items: f.hub.contentLibrary.items ?? [] },
      harbor: compact({
        url: harbor.url,
        host: new URL(harbor.url).host,
        caCertificate: harbor.caCertificate,
        username: harbor.username,
        namespace: harbor.namespace,
        chartVersion: harbor.chartVersion,
        tlsSecretName: harbor.tlsSecretName,
        storageClass: harbor.storageClass,
        persistence: harbor.persistence,
        projects: harbor.projects.map((p) => compact({ ...p })),
      }),
      monitoring: f.hub.monitoring,
      sharedServices: { endpoint: f.hub.sharedServices.endpoint },
      ntpServers: f.defaults?.ntpServers ?? [],
    },
    rings: [...rings.values()],
    terraformCloud: f.terraformCloud,
    backup: f.backup && { store: compact({ ...f.backup.store }), harborProject: f.backup.harborProject },
    delivery: f.delivery && { harborProject: f.delivery.harborProject },
    applications,
    waivers: f.waivers ?? [],
    identity: f.identity && { type: f.identity.type, supervisorIssuer: f.identity.supervisorIssuer },
    access: { platformAdmins: f.access?.platformAdmins ?? [] },
    sites: resolved,
    index: index ? [...index].sort((a, b) => (a.id < b.id ? -1 : 1)) : resolved.map(siteEntry),
  });
}
