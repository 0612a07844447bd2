/**
 * The product's built-in defaults for every site setting. Precedence, lowest first:
 * these values, `defaults` in fleet.yaml, the site file. Sources for the values are
 * the TKG configuration defaults (`providers/config_default.yaml`) and the seed's
 * edge33 cluster configuration (Photon OS on amd64, CNI antrea).
 */
import type { SiteFile, SiteSettingsInput } from './schema';
import type { DeepPartial } from './zod-walk';

type DeepRequired<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> } : T;
type AllSettings = DeepRequired<SiteSettingsInput>;

/**
 * Shape of the built-in defaults: every optional site setting present, except those
 * whose absence means something: the Kubernetes version (then the ring's), the TKG
 * folder and resource pool (then the roots), the worker autoscaler (then fixed
 * replicas), the HA isolation address (then the vSAN gateway, if any), the ingress
 * address (then the one after the control-plane endpoint), ExternalDNS's server, zone
 * and key (then it cannot be enabled), the region (then none), and backup, whose
 * layers include the ring's (see `constructs/catalog/backup.ts`, BACKUP_DEFAULTS).
 */
export type BuiltInSettings = Omit<AllSettings, 'tkg' | 'cluster' | 'addons' | 'ingress' | 'region' | 'backup'> & {
  readonly tkg: Omit<AllSettings['tkg'], 'version' | 'folder' | 'resourcePool' | 'workers'> & { readonly workers: Omit<AllSettings['tkg']['workers'], 'autoscaler'> };
  readonly cluster: { readonly drs: AllSettings['cluster']['drs']; readonly ha: Omit<AllSettings['cluster']['ha'], 'isolationAddress'> };
  readonly addons: Omit<AllSettings['addons'], 'externalDns'> & { readonly externalDns: { readonly enabled: boolean } };
};

export const BUILT_IN_DEFAULTS = {
  ntpServers: [],
  esxi: { username: 'root', lockdown: 'normal' },
  vsan: { architecture: 'osa', deduplication: false, compression: false, unmap: true, performanceService: true, storagePolicy: 'vSAN Default Storage Policy' },
  cluster: {
    drs: { enabled: true, automation: 'fullyAutomated', migrationThreshold: 3 },
    ha: { hostIsolationResponse: 'powerOff', vmRestartPriority: 'medium' },
  },
  distributedSwitch: { nics: ['vmnic2', 'vmnic3'], discoveryProtocol: 'lldp' },
  addons: {
    certManager: { enabled: true },
    contour: { enabled: true },
    harbor: { enabled: true, registryStorage: '100Gi' },
    // A week of metrics on the site: enough to ride out a long WAN outage and still
    // look at what happened locally.
    prometheus: { enabled: true, retentionTime: '7d', retentionSize: '40GB', storage: '50Gi' },
    grafana: { enabled: true },
    fluentBit: { enabled: true, bufferLimit: '2G' },
    externalDns: { enabled: false },
    multus: { enabled: false },
  },
  tkg: {
    clusterClass: 'tkg-vsphere-default-v1.0.0',
    os: { name: 'photon', version: '3', arch: 'amd64' },
    sshAuthorizedKeys: [],
    controlPlane: { replicas: 1, machine: { cpus: 2, memoryMiB: 8192, diskGiB: 40 } },
    workers: { replicas: 2, machine: { cpus: 2, memoryMiB: 4096, diskGiB: 40 } },
    cni: 'antrea',
    trustedCAs: [],
    // TKG's defaults: ENABLE_MHC true, NODE_STARTUP_TIMEOUT 20m, MHC_UNKNOWN_STATUS_TIMEOUT 5m, MHC_FALSE_STATUS_TIMEOUT 12m.
    machineHealthCheck: { enabled: true, nodeStartupTimeout: '20m', unknownStatusTimeout: '5m', falseStatusTimeout: '12m' },
    podCidr: '100.96.0.0/11',
    serviceCidr: '100.64.0.0/13',
  },
} as const satisfies BuiltInSettings;

/** A plain mapping (not an array, not null). */
function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges mappings left to right: later layers win key by key; lists and
 * scalars replace. Layers are never mutated.
 */
export function mergeLayers(...layers: ReadonlyArray<unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!isMapping(layer)) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const current = result[key];
      result[key] = isMapping(value) ? mergeLayers(isMapping(current) ? current : {}, value) : value;
    }
  }
  return result;
}

/** Site-specific keys that are not site settings and so have no defaults. */
type SiteOnlySettings = {
  readonly tkg: {
    readonly version?: string;
    readonly folder?: string;
    readonly resourcePool?: string;
    readonly controlPlane: { readonly endpoint: string };
    readonly workers: { readonly autoscaler?: { readonly min: number; readonly max: number } };
  };
  readonly cluster: { readonly ha: { readonly isolationAddress?: string } };
  readonly addons: { readonly externalDns: { readonly server?: string; readonly zone?: string; readonly tsigKeyName?: string } };
  readonly ingress?: { readonly address?: string };
  readonly region?: string;
};

/** A site file with fleet and built-in defaults merged in: every setting present. */
export type MergedSite = Omit<SiteFile, keyof BuiltInSettings> & BuiltInSettings & SiteOnlySettings;

/**
 * Merges built-in defaults, fleet defaults and a site file, in that order of
 * precedence (last wins). With valid layers the result is a complete MergedSite;
 * with salvaged (partial) layers, a partial one.
 */
export function mergeSite(fleetDefaults: DeepPartial<SiteSettingsInput> | undefined, site: SiteFile): MergedSite;
export function mergeSite(fleetDefaults: DeepPartial<SiteSettingsInput> | undefined, site: DeepPartial<SiteFile>): DeepPartial<MergedSite>;
export function mergeSite(fleetDefaults: DeepPartial<SiteSettingsInput> | undefined, site: DeepPartial<SiteFile>): DeepPartial<MergedSite> {
  // Every layer is schema-checked (or salvaged) and the built-in layer holds every
  // setting, so the merged mapping has the MergedSite shape where the site is whole.
  return mergeLayers(BUILT_IN_DEFAULTS, fleetDefaults, site) as DeepPartial<MergedSite>;
}
