/**
 * The catalog's single definition: validation, TypeScript input types and the JSON
 * Schemas that editors use (`npm run schema` writes them to `schemas/`) all come from
 * the zod schemas below. Cross-field and cross-file rules (CIDR overlap, rings and
 * witnesses that exist, capacity) live in `validate.ts`.
 */
import { z } from 'zod';
import { DNS_LABEL, FQDN, SHA1_THUMBPRINT, TKR_VERSION, int, list, mapping, oneOf, pattern, rule } from './rules';

/** MTU of a network that does not set one. */
export const DEFAULT_MTU = 1500;

const SITE_ID = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
const RING_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

const fqdn = (what: string) => pattern(FQDN, `${what}: a lower-case fully qualified domain name such as esx01.edge33.tanzu.lab`);
const cidrText = (what: string) =>
  pattern(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, `${what}: an IPv4 network in CIDR notation such as 10.33.0.0/24`);
const ipText = (what: string) => pattern(/^\d{1,3}(\.\d{1,3}){3}$/, `${what}: an IPv4 address such as 10.33.0.1`);
const https = (what: string) => pattern(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[^\s]*)?$/, `${what}: an https:// URL`);

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
    },
    'a mapping with replicas, machine',
  )
    .optional()
    .describe('Workers of the workload cluster (machine deployment md-0).'),
  podCidr: cidrText('the pod network').optional().describe('Pod network of the workload cluster.'),
  serviceCidr: cidrText('the service network').optional().describe('Service network of the workload cluster.'),
};
const TKG_KEYS = 'a mapping with version, clusterClass, os, sshAuthorizedKeys, controlPlane, workers, podCidr, serviceCidr';
const TKG_DESCRIPTION = 'Tanzu Kubernetes Grid workload cluster of the site.';

/**
 * Settings every site has and `fleet.yaml` `defaults` may set for all sites. In a
 * site file they override the fleet defaults; the product's built-in defaults
 * (`defaults.ts`) fill the rest.
 */
const settingsShape = {
  esxi: mapping(
    {
      username: z.string(rule('an ESXi user name')).min(1).optional().describe('ESXi user that vCenter uses to add the hosts.'),
      lockdown: oneOf(['normal', 'strict', 'disabled']).optional().describe('ESXi lockdown mode.'),
    },
    'a mapping with username, lockdown',
  )
    .optional()
    .describe('ESXi host settings. Passwords are never here: see the README, section Secrets.'),
  tkg: mapping(tkgShape, TKG_KEYS).optional().describe(TKG_DESCRIPTION),
};

/** `defaults` in fleet.yaml: any site setting, applied to every site that does not set it. */
export const SiteSettingsSchema = mapping(settingsShape, 'a mapping of site settings (esxi, tkg)').describe(
  'Defaults for every site; a site file overrides them key by key.',
);

const host = mapping(
  {
    fqdn: fqdn('the ESXi host name').describe('Fully qualified name vCenter adds the host by.'),
    thumbprint: pattern(SHA1_THUMBPRINT, 'the SHA-1 TLS thumbprint vCenter shows: 20 upper-case hex bytes separated by ":"').describe(
      "SHA-1 thumbprint of the host's TLS certificate, pinned so vCenter never trusts an unexpected host.",
    ),
  },
  'a mapping with fqdn, thumbprint',
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
  'a site: id, ring, witness, hosts, networks and optional settings',
).describe('An edge site of the Tanzu edge fleet.');

const witness = mapping(
  {
    name: pattern(DNS_LABEL, 'a witness name: a DNS label such as witness-01').describe('Witness name that site files refer to.'),
    fqdn: fqdn('the witness host name').describe('Fully qualified name the witness appliance is registered in vCenter by.'),
    size: oneOf(['medium', 'large', 'extra-large']).describe('Appliance size; caps the two-node clusters it serves (21, 24, 64).'),
  },
  'a mapping with name, fqdn, size',
);

const ring = mapping(
  {
    description: z.string(rule('a text')).optional().describe('What the ring is for.'),
    tkgVersion: pattern(TKR_VERSION, 'a TKR version such as v1.26.5+vmware.2-tkg.1 (the version with "+", not the TKR name with "---")').describe(
      'Kubernetes version (TKR) that every site of the ring runs; change it to upgrade the ring.',
    ),
  },
  'a mapping with tkgVersion and optional description',
);

/** `sites/fleet.yaml`. */
export const FleetFileSchema = mapping(
  {
    vcenter: mapping(
      {
        server: fqdn('the vCenter server').describe('vCenter that manages the edge datacenters and the hub witnesses.'),
        username: z.string(rule('a vCenter user name such as administrator@vsphere.local')).min(1).describe('vCenter user (its password is a sensitive variable).'),
      },
      'a mapping with server, username',
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
        witnesses: list(witness, 'a list of at least one witness appliance', 1).describe('Shared vSAN witness appliances at the hub.'),
        harbor: mapping(
          { url: https('the hub Harbor').describe('External URL of the central Harbor.') },
          'a mapping with url',
        ),
        sharedServices: mapping(
          {
            endpoint: https('the shared-services cluster API server').describe('API server URL of the hub shared-services cluster (Helm releases go there).'),
          },
          'a mapping with endpoint',
        ),
      },
      'a mapping with witnesses, harbor, sharedServices',
    ),
    rings: z
      .record(pattern(RING_NAME, 'a ring name: lower-case letters, digits and "-"'), ring, rule('a mapping of ring name to ring'))
      .describe('Rollout rings in rollout order; each site belongs to one.'),
    defaults: SiteSettingsSchema.optional(),
  },
  'a fleet: vcenter, managementCluster, hub, rings and optional defaults',
).describe('Fleet-wide settings of the Tanzu edge fleet.');

export type SiteFile = z.infer<typeof SiteFileSchema>;
export type FleetFile = z.infer<typeof FleetFileSchema>;
export type SiteSettingsInput = z.infer<typeof SiteSettingsSchema>;
