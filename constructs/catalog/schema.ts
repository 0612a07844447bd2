/**
 * The catalog's single definition: validation, TypeScript input types and the JSON
 * Schemas that editors use (`npm run schema` writes them to `schemas/`) all come from
 * the zod schemas below. Cross-field and cross-file rules (CIDR overlap, rings and
 * witnesses that exist, capacity) live in `validate.ts`.
 */
import { z } from 'zod';
import { POLICY_RULES } from '../policy/fleet-policy';
import { ACCESS_ROLES } from './model';
import { DNS_LABEL, DURATION, FQDN, SHA1_THUMBPRINT, TKR_VERSION, int, list, mapping, oneOf, pattern, pemCertificate, rule } from './rules';

/** MTU of a network that does not set one. */
export const DEFAULT_MTU = 1500;

const SITE_ID = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const RING_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

const fqdn = (what: string) => pattern(FQDN, `${what}: a lower-case fully qualified domain name such as esx01.edge33.tanzu.lab`);
const cidrText = (what: string) =>
  pattern(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, `${what}: an IPv4 network in CIDR notation such as 10.33.0.0/24`);
const ipText = (what: string) => pattern(/^\d{1,3}(\.\d{1,3}){3}$/, `${what}: an IPv4 address such as 10.33.0.1`);
const https = (what: string) => pattern(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[^\s]*)?$/, `${what}: an https:// URL`);
const hostOrIp = (what: string) =>
  pattern(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, `${what}: a host name or IPv4 address`);
const vsphereName = (what: string) =>
  pattern(/^[^\s/\\%](?:[^/\\%]{0,78}[^\s/\\%])?$/, `${what}: a vSphere inventory name of 1-80 characters without / \\ % and without leading or trailing spaces`);
const cidrHostText = (what: string) => pattern(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, `${what}: an IPv4 address with prefix length such as 10.10.0.21/24`);
const thumbprint = (what: string) =>
  pattern(SHA1_THUMBPRINT, `the SHA-1 TLS thumbprint of ${what} as vCenter shows it: 20 upper-case hex bytes separated by ":"`);
const size = (what: string) => pattern(/^\d+(Mi|Gi|Ti)$/, `${what}: a Kubernetes quantity such as 100Gi`);
/** One add-on: `enabled` plus its own settings. */
const addon = <T extends z.core.$ZodLooseShape>(what: string, shape: T) =>
  mapping(
    { enabled: z.boolean(rule('true or false')).optional().describe(`Install ${what}.`), ...shape },
    `a mapping with enabled${Object.keys(shape).length ? `, ${Object.keys(shape).join(', ')}` : ''}`,
  )
    .optional()
    .describe(what);
const diskName = pattern(/^(naa|t10|eui|mpx)\.[A-Za-z0-9:._-]+$/, 'a disk canonical name such as naa.55cd2e414f8d8b5a (esxcli storage core device list)');

/** One VLAN-backed network of a site. */
const network = (name: string) =>
  mapping(
    {
      vlan: int(0, 4094, 'a VLAN ID: an integer').describe(`VLAN ID of the ${name} port group (0 = untagged).`),
      cidr: cidrText(`the ${name} network`).describe(`IPv4 network of the ${name} traffic, e.g. 10.33.0.0/24.`),
      gateway: ipText(`the ${name} gateway`).optional().describe('Default gateway; must be a host address inside `cidr`.'),
      mtu: int(1280, 9000, 'an MTU: an integer').default(DEFAULT_MTU).describe('MTU of the VMkernel adapters and port group on this network.'),
    },
    `a mapping with vlan, cidr and optional gateway, mtu`,
  ).describe(`The ${name} network.`);

const machine = (role: string) =>
  mapping(
    {
      cpus: int(1, 64, 'a vCPU count').optional().describe(`vCPUs per ${role} node.`),
      memoryMiB: int(2048, 262144, 'a memory size in MiB').optional().describe(`Memory per ${role} node in MiB.`),
      diskGiB: int(20, 2048, 'a disk size in GiB').optional().describe(`OS disk per ${role} node in GiB.`),
    },
    'a mapping with cpus, memoryMiB, diskGiB',
  ).describe(`Machine size of ${role} nodes (TKG ClusterClass variable \`${role === 'control-plane' ? 'controlPlane' : 'worker'}.machine\`).`);

const controlPlaneShape = {
  replicas: z
    .union([z.literal(1), z.literal(3)], rule('1 or 3 (an etcd quorum is 1 or 3 nodes at an edge site)'))
    .optional()
    .describe('Control-plane nodes.'),
  machine: machine('control-plane').optional(),
};

const tkgShape = {
  version: pattern(TKR_VERSION, 'a TKR version such as v1.26.5+vmware.2-tkg.1 (the version with "+", not the TKR name with "---")')
    .optional()
    .describe("Pins this site's Kubernetes version (TKR) instead of its ring's `tkgVersion`."),
  clusterClass: pattern(/^tkg-vsphere-default-v\d+\.\d+\.\d+$/, 'a TKG vSphere ClusterClass such as tkg-vsphere-default-v1.0.0')
    .optional()
    .describe('ClusterClass of the workload cluster.'),
  os: mapping(
    {
      name: oneOf(['photon', 'ubuntu']).optional().describe('Node OS.'),
      version: pattern(/^\d+(\.\d+)?$/, 'an OS version in quotes, such as "3" or "20.04" (unquoted, YAML reads 20.10 as the number 20.1)')
        .optional()
        .describe('Node OS version.'),
      arch: oneOf(['amd64']).optional().describe('Node architecture.'),
    },
    'a mapping with name, version, arch',
  )
    .optional()
    .describe('Node image OS (annotation osInfo and resolve-os-image).'),
  sshAuthorizedKeys: list(
    pattern(/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) \S+( .*)?$/, 'an OpenSSH public key line such as "ssh-ed25519 AAAA... comment"'),
    'a list of OpenSSH public keys',
  )
    .optional()
    .describe('Public keys for the `capv` user on every node (never a private key).'),
  controlPlane: mapping(controlPlaneShape, 'a mapping with replicas, machine').optional().describe('Control plane of the workload cluster.'),
  workers: mapping(
    {
      replicas: int(0, 16, 'a worker count').optional().describe('Worker nodes; 0 with one control-plane node makes a single-node cluster.'),
      machine: machine('worker').optional(),
      autoscaler: mapping(
        {
          min: int(1, 16, 'a worker count').describe('Fewest workers the cluster autoscaler keeps.'),
          max: int(1, 16, 'a worker count').describe('Most workers the cluster autoscaler adds (the two hosts must fit them).'),
        },
        'a mapping with min, max',
      )
        .optional()
        .describe("Cluster autoscaler for the workers; replaces `replicas`. Needs the ring's clusterAutoscalerImage."),
    },
    'a mapping with replicas, machine, autoscaler',
  )
    .optional()
    .describe('Workers of the workload cluster (machine deployment md-0).'),
  folder: pattern(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}(\/[A-Za-z0-9][A-Za-z0-9 ._-]{0,79})*$/, 'a VM folder path relative to the datacenter VM folder, such as tkg or tkg/clusters')
    .optional()
    .describe("VM folder for the cluster's nodes, created by the site stack. Unset: the datacenter's root VM folder (/<site>-dc/vm)."),
  resourcePool: vsphereName('a resource pool name')
    .optional()
    .describe("Resource pool for the cluster's nodes, created under the cluster's root pool. Unset: the root pool (/<site>-dc/host/<site>-Cloud/Resources)."),
  cni: oneOf(['antrea', 'calico']).optional().describe('Container network interface of the workload cluster.'),
  trustedCAs: list(
    mapping(
      {
        name: pattern(DNS_LABEL, 'a name: a DNS label such as fleet-ca').describe('Name of the CA in the cluster trust configuration.'),
        certificate: pemCertificate('the CA certificate').describe('PEM CA certificate the nodes trust (registries, proxies).'),
      },
      'a mapping with name, certificate',
    ),
    'a list of trusted CA certificates',
  )
    .optional()
    .describe('Additional CAs every node trusts (ClusterClass variable trust.additionalTrustedCAs).'),
  machineHealthCheck: mapping(
    {
      enabled: z.boolean(rule('true or false')).optional().describe('Remediate unhealthy nodes (control plane with 3 nodes, workers).'),
      nodeStartupTimeout: pattern(DURATION, 'a duration such as 20m').optional().describe('How long a new node may take to join.'),
      unknownStatusTimeout: pattern(DURATION, 'a duration such as 5m').optional().describe('How long a node may stay Ready=Unknown.'),
      falseStatusTimeout: pattern(DURATION, 'a duration such as 12m').optional().describe('How long a node may stay Ready=False.'),
    },
    'a mapping with enabled, nodeStartupTimeout, unknownStatusTimeout, falseStatusTimeout',
  )
    .optional()
    .describe('Cluster API machine health checks for the workload cluster.'),
  podCidr: cidrText('the pod network').optional().describe('Pod network of the workload cluster.'),
  serviceCidr: cidrText('the service network').optional().describe('Service network of the workload cluster.'),
};
const TKG_KEYS = 'a mapping with version, clusterClass, os, sshAuthorizedKeys, controlPlane, workers, folder, resourcePool, cni, trustedCAs, machineHealthCheck, podCidr, serviceCidr';
const TKG_DESCRIPTION = 'Tanzu Kubernetes Grid workload cluster of the site.';

const LABEL_KEY = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;

/** One Velero backup schedule of a site. */
const backupSchedule = mapping(
  {
    enabled: z.boolean(rule('true or false')).optional().describe('Run this schedule (false switches off a schedule a wider layer declares).'),
    // The validator checks the cron itself (Velero's five-field dialect) and its longest gap.
    cron: z.string(rule('a five-field cron such as "0 * * * *", or @hourly, @daily, @every 6h')).min(1).optional().describe('When backups run: five fields (minute hour day-of-month month day-of-week) or a descriptor, as Velero reads it.'),
    retention: pattern(/^[1-9]\d{0,4}(h|d|w)$/, 'a retention such as 72h, 7d or 4w').optional().describe('How long each backup is kept (Velero ttl); at least the longest gap between two runs.'),
    namespaces: list(pattern(/^(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$/, 'a namespace name, or * for every application namespace'), 'a list of namespaces', 1)
      .optional()
      .describe('Namespaces backed up (* = every namespace but the platform\'s own, which are never backed up).'),
    excludeNamespaces: list(pattern(DNS_LABEL, 'a namespace name'), 'a list of namespaces').optional().describe('Further namespaces left out (the platform\'s are always left out).'),
    labelSelector: z
      .record(pattern(LABEL_KEY, 'a label key such as app.kubernetes.io/part-of'), pattern(LABEL_VALUE, 'a label value: up to 63 letters, digits, - _ .'), rule('a mapping of label key to value'))
      .optional()
      .describe('Only objects with all these labels (matchLabels).'),
    volumes: oneOf(['filesystem', 'none']).optional().describe('filesystem: copy pod volumes with the Velero node agent (kopia); none: objects only.'),
  },
  'a mapping with enabled, cron, retention, namespaces, excludeNamespaces, labelSelector, volumes',
);

/** A group of the identity provider, as Pinniped passes it on: no whitespace, no Kubernetes system group. */
export const GROUP_NAME = /^(?!system:)\S{1,256}$/;

/** One grant: a group of the identity provider gets a product role, cluster-wide or in some namespaces. */
const accessGrant = mapping(
  {
    group: pattern(GROUP_NAME, "a group name of the identity provider: 1-256 characters without whitespace, not a Kubernetes system: group").describe(
      'Group of the identity provider (OIDC groups claim or LDAP group), as the Pinniped supervisor passes it on.',
    ),
    role: oneOf(ACCESS_ROLES).describe('Product role (docs/access.md): view, operate, edit, admin or cluster-admin.'),
    namespaces: list(pattern(DNS_LABEL, 'a namespace name (DNS label) of an application'), 'a list of 1 to 50 application namespaces', 1, 50)
      .optional()
      .describe('Limit the grant to these application namespaces (required for operate, edit, admin; not allowed for cluster-admin; never a platform namespace).'),
  },
  'a mapping with group, role and optional namespaces',
);
const accessGrants = list(accessGrant, 'a list of grants (group, role, namespaces)');
const accessLayer = (what: string) =>
  mapping({ grants: accessGrants.optional().describe(`Grants of ${what}, added to the fleet-wide ones.`) }, 'a mapping with grants')
    .optional()
    .describe(`Access on the workload clusters of ${what} (docs/access.md).`);

/** Backups of a site (fleet defaults, a ring, or the site). */
const backupShape = mapping(
  {
    enabled: z.boolean(rule('true or false')).optional().describe('Back the site up to the hub object store (default: true when fleet.yaml declares backup.store).'),
    schedules: z
      .record(pattern(/^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/, 'a schedule name: a DNS label of at most 50 characters'), backupSchedule, rule('a mapping of schedule name to schedule'))
      .optional()
      .describe('Schedules by name; a narrower layer overrides a wider one key by key.'),
  },
  'a mapping with enabled, schedules',
);

/** Name of an application of the fleet (its Argo CD Application and Flagger Canary are named after it). */
export const APPLICATION_NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
const applicationName = pattern(APPLICATION_NAME, 'an application name: a DNS label of at most 40 characters starting with a letter, declared under applications in fleet.yaml');
/** A Helm chart version (SemVer 2), as the chart's OCI tag: the version a ring or a site pins. */
export const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const chartVersion = (what: string) => pattern(CHART_VERSION, `${what}: an exact chart version (SemVer) such as 1.5.0`);
const harborProjectName = (what: string) => pattern(/^[a-z0-9]([a-z0-9._-]{0,253}[a-z0-9])?$/, what);

/** Canary analysis defaults: a store's traffic is light, so the steps are few and the checks tolerant of a quiet minute. */
export const CANARY_DEFAULTS = Object.freeze({
  successRate: 99,
  latencyP99Ms: 500,
  stepWeight: 10,
  maxWeight: 50,
  interval: '1m',
  threshold: 5,
});

/** Flagger canary analysis of one application (Contour router, the site Prometheus). */
const canaryShape = mapping(
  {
    enabled: z.boolean(rule('true or false')).default(true).describe('Run the canary analysis (false: Argo CD rolls the new version out directly).'),
    deployment: pattern(DNS_LABEL, 'a Deployment name').optional().describe("Deployment Flagger watches (spec.targetRef); default: the application's name."),
    port: int(1, 65535, 'a service port').default(80).describe('Port of the Service Flagger creates for the application (spec.service.port).'),
    targetPort: int(1, 65535, 'a container port').optional().describe('Container port behind the Service (spec.service.targetPort); default: port.'),
    successRate: z.number(rule('a percentage from 50 to 100')).min(50).max(100).default(CANARY_DEFAULTS.successRate).describe('Lowest share of non-5xx responses, in percent, a check accepts (metric request-success-rate, thresholdRange.min).'),
    latencyP99Ms: int(1, 60000, 'a latency in milliseconds').default(CANARY_DEFAULTS.latencyP99Ms).describe('Highest 99th percentile request duration in milliseconds a check accepts (metric request-duration, thresholdRange.max).'),
    stepWeight: int(1, 50, 'a traffic percentage').default(CANARY_DEFAULTS.stepWeight).describe('Traffic percentage added to the canary after each passed check (analysis.stepWeight).'),
    maxWeight: int(1, 100, 'a traffic percentage').default(CANARY_DEFAULTS.maxWeight).describe('Traffic percentage at which the canary is promoted (analysis.maxWeight); at least stepWeight.'),
    interval: pattern(/^([1-9]\d*)(s|m)$/, 'a duration in seconds or minutes such as 30s or 1m (Flagger: ^[0-9]+(m|s)), at least 30s').default(CANARY_DEFAULTS.interval).describe('Time between two checks (analysis.interval), also the window of the metric queries.'),
    threshold: int(1, 20, 'a count of failed checks').default(CANARY_DEFAULTS.threshold).describe('Failed checks after which Flagger rolls back (analysis.threshold).'),
  },
  'a mapping with enabled, deployment, port, targetPort, successRate, latencyP99Ms, stepWeight, maxWeight, interval, threshold',
);

/** One application of the fleet, delivered by every site's Argo CD from its own Harbor. */
const application = mapping(
  {
    project: harborProjectName('a Harbor project declared in hub.harbor.projects').describe('Hub Harbor project holding the chart (and its images); replicated to the sites by the rings.'),
    repository: pattern(/^([a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?\/)*[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/, 'the chart repository inside the project, such as charts/storefront (the last segment is the chart name)').describe(
      'OCI repository of the Helm chart inside the project: the chart is pushed as oci://<hub>/<project>/<repository>:<version>; its last segment is the chart name.',
    ),
    namespace: pattern(DNS_LABEL, 'a namespace name (DNS label)').describe("Namespace in the workload cluster the application runs in (created by the fleet; never a platform namespace)."),
    values: z.record(z.string(), z.unknown(), rule('a mapping of Helm values')).optional().describe('Helm values of the chart at every site (never a secret: they are readable in the output).'),
    canary: canaryShape.optional().describe('Progressive delivery with Flagger: traffic shifts to the new version step by step while the site Prometheus measures it.'),
  },
  'a mapping with project, repository, namespace and optional values, canary',
);

/**
 * Settings every site has and `fleet.yaml` `defaults` may set for all sites. In a
 * site file they override the fleet defaults; the product's built-in defaults
 * (`defaults.ts`) fill the rest.
 */
const settingsShape = {
  region: pattern(DNS_LABEL, 'a region name: a DNS label such as emea').optional().describe('Region of the site (tags its Terraform Cloud workspace).'),
  ntpServers: list(hostOrIp('an NTP server'), 'a list of NTP servers (host names or IPv4 addresses)')
    .optional()
    .describe('NTP servers for the ESXi hosts and the TKG nodes.'),
  esxi: mapping(
    {
      username: z.string(rule('an ESXi user name')).min(1).optional().describe('ESXi user that vCenter uses to add the hosts.'),
      lockdown: oneOf(['normal', 'strict', 'disabled']).optional().describe('ESXi lockdown mode: the hosts are managed through vCenter only.'),
    },
    'a mapping with username, lockdown',
  )
    .optional()
    .describe('ESXi host settings. Passwords are never here: see docs/secrets.md.'),
  vsan: mapping(
    {
      architecture: oneOf(['osa', 'esa']).optional().describe('vSAN Original Storage Architecture (disk groups) or Express Storage Architecture (vSphere 8, NVMe).'),
      deduplication: z.boolean(rule('true or false')).optional().describe('Deduplication (OSA all-flash only; needs compression).'),
      compression: z.boolean(rule('true or false')).optional().describe('Compression (OSA only; ESA always compresses).'),
      unmap: z.boolean(rule('true or false')).optional().describe('Reclaim space freed by guests (TRIM/UNMAP); required with ESA.'),
      performanceService: z.boolean(rule('true or false')).optional().describe('vSAN performance service.'),
      storagePolicy: vsphereName('a storage policy name')
        .optional()
        .describe('Name of the vSAN storage policy (mirroring, failures to tolerate 1) for TKG node VMs; it must exist in vCenter.'),
    },
    'a mapping with architecture, deduplication, compression, unmap, performanceService, storagePolicy',
  )
    .optional()
    .describe('vSAN of the two-node cluster.'),
  cluster: mapping(
    {
      drs: mapping(
        {
          enabled: z.boolean(rule('true or false')).optional().describe('vSphere DRS (needs a license that includes it).'),
          automation: oneOf(['manual', 'partiallyAutomated', 'fullyAutomated']).optional().describe('DRS automation level.'),
          migrationThreshold: int(1, 5, 'a DRS migration threshold').optional().describe('DRS migration threshold, 1 (conservative) to 5 (aggressive).'),
        },
        'a mapping with enabled, automation, migrationThreshold',
      ).optional(),
      ha: mapping(
        {
          hostIsolationResponse: oneOf(['none', 'powerOff', 'shutdown']).optional().describe('What HA does with VMs on a host that is isolated.'),
          vmRestartPriority: oneOf(['lowest', 'low', 'medium', 'high', 'highest']).optional().describe('Default VM restart priority.'),
          isolationAddress: ipText('the HA isolation address')
            .optional()
            .describe('Address HA pings to detect isolation. Defaults to the vSAN network gateway when it has one (vSAN clusters must test isolation on the vSAN network).'),
        },
        'a mapping with hostIsolationResponse, vmRestartPriority, isolationAddress',
      ).optional(),
    },
    'a mapping with drs, ha',
  )
    .optional()
    .describe('vSphere DRS and HA of the two-node cluster. HA admission control always tolerates one host failure.'),
  distributedSwitch: mapping(
    {
      nics: list(pattern(/^vmnic\d+$/, 'a physical NIC name such as vmnic2'), 'exactly two physical NICs per host, e.g. [vmnic2, vmnic3]', 2, 2)
        .optional()
        .describe('Physical NICs of each host that become the two uplinks of the distributed switch (vmk0 stays on its standard switch).'),
      discoveryProtocol: oneOf(['lldp', 'cdp']).optional().describe('Link discovery protocol (listen mode).'),
    },
    'a mapping with nics, discoveryProtocol',
  )
    .optional()
    .describe('The site distributed switch.'),
  tkg: mapping(tkgShape, TKG_KEYS).optional().describe(TKG_DESCRIPTION),
  addons: mapping(
    {
      certManager: addon('cert-manager', {}),
      contour: addon('Contour (ingress; Envoy on the site ingress address)', {}),
      harbor: addon('the site Harbor (images replicated from the hub)', {
        registryStorage: size('registry storage').optional().describe('Size of the registry volume.'),
      }),
      prometheus: addon('Prometheus (metrics kept locally and remote-written to the hub)', {
        retentionTime: pattern(/^\d+(h|d|w)$/, 'a Prometheus duration such as 48h or 7d').optional().describe('How long metrics stay on the site (must cover the longest WAN outage you plan for).'),
        retentionSize: pattern(/^\d+(MB|GB)$/, 'a size such as 30GB').optional().describe('Most disk metrics may take on the site.'),
        storage: size('Prometheus storage').optional().describe('Size of the Prometheus volume.'),
      }),
      grafana: addon('Grafana (local dashboards)', {}),
      fluentBit: addon('Fluent Bit (logs buffered on disk and forwarded to the hub)', {
        bufferLimit: pattern(/^\d+[KMG]$/, 'a Fluent Bit size such as 2G or 500M').optional().describe('Most disk the queued logs may take while the hub is unreachable (storage.total_limit_size).'),
      }),
      externalDns: addon('ExternalDNS (DNS records for the site services)', {
        server: ipText('the DNS server').optional().describe('DNS server that accepts RFC 2136 updates (its TSIG secret is the variable external_dns_tsig_secret).'),
        zone: fqdn('the DNS zone').optional().describe('Zone the site records go in.'),
        tsigKeyName: pattern(/^[a-z0-9.-]+$/, 'a TSIG key name').optional().describe('Name of the TSIG key.'),
      }),
      multus: addon('Multus CNI (more than one network per pod)', {}),
    },
    'a mapping with certManager, contour, harbor, prometheus, grafana, fluentBit, externalDns, multus',
  )
    .optional()
    .describe('Add-ons installed into the workload cluster from the management cluster (Carvel PackageInstalls).'),
  ingress: mapping(
    {
      address: ipText('the ingress address')
        .optional()
        .describe('Address (in networks.tkg) that Envoy serves the site services on, announced by kube-vip. Default: the address after tkg.controlPlane.endpoint.'),
    },
    'a mapping with address',
  )
    .optional()
    .describe('The site ingress (Contour/Envoy).'),
  backup: backupShape.optional().describe('Velero backups of the workload cluster to the hub object store (fleet.yaml backup).'),
};

/** `defaults` in fleet.yaml: any site setting, applied to every site that does not set it. */
export const SiteSettingsSchema = mapping(settingsShape, 'a mapping of site settings (region, ntpServers, esxi, vsan, cluster, distributedSwitch, tkg, addons, ingress, backup)').describe(
  'Defaults for every site; a site file overrides them key by key.',
);

const host = mapping(
  {
    fqdn: fqdn('the ESXi host name').describe('Fully qualified name vCenter adds the host by.'),
    thumbprint: thumbprint('the host').describe("SHA-1 thumbprint of the host's TLS certificate, pinned so vCenter never trusts an unexpected host."),
    diskGroups: list(
      mapping(
        {
          cache: diskName.describe('Cache-tier device.'),
          capacity: list(diskName, 'a list of 1 to 7 capacity devices', 1, 7).describe('Capacity-tier devices.'),
        },
        'a mapping with cache, capacity',
      ),
      'a list of 1 to 5 disk groups',
      1,
      5,
    )
      .optional()
      .describe('vSAN OSA disk groups the product claims on this host. Unset: disks are claimed in vCenter. Not allowed with ESA.'),
    addresses: mapping(
      {
        vsan: ipText('the vSAN VMkernel address').optional().describe('vSAN VMkernel address. Default: host 1 gets the 11th address of networks.vsan.cidr, host 2 the 12th.'),
        vmotion: ipText('the vMotion VMkernel address').optional().describe('vMotion VMkernel address. Default: host 1 gets the 11th address of networks.vmotion.cidr, host 2 the 12th.'),
      },
      'a mapping with vsan, vmotion',
    )
      .optional()
      .describe('VMkernel addresses of this host.'),
  },
  'a mapping with fqdn, thumbprint and optional diskGroups, addresses',
);

/** Policy waivers: a rule and why it must be broken. */
const waivers = list(
  mapping(
    {
      rule: oneOf(POLICY_RULES).describe('Policy rule the waiver lifts.'),
      reason: z.string(rule('a reason of at least 15 characters')).min(15).describe('Why the rule must be broken (shown at every synth).'),
    },
    'a mapping with rule, reason',
  ),
  'a list of waivers',
);

/** One site file, `sites/<id>.yaml`. */
export const SiteFileSchema = mapping(
  {
    id: pattern(
      SITE_ID,
      "a site id of 2-32 characters: lower-case letters, digits and '-', starting with a letter and not ending with '-' (it names the stack and prefixes every vSphere name)",
    ).describe('Site id: the stack name (`cdktf deploy <id>`) and the prefix of every name at the site. Must equal the file name.'),
    ring: pattern(RING_NAME, 'the name of a ring declared in fleet.yaml').describe('Rollout ring, declared under `rings` in fleet.yaml.'),
    witness: pattern(DNS_LABEL, 'the name of a witness declared in fleet.yaml hub.witnesses').describe(
      'Shared vSAN witness appliance, declared under `hub.witnesses` in fleet.yaml.',
    ),
    phase: oneOf(['bootstrap', 'active', 'decommissioning'])
      .default('bootstrap')
      .describe(
        'bootstrap: first apply of a new site (hosts, network, vSAN cluster with HA off); then rename the vSAN datastore and set active: HA on, content library, TKG cluster, Harbor, add-ons. decommissioning: lifts destroy protection so the site can be destroyed, then its file removed.',
      ),
    waivers: waivers.optional().describe('Policy rules this site may break, each with the reason.'),
    restore: mapping(
      {
        schedule: pattern(/^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$/, 'the name of one of the site\'s backup schedules').describe('Schedule whose backup is restored.'),
        backup: pattern(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'latest, or a backup name such as velero-apps-20261129010000')
          .default('latest')
          .describe('latest: the newest completed backup of the schedule; or the name of one of its backups.'),
        attempt: int(1, 99, 'an attempt number').default(1).describe('Raise it to run the restore again (each attempt is a new Velero Restore).'),
      },
      'a mapping with schedule and optional backup, attempt',
    )
      .optional()
      .describe('Restore a backup into the site\'s (rebuilt) cluster once Velero is up; the backup location is read-only and the schedules paused until the key is removed.'),
    access: mapping(
      {
        grants: accessGrants.optional().describe("This site's own grants, added to the fleet's, its ring's and its region's; it may not widen a wider grant of the same group without a waiver of access-widening."),
        breakGlass: mapping(
          {
            enabled: z.boolean(rule('true or false')).optional().describe('Provision the break-glass ServiceAccount at this site (default: fleet.yaml access.breakGlass.enabled).'),
            generation: int(1, 9999, 'a generation number').optional().describe('Raise it after every use of the break-glass token: the old ServiceAccount and token are deleted at the next apply.'),
          },
          'a mapping with enabled, generation',
        )
          .optional()
          .describe('The site\'s break-glass path (docs/access.md, Break-glass).'),
      },
      'a mapping with grants, breakGlass',
    )
      .optional()
      .describe('Who may do what on this site\'s workload cluster (docs/access.md).'),
    applications: z
      .record(
        applicationName,
        mapping(
          {
            enabled: z.boolean(rule('true or false')).optional().describe('false: this site does not run the application (its Application and Canary are removed; Argo CD prunes what it deployed).'),
            version: chartVersion('the version this site runs').optional().describe("Pins this site's version instead of its ring's (rings.<ring>.applications)."),
          },
          'a mapping with enabled, version',
        ),
        rule('a mapping of application name to { enabled, version }'),
      )
      .optional()
      .describe("This site's own choices per application of fleet.yaml: switch one off, or pin its version."),
    delivery: mapping(
      {
        enabled: z.boolean(rule('true or false')).optional().describe('false: no Argo CD, Flagger or applications at this site (default: on for a built site when fleet.yaml declares delivery).'),
      },
      'a mapping with enabled',
    )
      .optional()
      .describe('Application delivery (Argo CD and Flagger from the site Harbor) at this site.'),
    hosts: list(host, 'exactly two ESXi hosts (a two-node vSAN cluster)', 2, 2).describe('The two ESXi hosts of the site, one per vSAN fault domain.'),
    networks: mapping(
      {
        management: network('management'),
        vmotion: network('vMotion'),
        vsan: network('vSAN'),
        tkg: network('TKG node'),
      },
      'a mapping with management, vmotion, vsan, tkg',
    ).describe('The four networks of the site.'),
    ...settingsShape,
    tkg: mapping(
      {
        ...tkgShape,
        controlPlane: mapping(
          {
            ...controlPlaneShape,
            endpoint: ipText('the control-plane endpoint').describe('kube-vip address of the API server; a free host address in networks.tkg.cidr.'),
          },
          'a mapping with replicas, endpoint, machine',
        ).describe('Control plane of the workload cluster.'),
      },
      TKG_KEYS,
    ).describe(TKG_DESCRIPTION),
  },
  'a site: id, ring, witness, phase, hosts, networks and optional waivers, restore, access, applications, delivery and settings',
).describe('An edge site of the Tanzu edge fleet.');

const witness = mapping(
  {
    name: pattern(DNS_LABEL, 'a witness name: a DNS label such as witness-01').describe('Witness name that site files refer to; also the appliance VM name.'),
    fqdn: fqdn('the witness host name').describe('Fully qualified name the witness appliance is registered in vCenter by.'),
    size: oneOf(['medium', 'large', 'extra-large']).describe('Appliance size; caps the two-node clusters it serves (21, 24, 64).'),
    address: cidrHostText('the witness management address').describe('Management address and prefix of the appliance, e.g. 10.10.0.21/24.'),
    gateway: ipText('the witness gateway').describe('Default gateway of the appliance; inside `address`.'),
    thumbprint: thumbprint('the witness appliance')
      .optional()
      .describe("SHA-1 thumbprint of the deployed appliance's certificate. Unset: the appliance is deployed but not registered as a host; sites cannot use it yet."),
  },
  'a mapping with name, fqdn, size, address, gateway and optional thumbprint',
);

const ring = mapping(
  {
    description: z.string(rule('a text')).optional().describe('What the ring is for.'),
    tkgVersion: pattern(TKR_VERSION, 'a TKR version such as v1.26.5+vmware.2-tkg.1 (the version with "+", not the TKR name with "---")').describe(
      'Kubernetes version (TKR) that every site of the ring runs; change it to upgrade the ring.',
    ),
    replication: mapping(
      {
        trigger: oneOf(['event_based', 'scheduled']).describe('event_based: the hub pushes every artifact when it is pushed (canary); scheduled: on `schedule`.'),
        // The validator checks the cron itself, field by field.
        schedule: z.string(rule('a 6-field cron (seconds first) such as "0 0 2 * * *"')).min(1).optional().describe('When the hub pushes, with trigger scheduled: a 6-field cron, seconds first.'),
        filter: mapping(
          {
            label: pattern(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a Harbor label name such as promoted').optional().describe('Push only artifacts carrying this label (set by promotion).'),
            tag: pattern(/^[^\s]{1,128}$/, 'a Harbor tag pattern such as release-* (no spaces)').optional().describe('Push only tags matching this pattern.'),
          },
          'a mapping with label or tag',
        )
          .optional()
          .describe('Which artifacts reach the ring: promoted ones only, for rings after canary.'),
        projects: list(pattern(/^[a-z0-9]([a-z0-9._-]{0,253}[a-z0-9])?$/, 'a Harbor project name'), 'a list of project names declared in hub.harbor.projects', 1)
          .optional()
          .describe('Projects pushed to the ring (default: every project with replicate true).'),
        deletion: z.boolean(rule('true or false')).default(false).describe('Also replicate deletions.'),
      },
      'a mapping with trigger and optional schedule, filter, projects, deletion',
    ).describe("How and when the hub's images reach the ring's sites."),
    packages: mapping(
      {
        repository: pattern(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/, 'an imgpkg bundle reference with a tag or digest, such as projects.registry.vmware.com/tkg/packages/standard/repo:v2.2.0')
          .describe('Tanzu package repository bundle the ring installs add-ons from.'),
        versions: mapping(
          Object.fromEntries(
            ['certManager', 'contour', 'harbor', 'prometheus', 'grafana', 'fluentBit', 'externalDns', 'multus'].map((name) => [
              name,
              pattern(/^[0-9]+\.[0-9]+\.[0-9]+(\+[0-9A-Za-z.-]+)?(-[0-9A-Za-z.-]+)?$/, 'a package version such as 1.10.2+vmware.1-tkg.1').optional().describe(`Version of the ${name} package.`),
            ]),
          ) as Record<'certManager' | 'contour' | 'harbor' | 'prometheus' | 'grafana' | 'fluentBit' | 'externalDns' | 'multus', z.ZodOptional<z.ZodString>>,
          'a mapping of add-on to package version (certManager, contour, harbor, prometheus, grafana, fluentBit, externalDns, multus)',
        ).describe('Package version per add-on; every add-on a site of the ring enables needs one.'),
      },
      'a mapping with repository, versions',
    )
      .optional()
      .describe('Tanzu packages of the ring: a package upgrade rolls out ring by ring, like Kubernetes versions.'),
    velero: mapping(
      {
        chartVersion: pattern(/^\d+\.\d+\.\d+$/, 'a chart version such as 12.1.0').describe('Version of the vmware-tanzu velero Helm chart in <backup.harborProject>/charts.'),
        version: pattern(/^v\d+\.\d+\.\d+$/, 'a Velero image tag such as v1.18.1').describe('Tag of the velero/velero image in <backup.harborProject>.'),
        awsPluginVersion: pattern(/^v\d+\.\d+\.\d+$/, 'a plugin image tag such as v1.14.1').describe('Tag of the velero/velero-plugin-for-aws image (the S3 plugin) matching version.'),
      },
      'a mapping with chartVersion, version, awsPluginVersion',
    )
      .optional()
      .describe('Velero of the ring: an upgrade rolls out ring by ring. Required when built sites of the ring back up.'),
    argocd: mapping(
      {
        chartVersion: chartVersion('the argo-cd chart version').describe('Version of the argo-helm argo-cd chart in <delivery.harborProject>/charts.'),
        version: pattern(/^v\d+\.\d+\.\d+$/, 'an Argo CD image tag such as v3.4.4').describe('Tag of the argoproj/argocd image in <delivery.harborProject> (global.image.tag).'),
        redisVersion: pattern(/^\d+\.\d+\.\d+(-[a-z0-9.]+)?$/, 'a redis image tag such as 8.2.3-alpine').describe('Tag of the library/redis image in <delivery.harborProject> (redis.image.tag).'),
      },
      'a mapping with chartVersion, version, redisVersion',
    )
      .optional()
      .describe("Argo CD of the ring: an upgrade rolls out ring by ring. Required when built sites of the ring deliver applications."),
    flagger: mapping(
      {
        chartVersion: chartVersion('the flagger chart version').describe('Version of the fluxcd flagger chart in <delivery.harborProject>/charts.'),
        version: pattern(/^v?\d+\.\d+\.\d+$/, 'a Flagger image tag such as 1.44.0').describe('Tag of the fluxcd/flagger image in <delivery.harborProject> (image.tag).'),
      },
      'a mapping with chartVersion, version',
    )
      .optional()
      .describe('Flagger of the ring. Required when built sites of the ring deliver applications.'),
    applications: z
      .record(applicationName, chartVersion('the version the ring runs'), rule('a mapping of application name to chart version'))
      .optional()
      .describe("Version each application runs at the ring's sites: promoting a release changes one ring's version."),
    backup: backupShape.optional().describe('Backup settings of the ring\'s sites, between the fleet defaults and the site file.'),
    access: accessLayer("the ring's sites"),
    clusterAutoscalerImage: pattern(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/, 'an image reference with a tag or digest, such as projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1')
      .optional()
      .describe("cluster-autoscaler image for the ring's Kubernetes minor version; required when a site of the ring enables the autoscaler."),
  },
  'a mapping with tkgVersion, replication and optional description, packages, velero, argocd, flagger, applications, backup, clusterAutoscalerImage',
);

/** `sites/fleet.yaml`. */
export const FleetFileSchema = mapping(
  {
    edgeDomain: fqdn('the edge DNS domain').describe('Site services are named under <site>.<edgeDomain>, e.g. harbor.edge33.tanzu.lab.'),
    certificateAuthority: pemCertificate('the fleet CA certificate').describe(
      "CA that signs each site Harbor's certificate (its private key is the sensitive variable fleet_ca_private_key); nodes and the hub trust it.",
    ),
    vcenter: mapping(
      {
        server: fqdn('the vCenter server').describe('vCenter that manages the edge datacenters and the hub witnesses.'),
        username: z.string(rule('a vCenter user name such as administrator@vsphere.local')).min(1).describe('vCenter user (its password is a sensitive variable).'),
        tlsThumbprint: thumbprint('vCenter').describe("SHA-1 thumbprint of vCenter's certificate: TKG nodes verify vCenter with it (an empty one would turn verification off)."),
      },
      'a mapping with server, username, tlsThumbprint',
    ),
    managementCluster: mapping(
      {
        name: pattern(DNS_LABEL, 'a cluster name: a DNS label').describe('Name of the TKG management cluster.'),
        endpoint: https('the management cluster API server').describe('API server URL of the TKG management cluster.'),
      },
      'a mapping with name, endpoint',
    ),
    hub: mapping(
      {
        datacenter: vsphereName('the hub datacenter').describe('Hub datacenter in which the witness appliances run and are registered as hosts.'),
        cluster: vsphereName('the hub cluster').describe('Hub compute cluster that runs the witness appliance VMs.'),
        deployHost: fqdn('an ESXi host of the hub cluster').describe('Hub ESXi host the witness OVA is read against and first placed on (the provider needs one for OVF deployment).'),
        datastore: vsphereName('the hub datastore').describe('Hub datastore for the witness appliances and the published content library.'),
        network: vsphereName('the hub port group').describe('Hub port group of the witness appliances (management and witness traffic).'),
        dnsServers: list(ipText('a DNS server'), 'a list of 1 to 3 DNS server addresses', 1, 3).describe('DNS servers of the witness appliances.'),
        dnsDomain: fqdn('the DNS domain').describe('DNS search domain of the witness appliances.'),
        witnessOva: mapping(
          {
            url: https('the vSAN witness OVA').describe('URL of the vSAN Witness Appliance OVA, reachable from vCenter.'),
            deploymentOptions: mapping(
              {
                medium: z.string(rule('an OVF deployment option key')).min(1).optional().describe('OVF deployment option of a medium witness.'),
                large: z.string(rule('an OVF deployment option key')).min(1).optional().describe('OVF deployment option of a large witness.'),
                'extra-large': z.string(rule('an OVF deployment option key')).min(1).optional().describe('OVF deployment option of an extra-large witness (no default: read it from the OVA).'),
              },
              'a mapping with medium, large, extra-large',
            )
              .optional()
              .describe('OVF deployment option key per witness size, as the OVA names them (ovftool <ova> lists them).'),
          },
          'a mapping with url and optional deploymentOptions',
        ),
        witnesses: list(witness, 'a list of at least one witness appliance', 1).describe('Shared vSAN witness appliances at the hub.'),
        contentLibrary: mapping(
          {
            name: vsphereName('the content library').describe('Published content library with the TKG node templates; every site subscribes to it.'),
            items: list(
              mapping(
                {
                  name: vsphereName('a library item').describe(
                    'Item name. Name a node OVA as TKG does, `<os>-<os version>-kube-<Kubernetes version>`, e.g. photon-3-kube-v1.25.7+vmware.2: the validator finds the node image of a TKR version by it.',
                  ),
                  url: https('the node OVA').describe('URL vCenter downloads the OVA from.'),
                },
                'a mapping with name, url',
              ),
              'a list of library items',
            )
              .optional()
              .describe('Node OVAs the hub library holds: one for every TKR version a built site runs.'),
          },
          'a mapping with name and optional items',
        ),
        harbor: mapping(
          {
            url: https('the hub Harbor').describe('External URL of the central Harbor.'),
            caCertificate: pemCertificate('the CA of the hub Harbor certificate')
              .optional()
              .describe("CA that signed the hub Harbor's certificate, when it is not a public CA; TKG nodes trust it for that registry."),
            username: z.string(rule('a Harbor user name')).min(1).default('admin').describe('Harbor user Terraform manages the hub Harbor as (its password is hub_harbor_admin_password).'),
            namespace: pattern(DNS_LABEL, 'a namespace name').default('harbor').describe('Namespace of the Harbor release on the shared-services cluster.'),
            chartVersion: pattern(/^\d+\.\d+\.\d+$/, 'a chart version such as 1.19.1').default('1.19.1').describe('Version of the goharbor harbor chart.'),
            tlsSecretName: pattern(DNS_LABEL, 'a Secret name').describe('Secret (tls.crt, tls.key) in the Harbor namespace that holds the certificate for the Harbor URL.'),
            storageClass: z.string(rule('a storage class name')).min(1).optional().describe('Storage class of the Harbor volumes (default: the cluster default).'),
            persistence: mapping(
              {
                registry: size('registry storage').default('500Gi').describe('Registry volume.'),
                database: size('database storage').default('20Gi').describe('Database volume.'),
                jobservice: size('job log storage').default('5Gi').describe('Job service log volume.'),
                redis: size('Redis storage').default('5Gi').describe('Redis volume.'),
                trivy: size('Trivy storage').default('10Gi').describe('Trivy cache volume.'),
              },
              'a mapping with registry, database, jobservice, redis, trivy',
            )
              // Parsed when absent too, so each size gets its default.
              .prefault({})
              .describe('Volume sizes of the hub Harbor.'),
            projects: list(
              mapping(
                {
                  name: pattern(/^[a-z0-9]([a-z0-9._-]{0,253}[a-z0-9])?$/, 'a Harbor project name: lower-case letters, digits, . _ -').describe('Project name.'),
                  public: z.boolean(rule('true or false')).default(false).describe('Anyone can pull.'),
                  replicate: z.boolean(rule('true or false')).default(true).describe('Pushed to the sites by the rings.'),
                  storageQuotaGiB: int(1, 100000, 'a quota in GiB').optional().describe('Storage quota of the project (default: unlimited).'),
                },
                'a mapping with name and optional public, replicate, storageQuotaGiB',
              ),
              'a list of at least one Harbor project',
              1,
            ).describe('Projects of the central Harbor.'),
          },
          'a mapping with url, tlsSecretName, projects and optional caCertificate, username, namespace, chartVersion, storageClass, persistence',
        ),
        monitoring: mapping(
          {
            namespace: pattern(DNS_LABEL, 'a namespace name').default('monitoring').describe('Namespace of the monitoring releases on the shared-services cluster.'),
            chartVersion: pattern(/^\d+\.\d+\.\d+$/, 'a chart version such as 88.5.3').default('88.5.3').describe('kube-prometheus-stack chart version.'),
            remoteWriteUrl: https('the hub Prometheus remote-write endpoint').describe('URL the sites remote-write metrics to, e.g. https://metrics.hub.tanzu.lab/api/v1/write.'),
            grafanaHost: fqdn('the hub Grafana host').describe('Host name of the fleet Grafana.'),
            tlsSecretName: pattern(DNS_LABEL, 'a Secret name').describe('Secret (tls.crt, tls.key) in the monitoring namespace for the remote-write and Grafana hosts.'),
            ingressClassName: pattern(DNS_LABEL, 'an ingress class name').optional().describe('Ingress class of the hub ingresses (the remote-write ingress must enforce basic auth).'),
            caCertificate: pemCertificate('the CA of the hub monitoring certificates')
              .optional()
              .describe('CA that signed the remote-write and log-sink certificates, when not a public CA; the sites verify them with it.'),
            retention: pattern(/^\d+(h|d|w)$/, 'a Prometheus duration such as 30d').default('30d').describe('How long the hub keeps metrics.'),
            storage: size('hub Prometheus storage').default('500Gi').describe('Hub Prometheus volume.'),
            storageClass: pattern(DNS_LABEL, 'a storage class name').optional().describe('Storage class of the hub Prometheus volume (default: the cluster default).'),
            logSink: mapping(
              {
                host: fqdn('the log sink host').describe('Host name the sites forward logs to (it must resolve to the sink Service load balancer).'),
                tlsSecretName: pattern(DNS_LABEL, 'a Secret name').describe('Secret (tls.crt, tls.key) of the sink forward listener, in the monitoring namespace.'),
                port: int(1, 65535, 'a TCP port').default(24224).describe('Forward port.'),
                chartVersion: pattern(/^\d+\.\d+\.\d+$/, 'a chart version such as 0.58.2').default('0.58.2').describe('fluent-bit chart version of the sink.'),
                bufferClaimName: pattern(DNS_LABEL, 'a PersistentVolumeClaim name')
                  .optional()
                  .describe('Existing claim for the sink buffer, so queued logs survive a pod restart (default: an emptyDir).'),
                loki: mapping(
                  {
                    host: hostOrIp('the Loki host').describe('Loki the sink writes to (TLS verified).'),
                    port: int(1, 65535, 'a TCP port').default(3100).describe('Loki port.'),
                    tenantId: pattern(/^[A-Za-z0-9_.-]{1,150}$/, 'a Loki tenant id').optional().describe('X-Scope-OrgID of the fleet logs.'),
                    username: pattern(/^[^\s:]{1,128}$/, 'a user name').optional().describe('Basic-auth user (its password is the variable log_store_password).'),
                  },
                  'a mapping with host and optional port, tenantId, username',
                )
                  .optional()
                  .describe('Store the fleet logs in Loki, labelled by site, ring and cluster.'),
                opensearch: mapping(
                  {
                    host: hostOrIp('the OpenSearch host').describe('OpenSearch the sink writes to.'),
                    port: int(1, 65535, 'a TCP port').default(9200).describe('OpenSearch port.'),
                    index: pattern(/^[a-z0-9][a-z0-9._-]{0,254}$/, 'an index name').default('edge-logs').describe('Index of the fleet logs.'),
                    username: pattern(/^[^\s:]{1,128}$/, 'a user name').optional().describe('HTTP user (its password is the variable log_store_password).'),
                  },
                  'a mapping with host and optional port, index, username',
                )
                  .optional()
                  .describe('Store the fleet logs in OpenSearch.'),
              },
              'a mapping with host, tlsSecretName and optional port, chartVersion, bufferClaimName, loki, opensearch',
            ).describe('Hub log sink (Fluent Bit forward input) the sites forward logs to. Without loki or opensearch it prints the records to its pod log.'),
          },
          'a mapping with remoteWriteUrl, grafanaHost, tlsSecretName, logSink and optional namespace, chartVersion, retention, storage, storageClass, ingressClassName, caCertificate',
        ).describe('Central monitoring on the shared-services cluster.'),
        sharedServices: mapping(
          {
            endpoint: https('the shared-services cluster API server').describe('API server URL of the hub shared-services cluster (Helm releases go there).'),
          },
          'a mapping with endpoint',
        ),
      },
      'a mapping with datacenter, cluster, deployHost, datastore, network, dnsServers, dnsDomain, witnessOva, witnesses, contentLibrary, harbor, monitoring, sharedServices',
    ),
    rings: z
      .record(pattern(RING_NAME, 'a ring name: lower-case letters, digits and "-"'), ring, rule('a mapping of ring name to ring'))
      .describe('Rollout rings in rollout order; each site belongs to one.'),
    defaults: SiteSettingsSchema.optional(),
    waivers: waivers.optional().describe('Policy rules every stack of the fleet may break, each with the reason.'),
    identity: mapping(
      {
        type: oneOf(['oidc', 'ldap']).describe("The management cluster's IDENTITY_MANAGEMENT_TYPE (TKG configures Pinniped with it at deployment)."),
        supervisorIssuer: https('the Pinniped supervisor issuer').describe(
          "Issuer URL of the management cluster's Pinniped supervisor, as ConfigMap kube-public/pinniped-info holds it (key issuer); every site plan checks it.",
        ),
      },
      'a mapping with type, supervisorIssuer',
    )
      .optional()
      .describe('The identity provider the management cluster\'s Pinniped is configured with; required for access grants (docs/access.md).'),
    access: mapping(
      {
        platformAdmins: list(pattern(GROUP_NAME, 'a group name: 1-256 characters without whitespace, not a system: group'), 'a list of group names')
          .optional()
          .describe('Groups of platform administrators: the only groups that may hold cluster-admin (policy rule cluster-admin-grant).'),
        grants: accessGrants.optional().describe('Grants at every site.'),
        regions: z
          .record(pattern(DNS_LABEL, 'a region name (a site\'s region)'), mapping({ grants: accessGrants.optional().describe('Grants at the sites of this region.') }, 'a mapping with grants'), rule('a mapping of region name to grants'))
          .optional()
          .describe('Grants per region (the sites\' region key).'),
        breakGlass: mapping(
          {
            enabled: z.boolean(rule('true or false')).optional().describe('Provision a break-glass ServiceAccount at every built site (default true).'),
            role: oneOf(['view', 'cluster-admin']).optional().describe('Role of the break-glass ServiceAccount at every site: cluster-admin (the default) or view.'),
          },
          'a mapping with enabled, role',
        )
          .optional()
          .describe('The break-glass path of every site when the hub is out of reach (docs/access.md, Break-glass).'),
      },
      'a mapping with platformAdmins, grants, regions, breakGlass',
    )
      .optional()
      .describe('Who may do what on the sites\' workload clusters: grants fleet-wide and per region (rings and site files add theirs).'),
    backup: mapping(
      {
        store: mapping(
          {
            endpoint: https('the object store').describe('S3 API URL of the object store at the hub, e.g. https://s3.hub.tanzu.lab:9000 (TLS always verified).'),
            region: pattern(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a region name such as us-east-1').default('us-east-1').describe('S3 region the store answers to (MinIO: us-east-1 unless configured).'),
            bucket: pattern(/^[a-z0-9{][a-z0-9.{}-]{1,70}[a-z0-9}]$/, 'an S3 bucket name, optionally with {site}, such as edge-backups or edge-backup-{site}').describe('Bucket of the backups; with {site}, one bucket per site.'),
            prefix: pattern(/^[A-Za-z0-9{][A-Za-z0-9._{}/-]{0,200}[A-Za-z0-9}]$/, 'a key prefix without leading or trailing /, such as sites/{site}')
              .default('sites/{site}')
              .describe('Key prefix of a site\'s backups in the bucket. {site} must be in the bucket or the prefix: each site writes only under its own location.'),
            caCertificate: pemCertificate('the CA of the object store certificate').optional().describe('CA that signed the store\'s certificate, when not a public CA.'),
            checksumAlgorithm: z
              .enum(['', 'CRC32', 'CRC32C', 'SHA1', 'SHA256'], rule('"" (no checksum), CRC32, CRC32C, SHA1 or SHA256'))
              .optional()
              .describe('Checksum the AWS plugin attaches to uploads (its default: CRC32); "" for stores that reject it, such as Ceph RGW (velero-plugin-for-aws README, known issues).'),
          },
          'a mapping with endpoint, bucket and optional region, prefix, caCertificate, checksumAlgorithm',
        ).describe('S3-compatible object store at the hub. Each site has its own credentials (variables backup_access_key_id and backup_secret_access_key of its workspace).'),
        harborProject: pattern(/^[a-z0-9]([a-z0-9._-]{0,253}[a-z0-9])?$/, 'a Harbor project declared in hub.harbor.projects')
          .default('edge-platform')
          .describe('Hub Harbor project (replicated to the sites) holding the velero chart under charts/ and the velero and plugin images: sites pull them from their own Harbor.'),
      },
      'a mapping with store and optional harborProject',
    )
      .optional()
      .describe('Where the sites\' Velero backups go. Without it no site backs up.'),
    delivery: mapping(
      {
        harborProject: harborProjectName('a Harbor project declared in hub.harbor.projects')
          .default('edge-platform')
          .describe('Hub Harbor project (replicated) holding the argo-cd and flagger charts under charts/ and their images: sites pull them from their own Harbor.'),
      },
      'a mapping with optional harborProject',
    )
      .optional()
      .describe('Application delivery: Argo CD and Flagger at every built site, from the site Harbor. Without it no site runs applications.'),
    applications: z
      .record(applicationName, application, rule('a mapping of application name to application'))
      .optional()
      .describe("The fleet's applications: each ring pins the version its sites run (rings.<ring>.applications)."),
    terraformCloud: mapping(
      {
        organization: pattern(/^[A-Za-z0-9_-]{1,40}$/, 'a Terraform Cloud organization name').describe('Organization that holds the workspaces.'),
        hostname: fqdn('the Terraform Enterprise host').default('app.terraform.io').describe('Terraform Cloud, or your Terraform Enterprise host.'),
        project: z.string(rule('a project name')).min(1).describe('Project the workspaces belong to (it must exist).'),
        workspacePrefix: pattern(/^[A-Za-z0-9_-]{0,40}$/, 'letters, digits, - and _').default('').describe('Prefix of every workspace name: <prefix><stack>, e.g. edge-fleet-edge33.'),
        agentPool: z.string(rule('an agent pool name')).min(1).describe('Agent pool inside the hub that runs the workspaces (vCenter is private).'),
        terraformVersion: pattern(/^\d+\.\d+\.\d+$/, 'an exact Terraform version such as 1.11.4').describe('Terraform version pinned in every workspace.'),
        variableSets: mapping(
          {
            hub: list(z.string(rule('a variable set name')).min(1), 'a list of variable set names').default([]).describe('Variable sets attached to the hub workspace.'),
            sites: list(z.string(rule('a variable set name')).min(1), 'a list of variable set names').default([]).describe('Variable sets attached to every site workspace.'),
          },
          'a mapping with hub, sites',
        ).describe('Variable sets (they hold the credential variables) attached by name.'),
      },
      'a mapping with organization, project, agentPool, terraformVersion, variableSets and optional hostname, workspacePrefix',
    )
      .optional()
      .describe('Run every stack in its own Terraform Cloud workspace; without it, stacks keep local state.'),
  },
  'a fleet: edgeDomain, certificateAuthority, vcenter, managementCluster, hub, rings and optional defaults, waivers, identity, access, backup, delivery, applications, terraformCloud',
).describe('Fleet-wide settings of the Tanzu edge fleet.');

export type SiteFile = z.infer<typeof SiteFileSchema>;
export type FleetFile = z.infer<typeof FleetFileSchema>;
export type SiteSettingsInput = z.infer<typeof SiteSettingsSchema>;
