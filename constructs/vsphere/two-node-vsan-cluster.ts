import { ComputeCluster } from '@cdktf/provider-vsphere/lib/compute-cluster';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { parseIpv4 } from '../catalog/ipv4';
import { PropViolation, assertProps } from '../props-error';
import { ESA_DISK_GROUPS, duplicateDevices, vsanViolations } from './vsan-rules';

/** A vSAN OSA disk group: one cache device and its capacity devices (canonical names). */
export interface VsanDiskGroupSpec {
  readonly cache: string;
  readonly capacity: readonly string[];
}

export interface TwoNodeVsanClusterVsan {
  /** Original (disk groups) or Express Storage Architecture (vSphere 8). @default "osa" */
  readonly architecture?: 'osa' | 'esa';
  /** Deduplication; OSA only, needs compression. @default false */
  readonly deduplication?: boolean;
  /** Compression; OSA only. @default false */
  readonly compression?: boolean;
  /** UNMAP/TRIM space reclamation; ESA requires it. @default true */
  readonly unmap?: boolean;
  /** vSAN performance service (the provider's schema default is false, its docs say true: set explicitly). @default true */
  readonly performanceService?: boolean;
}

export interface TwoNodeVsanClusterDrs {
  /** @default true */
  readonly enabled?: boolean;
  /** @default "fullyAutomated" */
  readonly automation?: 'manual' | 'partiallyAutomated' | 'fullyAutomated';
  /** 1 (conservative) to 5 (aggressive). @default 3 */
  readonly migrationThreshold?: number;
}

export interface TwoNodeVsanClusterHa {
  /**
   * vSphere HA. The provider requires HA off while vSAN is first enabled, so a new
   * cluster is created with `enabled: false` and HA is turned on in a later apply.
   * @default true
   */
  readonly enabled?: boolean;
  /** @default "powerOff" */
  readonly hostIsolationResponse?: 'none' | 'powerOff' | 'shutdown';
  /** @default "medium" */
  readonly vmRestartPriority?: 'lowest' | 'low' | 'medium' | 'high' | 'highest';
  /**
   * Address HA pings to detect isolation. On vSAN, HA heartbeats run over the vSAN
   * network, so this should be an address on it (the vSAN gateway).
   * @default - vSphere's default (the management gateway)
   */
  readonly isolationAddress?: string;
}

export interface TwoNodeVsanClusterProps {
  /** Cluster name. */
  readonly name: string;
  /** MOID of the datacenter (`vsphere_datacenter.moid`). */
  readonly datacenterId: string;
  /** HostSystem ids of the two hosts: preferred fault domain first. */
  readonly hostIds: readonly [string, string];
  /** HostSystem id of the witness appliance: a host outside this cluster. */
  readonly witnessHostId: string;
  /** OSA disk groups per host, same order as `hostIds`; none leaves disk claiming to vCenter. @default [[], []] */
  readonly diskGroups?: readonly [readonly VsanDiskGroupSpec[], readonly VsanDiskGroupSpec[]];
  readonly vsan?: TwoNodeVsanClusterVsan;
  readonly drs?: TwoNodeVsanClusterDrs;
  readonly ha?: TwoNodeVsanClusterHa;
  /** Fault domain names. @default ["Preferred", "Secondary"] */
  readonly faultDomainNames?: readonly [string, string];
  /** What vSAN needs before it is enabled: the hosts' vSAN VMkernel adapters. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A two-node vSAN cluster: the compute cluster with both hosts, vSAN as a stretched
 * cluster with one host per fault domain and the shared witness outside the cluster,
 * HA admission control that tolerates one host failure, and DRS.
 */
export class TwoNodeVsanCluster extends Construct {
  readonly cluster: ComputeCluster;
  /** Cluster MOID. */
  readonly clusterId: string;
  /** MOID of the cluster's root resource pool. */
  readonly resourcePoolId: string;

  constructor(scope: Construct, id: string, props: TwoNodeVsanClusterProps) {
    super(scope, id);
    const vsan = { architecture: 'osa', deduplication: false, compression: false, unmap: true, performanceService: true, ...props.vsan } as const;
    const drs = { enabled: true, automation: 'fullyAutomated', migrationThreshold: 3, ...props.drs } as const;
    const ha = { enabled: true, hostIsolationResponse: 'powerOff', vmRestartPriority: 'medium', ...props.ha } as const;
    const diskGroups = props.diskGroups ?? [[], []];
    const [preferredName, secondaryName] = props.faultDomainNames ?? ['Preferred', 'Secondary'];
    assertProps(this, 'TwoNodeVsanCluster', validate(vsan, drs.migrationThreshold, ha.isolationAddress, diskGroups, [preferredName, secondaryName]));

    const esa = vsan.architecture === 'esa';
    const isolation = ha.isolationAddress;
    this.cluster = new ComputeCluster(this, 'cluster', {
      name: props.name,
      datacenterId: props.datacenterId,
      hostSystemIds: [...props.hostIds],
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,

      drsEnabled: drs.enabled,
      ...(drs.enabled ? { drsAutomationLevel: drs.automation, drsMigrationThreshold: drs.migrationThreshold } : {}),

      haEnabled: ha.enabled,
      ...(ha.enabled
        ? {
            haHostMonitoring: 'enabled',
            haHostIsolationResponse: ha.hostIsolationResponse,
            haVmRestartPriority: ha.vmRestartPriority,
            // Two hosts: reserve enough to restart everything on the survivor.
            haAdmissionControlPolicy: 'resourcePercentage',
            haAdmissionControlHostFailureTolerance: 1,
            haAdmissionControlResourcePercentageAutoCompute: true,
            // VM component protection does not apply to vSAN; vSAN is the only datastore, so
            // there are no heartbeat datastores to insist on.
            haVmComponentProtection: 'disabled',
            haAdvancedOptions: {
              'das.ignoreInsufficientHbDatastore': 'true',
              ...(isolation ? { 'das.usedefaultisolationaddress': 'false', 'das.isolationaddress0': isolation } : {}),
            },
          }
        : {}),

      vsanEnabled: true,
      vsanUnmapEnabled: vsan.unmap,
      vsanPerformanceEnabled: vsan.performanceService,
      // The provider's ConflictsWith rejects vsan_esa_enabled beside the deduplication and
      // compression keys whenever both are written, even as false: write one side only
      // (vsan_esa_enabled defaults to false).
      ...(esa ? { vsanEsaEnabled: true } : { vsanDedupEnabled: vsan.deduplication, vsanCompressionEnabled: vsan.compression }),
      ...(esa || diskGroups.every((g) => g.length === 0)
        ? {}
        : { vsanDiskGroup: diskGroups.flatMap((groups) => groups.map((g) => ({ cache: g.cache, storage: [...g.capacity] }))) }),
      vsanStretchedCluster: {
        preferredFaultDomainHostIds: [props.hostIds[0]],
        secondaryFaultDomainHostIds: [props.hostIds[1]],
        witnessNode: props.witnessHostId,
        preferredFaultDomainName: preferredName,
        secondaryFaultDomainName: secondaryName,
      },
    });
    this.clusterId = this.cluster.id;
    this.resourcePoolId = this.cluster.resourcePoolId;
  }
}

function validate(
  vsan: Required<TwoNodeVsanClusterVsan>,
  migrationThreshold: number,
  isolationAddress: string | undefined,
  diskGroups: readonly [readonly VsanDiskGroupSpec[], readonly VsanDiskGroupSpec[]],
  faultDomains: readonly [string, string],
): PropViolation[] {
  const out: PropViolation[] = vsanViolations(vsan).map((v) => ({ field: `vsan.${v.field}`, message: v.message }));
  if (!Number.isInteger(migrationThreshold) || migrationThreshold < 1 || migrationThreshold > 5) {
    out.push({ field: 'drs.migrationThreshold', message: `${migrationThreshold} is not allowed; allowed: an integer from 1 to 5` });
  }
  if (isolationAddress !== undefined && parseIpv4(isolationAddress) === undefined) {
    out.push({ field: 'ha.isolationAddress', message: `'${isolationAddress}' is not allowed; allowed: an IPv4 address` });
  }
  diskGroups.forEach((groups, host) => {
    if (vsan.architecture === 'esa' && groups.length > 0) out.push({ field: `diskGroups[${host}]`, message: ESA_DISK_GROUPS });
    groups.forEach((g, i) => {
      if (g.capacity.length < 1 || g.capacity.length > 7) {
        out.push({ field: `diskGroups[${host}][${i}].capacity`, message: `${g.capacity.length} devices is not allowed; allowed: 1 to 7 capacity devices per disk group` });
      }
    });
    if (groups.length > 5) out.push({ field: `diskGroups[${host}]`, message: `${groups.length} disk groups is not allowed; allowed: 1 to 5 per host` });
    const prefix = (text: string) => text.replace(/diskGroups\[/g, `diskGroups[${host}][`);
    for (const v of duplicateDevices(groups)) out.push({ field: prefix(v.field), message: prefix(v.message) });
  });
  if (faultDomains[0] === faultDomains[1]) out.push({ field: 'faultDomainNames', message: `'${faultDomains[0]}' twice is not allowed; allowed: two different names` });
  return out;
}
