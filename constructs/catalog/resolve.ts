/**
 * Turns validated catalog files into the model that stacks use. Runs only after
 * `validateCatalog` found no problem, so lookups here cannot fail.
 */
import { Fleet, Host, NETWORK_NAMES, Network, NetworkName, Ring, Site, WITNESS_CAPACITY, Witness, siteNames } from './model';
import { MergedSite } from './defaults';
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
  const hosts = file.hosts.map((h, index): Host => ({ index: index as 0 | 1, fqdn: h.fqdn, thumbprint: h.thumbprint })) as [Host, Host];
  const { version, ...tkg } = merged.tkg;
  return {
    id: file.id,
    file: site.source,
    ring,
    witness,
    hosts,
    networks,
    esxi: merged.esxi,
    tkg: {
      ...tkg,
      version: version ?? ring.tkgVersion,
      versionSource: version !== undefined ? 'site' : 'ring',
    },
    names: siteNames(file.id),
  };
}

/** Builds the model; sites come out sorted by id whatever order the files were read in. */
export function resolveFleet(f: FleetFile, sites: readonly WholeSite[]): Fleet {
  const rings = new Map(
    Object.entries(f.rings).map(([name, ring], order): [string, Ring] => [
      name,
      { name, order, tkgVersion: ring.tkgVersion, ...(ring.description !== undefined ? { description: ring.description } : {}) },
    ]),
  );
  const witnesses = new Map(f.hub.witnesses.map((w): [string, Witness] => [w.name, { name: w.name, fqdn: w.fqdn, size: w.size, capacity: WITNESS_CAPACITY[w.size] }]));
  const resolved = sites.map((site) => resolveSite(site, rings, witnesses)).sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    vcenter: { server: f.vcenter.server, username: f.vcenter.username },
    managementCluster: { name: f.managementCluster.name, endpoint: f.managementCluster.endpoint },
    hub: {
      witnesses: [...witnesses.values()],
      harbor: { url: f.hub.harbor.url },
      sharedServices: { endpoint: f.hub.sharedServices.endpoint },
    },
    rings: [...rings.values()],
    sites: resolved,
  };
}
