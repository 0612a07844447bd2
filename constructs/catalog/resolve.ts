/**
 * Turns validated catalog files into the model that stacks use. Runs only after
 * `validateCatalog` found no problem, so lookups here cannot fail.
 */
import { MergedSite } from './defaults';
import { cidr, defaultHostAddress, formatIpv4 } from './ipv4';
import { Fleet, Host, NETWORK_NAMES, Network, NetworkName, Ring, Site, WITNESS_CAPACITY, WITNESS_DEPLOYMENT_OPTIONS, Witness, siteNames } from './model';
import { FleetFile, SiteFile } from './schema';


/** A site file that passed every check, with defaults merged in. */
export interface WholeSite {
  readonly source: string;
  readonly file: SiteFile;
  readonly merged: MergedSite;
}

function resolveSite(site: WholeSite, rings: ReadonlyMap<string, Ring>, witnesses: ReadonlyMap<string, Witness>): Site {
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
  return {
    id: file.id,
    file: site.source,
    ring,
    witness,
    phase: file.phase,
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
    names: siteNames(file.id, { folder: tkg.folder, resourcePool: tkg.resourcePool }),
  };
}

/** Builds the model; sites come out sorted by id whatever order the files were read in. */
export function resolveFleet(f: FleetFile, sites: readonly WholeSite[]): Fleet {
  const rings = new Map(
    Object.entries(f.rings).map(([name, ring], order): [string, Ring] => [
      name,
      {
        name,
        order,
        tkgVersion: ring.tkgVersion,
        ...(ring.description !== undefined ? { description: ring.description } : {}),
        ...(ring.clusterAutoscalerImage !== undefined ? { clusterAutoscalerImage: ring.clusterAutoscalerImage } : {}),
      },
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
        {
          name: w.name,
          fqdn: w.fqdn,
          size: w.size,
          capacity: WITNESS_CAPACITY[w.size],
          address,
          prefix: Number(prefix),
          gateway: w.gateway,
          deploymentOption,
          ...(w.thumbprint !== undefined ? { thumbprint: w.thumbprint } : {}),
        },
      ];
    }),
  );
  const resolved = sites.map((site) => resolveSite(site, rings, witnesses)).sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
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
      harbor: { url: f.hub.harbor.url, ...(f.hub.harbor.caCertificate !== undefined ? { caCertificate: f.hub.harbor.caCertificate } : {}) },
      sharedServices: { endpoint: f.hub.sharedServices.endpoint },
      ntpServers: f.defaults?.ntpServers ?? [],
    },
    rings: [...rings.values()],
    sites: resolved,
  };
}
