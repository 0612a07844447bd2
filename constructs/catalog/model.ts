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

/**
 * OVF deployment option per witness size when fleet.yaml does not name one: the vSAN
 * Witness Appliance's `normal` (medium) and `large` options, as deployment scripts
 * for the appliance use them. Extra-large has no default: fleet.yaml must name it.
 */
export const WITNESS_DEPLOYMENT_OPTIONS: Readonly<Partial<Record<WitnessSize, string>>> = Object.freeze({ medium: 'normal', large: 'large' });

export interface Network {
  readonly vlan: number;
  /** CIDR text as written, e.g. `10.33.0.0/24`. */
  readonly cidr: string;
  readonly gateway?: string;
  /** @default 1500 */
  readonly mtu: number;
}

export interface DiskGroup {
  readonly cache: string;
  readonly capacity: readonly string[];
}

export interface Host {
  /** Position in the site file, 0 or 1; host 0 is the preferred vSAN fault domain. */
  readonly index: 0 | 1;
  readonly fqdn: string;
  readonly thumbprint: string;
  /** vSAN OSA disk groups to claim; empty when disks are claimed in vCenter (always with ESA). */
  readonly diskGroups: readonly DiskGroup[];
  /** VMkernel addresses (derived unless the site file sets them). */
  readonly addresses: { readonly vsan: string; readonly vmotion: string };
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
  /** Workers (machine deployment md-0); with `autoscaler`, `replicas` is not used. */
  readonly workers: { readonly replicas: number; readonly machine: MachineSize; readonly autoscaler?: { readonly min: number; readonly max: number } };
  readonly cni: 'antrea' | 'calico';
  readonly trustedCAs: ReadonlyArray<{ readonly name: string; readonly certificate: string }>;
  readonly machineHealthCheck: {
    readonly enabled: boolean;
    readonly nodeStartupTimeout: string;
    readonly unknownStatusTimeout: string;
    readonly falseStatusTimeout: string;
  };
  /** VM folder path relative to the datacenter's VM folder, when the site asks for one. */
  readonly folder?: string;
  /** Resource pool under the cluster's root pool, when the site asks for one. */
  readonly resourcePool?: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
}

export interface EsxiSettings {
  readonly username: string;
  readonly lockdown: 'normal' | 'strict' | 'disabled';
}

export interface VsanSettings {
  readonly architecture: 'osa' | 'esa';
  readonly deduplication: boolean;
  readonly compression: boolean;
  readonly unmap: boolean;
  readonly performanceService: boolean;
  /** Name of the mirroring (FTT=1) storage policy for TKG node VMs. */
  readonly storagePolicy: string;
}

export interface ClusterSettings {
  readonly drs: { readonly enabled: boolean; readonly automation: 'manual' | 'partiallyAutomated' | 'fullyAutomated'; readonly migrationThreshold: number };
  readonly ha: {
    readonly hostIsolationResponse: 'none' | 'powerOff' | 'shutdown';
    readonly vmRestartPriority: 'lowest' | 'low' | 'medium' | 'high' | 'highest';
    /** Address HA pings to detect isolation; undefined keeps vSphere's default (the management gateway). */
    readonly isolationAddress?: string;
  };
}

export interface DistributedSwitchSettings {
  /** Physical NICs of each host that back the two uplinks. */
  readonly nics: readonly [string, string];
  readonly discoveryProtocol: 'lldp' | 'cdp';
}

/** The add-ons a site can run, in install order. */
export type AddonName = 'certManager' | 'contour' | 'harbor' | 'prometheus' | 'grafana' | 'fluentBit' | 'externalDns' | 'multus';
export const ADDON_NAMES: readonly AddonName[] = ['certManager', 'contour', 'harbor', 'prometheus', 'grafana', 'fluentBit', 'externalDns', 'multus'];

/**
 * What each add-on needs installed before it: cert-manager first; Contour before
 * Harbor, Prometheus and Grafana (the reference architectures' order).
 */
export const ADDON_DEPENDENCIES: Readonly<Record<AddonName, readonly AddonName[]>> = Object.freeze({
  certManager: [],
  contour: ['certManager'],
  harbor: ['certManager', 'contour'],
  prometheus: ['certManager', 'contour'],
  grafana: ['certManager', 'contour', 'prometheus'],
  fluentBit: [],
  externalDns: ['contour'],
  multus: [],
});

export interface SiteAddons {
  readonly certManager: { readonly enabled: boolean };
  readonly contour: { readonly enabled: boolean };
  readonly harbor: { readonly enabled: boolean; readonly registryStorage: string };
  readonly prometheus: { readonly enabled: boolean; readonly retentionTime: string; readonly retentionSize: string; readonly storage: string };
  readonly grafana: { readonly enabled: boolean };
  readonly fluentBit: { readonly enabled: boolean; readonly bufferLimit: string };
  readonly externalDns: { readonly enabled: boolean; readonly server?: string; readonly zone?: string; readonly tsigKeyName?: string };
  readonly multus: { readonly enabled: boolean };
}

/** When and what the hub pushes to a ring's sites. */
export interface ReplicationPolicy {
  readonly trigger: 'event_based' | 'scheduled';
  /** 6-field cron, with trigger scheduled. */
  readonly schedule?: string;
  /** Only promoted artifacts: by Harbor label or tag pattern. */
  readonly filter?: { readonly label: string } | { readonly tag: string };
  /** Projects pushed to the ring. */
  readonly projects: readonly string[];
  readonly deletion: boolean;
}

export interface RingPackages {
  /** imgpkg bundle of the Tanzu package repository. */
  readonly repository: string;
  readonly versions: Readonly<Partial<Record<AddonName, string>>>;
}

/** The Velero a ring's sites run: chart and images from the hub Harbor project, replicated to each site Harbor. */
export interface VeleroRelease {
  /** vmware-tanzu velero chart version, e.g. `12.1.0`. */
  readonly chartVersion: string;
  /** velero/velero image tag, e.g. `v1.18.1`. */
  readonly version: string;
  /** velero/velero-plugin-for-aws image tag, e.g. `v1.14.1`. */
  readonly awsPluginVersion: string;
}

/** The S3-compatible object store at the hub that every site backs up to. */
export interface BackupStore {
  /** `https://` S3 API URL. */
  readonly endpoint: string;
  readonly region: string;
  /** Bucket name, possibly with `{site}`. */
  readonly bucket: string;
  /** Key prefix, possibly with `{site}`. */
  readonly prefix: string;
  readonly caCertificate?: string;
  /** AWS plugin `checksumAlgorithm`; undefined keeps the plugin's default (CRC32), `''` sends none. */
  readonly checksumAlgorithm?: '' | 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';
}

export interface FleetBackup {
  readonly store: BackupStore;
  /** Hub Harbor project (replicated) with the velero chart (`charts/velero`) and images. */
  readonly harborProject: string;
}

/** The Argo CD a ring's sites run: chart and images from the hub Harbor's delivery project, replicated to each site Harbor. */
export interface ArgoCdRelease {
  /** argo-helm `argo-cd` chart version, e.g. `10.1.1`. */
  readonly chartVersion: string;
  /** argoproj/argocd image tag, e.g. `v3.4.4`. */
  readonly version: string;
  /** library/redis image tag, e.g. `8.2.3-alpine`. */
  readonly redisVersion: string;
}

/** The Flagger a ring's sites run. */
export interface FlaggerRelease {
  /** fluxcd `flagger` chart version, e.g. `1.44.0`. */
  readonly chartVersion: string;
  /** fluxcd/flagger image tag, e.g. `1.44.0`. */
  readonly version: string;
}

/** Flagger canary analysis of an application, every value present. */
export interface CanaryAnalysis {
  /** Deployment Flagger watches. */
  readonly deployment: string;
  readonly port: number;
  readonly targetPort: number;
  /** Lowest non-5xx share in percent (request-success-rate, thresholdRange.min). */
  readonly successRate: number;
  /** Highest p99 request duration in ms (request-duration, thresholdRange.max). */
  readonly latencyP99Ms: number;
  readonly stepWeight: number;
  readonly maxWeight: number;
  /** Flagger duration, e.g. `1m`. */
  readonly interval: string;
  /** Failed checks before rollback. */
  readonly threshold: number;
}

/** An application of the fleet (fleet.yaml `applications`). */
export interface Application {
  readonly name: string;
  /** Hub Harbor project of the chart and images (replicated to the sites). */
  readonly project: string;
  /** Chart repository inside the project, e.g. `charts/storefront`. */
  readonly repository: string;
  /** Chart name: the last segment of `repository`. */
  readonly chart: string;
  readonly namespace: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Canary analysis; undefined: Argo CD rolls a new version out directly. */
  readonly canary?: CanaryAnalysis;
}

/** An application as one site runs it. */
export interface SiteApplication {
  readonly application: Application;
  /** Chart version the site runs. */
  readonly version: string;
  /** Where `version` comes from: the site's ring, or a pin in the site file. */
  readonly versionSource: 'ring' | 'site';
}

/** Application delivery of a site. */
export interface SiteDelivery {
  /** fleet.yaml declares delivery and the site does not switch it off (only a built site runs it, like backups). */
  readonly enabled: boolean;
  /** Applications the site runs, sorted by name (with their versions once it is built). */
  readonly applications: readonly SiteApplication[];
}

/** Fleet-wide delivery settings (fleet.yaml `delivery`). */
export interface FleetDelivery {
  /** Hub Harbor project (replicated) with the argo-cd and flagger charts (`charts/`) and images. */
  readonly harborProject: string;
}

/**
 * Namespaces the platform owns in a workload cluster: never backed up, never restored
 * over a rebuilt cluster, never an application's. `default` is one: the Tanzu packages'
 * kapp state lives there (PackageInstall `cluster.namespace`).
 */
export const PLATFORM_NAMESPACES: readonly string[] = Object.freeze([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'cert-manager',
  'velero',
  'secretgen-controller',
  'tanzu-package-repo-global',
  'pinniped-concierge',
  'pinniped-supervisor',
  'avi-system',
  // Application delivery (constructs/delivery): Argo CD and Flagger, rebuilt from the catalog.
  'argocd',
  'flagger-system',
  // The namespaces of the prefixes below that TKG and the fleet's add-ons create, by
  // name: Velero excludes exact names (namespace wildcards are new in Velero 1.18).
  'tkg-system',
  'tkg-system-public',
  'tkg-system-networking',
  'tkg-system-telemetry',
  'tanzu-system',
  'tanzu-system-ingress',
  'tanzu-system-monitoring',
  'tanzu-system-dashboards',
  'tanzu-system-logging',
  'tanzu-system-registry',
  'tanzu-system-service-discovery',
  'vmware-system-csi',
]);
/** Prefixes of platform namespaces (TKG's `tkg-system*`, the packages' `tanzu-system-*`, vSphere's `vmware-system-*`). */
export const PLATFORM_NAMESPACE_PREFIXES: readonly string[] = Object.freeze(['tkg-system', 'tanzu-system', 'vmware-system-']);

/** Namespace of Argo CD in a workload cluster (its Applications live there too). */
export const ARGOCD_NAMESPACE = 'argocd';
/** Namespace of Flagger in a workload cluster. */
export const FLAGGER_NAMESPACE = 'flagger-system';

export function isPlatformNamespace(name: string): boolean {
  return PLATFORM_NAMESPACES.includes(name) || PLATFORM_NAMESPACE_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** One Velero schedule of a site, resolved. */
export interface BackupSchedule {
  /** Catalog name, e.g. `apps`; the Velero Schedule is `velero-<name>`. */
  readonly name: string;
  /** Velero cron, as written. */
  readonly cron: string;
  /** Retention as written, e.g. `7d`. */
  readonly retention: string;
  /** Retention in hours (Velero `ttl` is `<hours>h0m0s`). */
  readonly retentionHours: number;
  /** Longest time between two runs, seconds (the staleness alerts fire at twice this). */
  readonly intervalSeconds: number;
  /** Included namespaces (`*` = all but the platform's). */
  readonly namespaces: readonly string[];
  /** Excluded namespaces: the catalog's, then every platform namespace. */
  readonly excludeNamespaces: readonly string[];
  readonly labelSelector: Readonly<Record<string, string>>;
  readonly volumes: 'filesystem' | 'none';
}

/** A restore the site file asks for. */
export interface SiteRestore {
  /** Catalog schedule name. */
  readonly schedule: string;
  /** `latest` or a backup name. */
  readonly backup: string;
  readonly attempt: number;
}

export interface SiteBackup {
  readonly enabled: boolean;
  /** Enabled schedules, sorted by name. */
  readonly schedules: readonly BackupSchedule[];
  /** Where the site writes: its own bucket and prefix (`{site}` replaced); with enabled. */
  readonly location?: { readonly bucket: string; readonly prefix: string };
  readonly restore?: SiteRestore;
}

export interface HarborProject {
  readonly name: string;
  readonly public: boolean;
  readonly replicate: boolean;
  readonly storageQuotaGiB?: number;
}

/**
 * Where a site is in its life: `bootstrap` for the first apply (vSphere only, HA off
 * while vSAN is first enabled), `active` afterwards (HA on, TKG and everything on it),
 * `decommissioning` at its end (as active, without destroy protection).
 */
export type SitePhase = 'bootstrap' | 'active' | 'decommissioning';

/** True once a site is built (active, or being decommissioned): its workload cluster and add-ons exist. */
export function isBuilt(site: { readonly phase: SitePhase }): boolean {
  return site.phase !== 'bootstrap';
}

/**
 * The product's access roles, narrowest first (docs/access.md says what each allows):
 * - `view`: read every object but Secrets; without namespaces, in every namespace and the
 *   cluster-scoped objects (nodes, namespaces, volumes, storage classes) too;
 * - `operate`: `view` cluster-wide, and restart workloads in the listed namespaces
 *   (patch Deployments, StatefulSets and DaemonSets, delete Pods, read Pod logs);
 * - `edit`: create, change and delete the usual namespaced objects, Secrets included, in
 *   the listed namespaces (Kubernetes' `edit`);
 * - `admin`: `edit` plus Roles and RoleBindings in the listed namespaces (Kubernetes' `admin`);
 * - `cluster-admin`: everything, everywhere (Kubernetes' `cluster-admin`); only for groups
 *   fleet.yaml marks as platform administrators (policy rule `cluster-admin-grant`).
 */
export const ACCESS_ROLES = ['view', 'operate', 'edit', 'admin', 'cluster-admin'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];
/** Roles that act inside namespaces only: a grant of one lists its namespaces. */
export const NAMESPACED_ROLES: readonly AccessRole[] = Object.freeze(['operate', 'edit', 'admin']);

/** Where a grant is written: fleet-wide, a ring's, a region's, or the site file's. */
export type GrantLayer = 'fleet' | 'ring' | 'region' | 'site';

/** One grant of a role to a group of the identity provider, resolved for a site. */
export interface AccessGrant {
  /** Group name as the identity provider sends it (Pinniped passes it through). */
  readonly group: string;
  readonly role: AccessRole;
  /** Namespaces the grant is limited to; absent: cluster-wide (`view`, `cluster-admin`). */
  readonly namespaces?: readonly string[];
  readonly layer: GrantLayer;
}

/** The site's emergency way in when the hub (and its Pinniped supervisor) is out of reach. */
export interface BreakGlass {
  /** Role of the break-glass ServiceAccount (cluster-wide). */
  readonly role: 'view' | 'cluster-admin';
  /** Raised after every use: the ServiceAccount and its token of the old generation are deleted. */
  readonly generation: number;
}

export interface SiteAccess {
  /** Every grant of the site's layers, merged: one per group, role and scope. */
  readonly grants: readonly AccessGrant[];
  /** Absent when break-glass is off for the site. */
  readonly breakGlass?: BreakGlass;
}

/** The management cluster's identity settings the sites rely on (TKG's Pinniped). */
export interface FleetIdentity {
  /** The management cluster's IDENTITY_MANAGEMENT_TYPE. */
  readonly type: 'oidc' | 'ldap';
  /** The Pinniped supervisor's issuer: `issuer` of ConfigMap kube-public/pinniped-info on the management cluster. */
  readonly supervisorIssuer: string;
}

export interface FleetAccess {
  /** Groups marked as platform administrators: the only ones that may hold cluster-admin. */
  readonly platformAdmins: readonly string[];
}

/** A policy rule a stack may break, and why. */
export interface Waiver {
  readonly rule: 'tls-verification' | 'esxi-lockdown' | 'host-thumbprint' | 'no-plaintext-secret' | 'required-labels' | 'cluster-admin-grant' | 'access-widening';
  readonly reason: string;
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
  /** `edge33-tkg-templates`: the site's library subscribed to the hub's. */
  readonly contentLibrary: string;
  /** `edge33.tanzu.lab`: the DNS domain of the site's services. */
  readonly domain: string;
  /** `harbor.edge33.tanzu.lab`: the site Harbor. */
  readonly harborHost: string;
  /** `grafana.edge33.tanzu.lab`: the site Grafana. */
  readonly grafanaHost: string;
  /** Inventory paths as TKG wants them. */
  readonly paths: {
    /** `/edge33-dc` */
    readonly datacenter: string;
    /** `/edge33-dc/datastore/edge33-vsan` */
    readonly datastore: string;
    /** `/edge33-dc/vm`, or `/edge33-dc/vm/<tkg.folder>` */
    readonly vmFolder: string;
    /** `/edge33-dc/network/edge33-vds01-tkg` */
    readonly network: string;
    /** `/edge33-dc/host/edge33-Cloud/Resources`, or `.../Resources/<tkg.resourcePool>` */
    readonly resourcePool: string;
  };
}

export interface Ring {
  readonly name: string;
  /** Position in fleet.yaml, 0 first: the rollout order. */
  readonly order: number;
  readonly description?: string;
  readonly tkgVersion: string;
  /** cluster-autoscaler image matching the ring's Kubernetes minor version. */
  readonly clusterAutoscalerImage?: string;
  readonly replication: ReplicationPolicy;
  readonly packages?: RingPackages;
  /** Velero of the ring's sites, when any backs up. */
  readonly velero?: VeleroRelease;
  /** Argo CD of the ring's sites, when any delivers applications. */
  readonly argocd?: ArgoCdRelease;
  /** Flagger of the ring's sites, when any delivers applications. */
  readonly flagger?: FlaggerRelease;
  /** Chart version per application name that the ring's sites run. */
  readonly applications: Readonly<Record<string, string>>;
}

export interface Witness {
  readonly name: string;
  readonly fqdn: string;
  readonly size: WitnessSize;
  /** Two-node clusters this witness may serve. */
  readonly capacity: number;
  /** Management address of the appliance, e.g. 10.10.0.21. */
  readonly address: string;
  /** Prefix length of the management network. */
  readonly prefix: number;
  readonly gateway: string;
  /** OVF deployment option for this witness's size. */
  readonly deploymentOption: string;
  /** Pinned certificate thumbprint; undefined until the appliance is deployed and checked. */
  readonly thumbprint?: string;
}

export interface Hub {
  readonly datacenter: string;
  readonly cluster: string;
  /** ESXi host of the hub cluster that OVF deployments are read against. */
  readonly deployHost: string;
  readonly datastore: string;
  readonly network: string;
  readonly dnsServers: readonly string[];
  readonly dnsDomain: string;
  readonly witnessOvaUrl: string;
  readonly witnesses: readonly Witness[];
  readonly contentLibrary: { readonly name: string; readonly items: ReadonlyArray<{ readonly name: string; readonly url: string }> };
  readonly harbor: {
    readonly url: string;
    /** Host name of `url`. */
    readonly host: string;
    readonly caCertificate?: string;
    readonly username: string;
    readonly namespace: string;
    readonly chartVersion: string;
    readonly tlsSecretName: string;
    readonly storageClass?: string;
    readonly persistence: { readonly registry: string; readonly database: string; readonly jobservice: string; readonly redis: string; readonly trivy: string };
    readonly projects: readonly HarborProject[];
  };
  readonly monitoring: {
    readonly namespace: string;
    readonly chartVersion: string;
    readonly remoteWriteUrl: string;
    readonly grafanaHost: string;
    readonly retention: string;
    readonly storage: string;
    readonly tlsSecretName: string;
    readonly ingressClassName?: string;
    readonly caCertificate?: string;
    readonly storageClass?: string;
    readonly logSink: {
      readonly host: string;
      readonly port: number;
      readonly chartVersion: string;
      readonly tlsSecretName: string;
      readonly bufferClaimName?: string;
      readonly loki?: { readonly host: string; readonly port: number; readonly tenantId?: string; readonly username?: string };
      readonly opensearch?: { readonly host: string; readonly port: number; readonly index: string; readonly username?: string };
    };
  };
  readonly sharedServices: { readonly endpoint: string };
  /** NTP servers of the witness appliances (fleet.yaml defaults.ntpServers). */
  readonly ntpServers: readonly string[];
}

export interface Site {
  readonly id: string;
  /** Catalog file the site comes from, as given to the loader (for messages). */
  readonly file: string;
  readonly ring: Ring;
  readonly witness: Witness;
  readonly phase: SitePhase;
  /** Region the site is in, when the catalog says. */
  readonly region?: string;
  /** Policy rules this site may break (its own and the fleet's). */
  readonly waivers: readonly Waiver[];
  readonly hosts: readonly [Host, Host];
  readonly networks: Readonly<Record<NetworkName, Network>>;
  readonly ntpServers: readonly string[];
  readonly esxi: EsxiSettings;
  readonly vsan: VsanSettings;
  readonly cluster: ClusterSettings;
  readonly distributedSwitch: DistributedSwitchSettings;
  readonly tkg: TkgSettings;
  readonly addons: SiteAddons;
  /** Address Envoy serves the site's services on (kube-vip announces it). */
  readonly ingressAddress: string;
  /** Velero backups to the hub store, and a restore in progress. */
  readonly backup: SiteBackup;
  /** Who may do what on the workload cluster, and the break-glass path. */
  readonly access: SiteAccess;
  /** Argo CD, Flagger and the applications the site runs. */
  readonly delivery: SiteDelivery;
  readonly names: SiteNames;
}

export interface TerraformCloud {
  readonly organization: string;
  readonly hostname: string;
  readonly project: string;
  readonly workspacePrefix: string;
  readonly agentPool: string;
  readonly terraformVersion: string;
  readonly variableSets: { readonly hub: readonly string[]; readonly sites: readonly string[] };
}

export interface Fleet {
  /** Site services are named under `<site>.<edgeDomain>`. */
  readonly edgeDomain: string;
  /** PEM certificate of the fleet CA (its key is a sensitive variable). */
  readonly certificateAuthority: string;
  readonly vcenter: { readonly server: string; readonly username: string; readonly tlsThumbprint: string };
  readonly managementCluster: { readonly name: string; readonly endpoint: string };
  readonly hub: Hub;
  /** Rings in rollout order. */
  readonly rings: readonly Ring[];
  /** Terraform Cloud settings; undefined keeps every stack on local state. */
  readonly terraformCloud?: TerraformCloud;
  /** The object store the sites back up to; undefined: no site backs up. */
  readonly backup?: FleetBackup;
  /** Application delivery; undefined: no site runs Argo CD, Flagger or applications. */
  readonly delivery?: FleetDelivery;
  /** The fleet's applications, sorted by name. */
  readonly applications: readonly Application[];
  /** Policy rules every stack may break. */
  readonly waivers: readonly Waiver[];
  /** The management cluster's Pinniped; undefined: no identity provider (then no site has grants). */
  readonly identity?: FleetIdentity;
  readonly access: FleetAccess;
  /**
   * Sites resolved in full, sorted by id: every site of the catalog, or, when the app
   * was given a site selection (SITES), only the selected ones.
   */
  readonly sites: readonly Site[];
  /** Every site of the catalog, sorted by id: what the fleet-wide stacks and records need. */
  readonly index: readonly SiteEntry[];
}

/** What the hub, the workspaces stack and the synthesis record need of every site. */
export interface SiteEntry {
  readonly id: string;
  /** Catalog file the site comes from. */
  readonly file: string;
  readonly phase: SitePhase;
  /** Ring name. */
  readonly ring: string;
  readonly region?: string;
  /** Its Prometheus is enabled (it remote-writes to the hub once built). */
  readonly prometheus: boolean;
}

/** A resolved site's index entry. */
export function siteEntry(site: Site): SiteEntry {
  return { id: site.id, file: site.file, phase: site.phase, ring: site.ring.name, ...(site.region !== undefined ? { region: site.region } : {}), prometheus: site.addons.prometheus.enabled };
}

/**
 * Derives every name of a site from its id, as the seed's cluster configuration names
 * edge33. A TKG folder or resource pool, when the site sets one, sits below the roots.
 */
export function siteNames(id: string, edgeDomain: string, placement: { readonly folder?: string; readonly resourcePool?: string } = {}): SiteNames {
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
    contentLibrary: `${id}-tkg-templates`,
    domain: `${id}.${edgeDomain}`,
    harborHost: `harbor.${id}.${edgeDomain}`,
    grafanaHost: `grafana.${id}.${edgeDomain}`,
    paths: {
      datacenter: `/${datacenter}`,
      datastore: `/${datacenter}/datastore/${datastore}`,
      vmFolder: `/${datacenter}/vm${placement.folder ? `/${placement.folder}` : ''}`,
      network: `/${datacenter}/network/${portGroups.tkg}`,
      resourcePool: `/${datacenter}/host/${cluster}/Resources${placement.resourcePool ? `/${placement.resourcePool}` : ''}`,
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
