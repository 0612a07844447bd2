/**
 * The resolved catalog: what stacks and constructs receive. Every value is present
 * (fleet defaults and built-in defaults applied), every name is derived, and the
 * objects are frozen. Nothing here reads files or the environment.
 */

export type NetworkName = 'management' | 'vmotion' | 'vsan' | 'tkg';
export const NETWORK_NAMES: readonly NetworkName[] = ['management', 'vmotion', 'vsan', 'tkg'];

export type WitnessSize = 'medium' | 'large' | 'extra-large';

/**
 * Two-node clusters one shared witness appliance can serve, by appliance size
 * (vSAN shared witness: medium 21, large 24, extra-large 64).
 */
export const WITNESS_CAPACITY: Readonly<Record<WitnessSize, number>> = Object.freeze({ medium: 21, large: 24, 'extra-large': 64 });

export interface Network {
  readonly vlan: number;
  /** CIDR text as written, e.g. `10.33.0.0/24`. */
  readonly cidr: string;
  readonly gateway?: string;
  /** @default 1500 */
  readonly mtu: number;
}

export interface Host {
  /** Position in the site file, 0 or 1; host 0 is the preferred vSAN fault domain. */
  readonly index: 0 | 1;
  readonly fqdn: string;
  readonly thumbprint: string;
}

export interface MachineSize {
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

export interface TkgSettings {
  /** TKR version the cluster runs (`spec.topology.version`). */
  readonly version: string;
  /** Where `version` comes from: the site's ring, or a pin in the site file. */
  readonly versionSource: 'ring' | 'site';
  readonly clusterClass: string;
  readonly os: { readonly name: 'photon' | 'ubuntu'; readonly version: string; readonly arch: 'amd64' };
  readonly sshAuthorizedKeys: readonly string[];
  readonly controlPlane: { readonly replicas: 1 | 3; readonly endpoint: string; readonly machine: MachineSize };
  readonly workers: { readonly replicas: number; readonly machine: MachineSize };
  readonly podCidr: string;
  readonly serviceCidr: string;
}

export interface EsxiSettings {
  readonly username: string;
  readonly lockdown: 'normal' | 'strict' | 'disabled';
}

/** Every vSphere and Kubernetes name of a site, derived from its id (the seed's convention). */
export interface SiteNames {
  /** `edge33-dc` */
  readonly datacenter: string;
  /** `edge33-Cloud` */
  readonly cluster: string;
  /** `edge33-vsan` */
  readonly datastore: string;
  /** `edge33-vds01` */
  readonly distributedSwitch: string;
  /** `edge33-vds01-mgmt`, `-vmotion`, `-vsan`, `-tkg` */
  readonly portGroups: Readonly<Record<NetworkName, string>>;
  /** `tkg-edge33-wld01` */
  readonly workloadCluster: string;
  /** `edge33`: the namespace on the management cluster that holds the site's objects. */
  readonly namespace: string;
  /** Inventory paths as TKG wants them. */
  readonly paths: {
    /** `/edge33-dc` */
    readonly datacenter: string;
    /** `/edge33-dc/datastore/edge33-vsan` */
    readonly datastore: string;
    /** `/edge33-dc/vm` */
    readonly vmFolder: string;
    /** `/edge33-dc/network/edge33-vds01-tkg` */
    readonly network: string;
    /** `/edge33-dc/host/edge33-Cloud/Resources` */
    readonly resourcePool: string;
  };
}

export interface Ring {
  readonly name: string;
  /** Position in fleet.yaml, 0 first: the rollout order. */
  readonly order: number;
  readonly description?: string;
  readonly tkgVersion: string;
}

export interface Witness {
  readonly name: string;
  readonly fqdn: string;
  readonly size: WitnessSize;
  /** Two-node clusters this witness may serve. */
  readonly capacity: number;
}

export interface Site {
  readonly id: string;
  /** Catalog file the site comes from, as given to the loader (for messages). */
  readonly file: string;
  readonly ring: Ring;
  readonly witness: Witness;
  readonly hosts: readonly [Host, Host];
  readonly networks: Readonly<Record<NetworkName, Network>>;
  readonly esxi: EsxiSettings;
  readonly tkg: TkgSettings;
  readonly names: SiteNames;
}

export interface Fleet {
  readonly vcenter: { readonly server: string; readonly username: string };
  readonly managementCluster: { readonly name: string; readonly endpoint: string };
  readonly hub: {
    readonly witnesses: readonly Witness[];
    readonly harbor: { readonly url: string };
    readonly sharedServices: { readonly endpoint: string };
  };
  /** Rings in rollout order. */
  readonly rings: readonly Ring[];
  /** Sites sorted by id. */
  readonly sites: readonly Site[];
}

/** Derives every name of a site from its id, as the seed's cluster configuration names edge33. */
export function siteNames(id: string): SiteNames {
  const datacenter = `${id}-dc`;
  const cluster = `${id}-Cloud`;
  const datastore = `${id}-vsan`;
  const distributedSwitch = `${id}-vds01`;
  const portGroups = {
    management: `${distributedSwitch}-mgmt`,
    vmotion: `${distributedSwitch}-vmotion`,
    vsan: `${distributedSwitch}-vsan`,
    tkg: `${distributedSwitch}-tkg`,
  };
  return {
    datacenter,
    cluster,
    datastore,
    distributedSwitch,
    portGroups,
    workloadCluster: `tkg-${id}-wld01`,
    namespace: id,
    paths: {
      datacenter: `/${datacenter}`,
      datastore: `/${datacenter}/datastore/${datastore}`,
      vmFolder: `/${datacenter}/vm`,
      network: `/${datacenter}/network/${portGroups.tkg}`,
      resourcePool: `/${datacenter}/host/${cluster}/Resources`,
    },
  };
}

/** Freezes an object graph in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
