/**
 * Every input the catalog rejects, each with the exact line it prints. Each case
 * starts from the valid default catalog and introduces one fault.
 */
import { SiteFile } from '../../constructs/catalog/schema';
import { EditableCatalog, cloneSite, problemsAfter, setPath } from '../support/catalog';

const SECRET = "looks like a secret, and the catalog never holds secrets (it is committed and shown in every review); pass it as a sensitive Terraform variable (TF_VAR_<name>) or a provider environment variable: docs/secrets.md lists them";

type Case = [name: string, edit: (c: EditableCatalog) => void, expected: string[]];

/** A cloned site with hosts of its own: their own thumbprints, no disk groups (a copied thumbprint or disk is a fault of its own). */
/** A cloned site without disk groups: worldwide disk names (naa.) may not repeat across hosts. */
function withoutDisks(site: SiteFile): SiteFile {
  site.hosts.forEach((host) => delete host.diskGroups);
  return site;
}

/** Adds a Photon node OVA of `build` to the hub library, so a version test is about the version alone. */
function withNodeImage(c: EditableCatalog, build: string): void {
  const items = c.fleet.hub?.contentLibrary?.items ?? [];
  setPath(c.fleet, 'hub.contentLibrary.items', [...items, { name: `photon-3-kube-${build}`, url: `https://repo.hub.tanzu.lab/tkg/photon-3-kube-${build}-tkg.1.ova` }]);
}

const cases: Case[] = [
  // Keys
  [
    'an unknown key, with a suggestion for a typo',
    (c) => setPath(c.sites.edge33, 'tkg.wokers', { replicas: 3 }),
    ["sites/edge33.yaml: tkg.wokers: unknown key; did you mean 'workers'? allowed keys here: version, clusterClass, os, sshAuthorizedKeys, controlPlane, workers, folder, resourcePool, cni, trustedCAs, machineHealthCheck, podCidr, serviceCidr"],
  ],
  [
    'an unknown top-level key in fleet.yaml',
    (c) => setPath(c.fleet, 'region', 'emea'),
    ['sites/fleet.yaml: region: unknown key; allowed keys here: edgeDomain, certificateAuthority, vcenter, managementCluster, hub, rings, defaults, waivers, identity, access, backup, delivery, applications, terraformCloud'],
  ],
  [
    'a missing required key',
    (c) => setPath(c.sites.edge33, 'witness', undefined),
    ['sites/edge33.yaml: witness: missing; required: the name of a witness declared in fleet.yaml hub.witnesses'],
  ],
  [
    'a missing network',
    (c) => setPath(c.sites.edge33, 'networks.vsan', undefined),
    ['sites/edge33.yaml: networks.vsan: missing; required: a mapping with vlan, cidr and optional gateway, mtu'],
  ],
  [
    'a mapping where a scalar belongs',
    (c) => setPath(c.sites.edge33, 'ring', { name: 'canary' }),
    ['sites/edge33.yaml: ring: a mapping is not allowed; allowed: the name of a ring declared in fleet.yaml'],
  ],
  // Hosts
  [
    'one host',
    (c) => c.sites.edge33.hosts.pop(),
    ['sites/edge33.yaml: hosts: a list of 1 item is not allowed; allowed: exactly two ESXi hosts (a two-node vSAN cluster)'],
  ],
  [
    'three hosts',
    (c) => c.sites.edge33.hosts.push({ fqdn: 'esx03.edge33.tanzu.lab', thumbprint: '2F:ED:45:8A:9A:62:02:F2:5F:18:6A:52:E6:4A:16:C5:B7:7C:27:3E' }),
    ['sites/edge33.yaml: hosts: a list of 3 items is not allowed; allowed: exactly two ESXi hosts (a two-node vSAN cluster)'],
  ],
  [
    'the same host twice in a site',
    (c) => setPath(c.sites.edge33, 'hosts.1.fqdn', 'esx01.edge33.tanzu.lab'),
    ["sites/edge33.yaml: hosts[1].fqdn: 'esx01.edge33.tanzu.lab' is also hosts[0]; allowed: two different hosts"],
  ],
  [
    'a host that belongs to another site',
    (c) => setPath(c.sites.edge41, 'hosts.0.fqdn', 'esx02.edge33.tanzu.lab'),
    ["sites/edge41.yaml: hosts[0].fqdn: host 'esx02.edge33.tanzu.lab' is already used by sites/edge33.yaml (hosts[1]); allowed: a host that belongs to one site only"],
  ],
  [
    'a host name that is not a fully qualified name',
    (c) => setPath(c.sites.edge33, 'hosts.0.fqdn', 'ESX01'),
    ["sites/edge33.yaml: hosts[0].fqdn: 'ESX01' is not allowed; allowed: the ESXi host name: a lower-case fully qualified domain name such as esx01.edge33.tanzu.lab"],
  ],
  [
    'a thumbprint in the wrong format',
    (c) => setPath(c.sites.edge33, 'hosts.0.thumbprint', '2fed458a9a6202f25f186a52e64a16c5b77c273d'),
    ["sites/edge33.yaml: hosts[0].thumbprint: '2fed458a9a6202f25f186a52e64a16c5b77c273d' is not allowed; allowed: the SHA-1 TLS thumbprint of the host as vCenter shows it: 20 upper-case hex bytes separated by \":\""],
  ],
  // VLANs and networks
  [
    'a VLAN above 4094',
    (c) => setPath(c.sites.edge33, 'networks.vsan.vlan', 4095),
    ['sites/edge33.yaml: networks.vsan.vlan: 4095 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094'],
  ],
  [
    'a negative VLAN',
    (c) => setPath(c.sites.edge33, 'networks.vsan.vlan', -1),
    ['sites/edge33.yaml: networks.vsan.vlan: -1 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094'],
  ],
  [
    'a VLAN that is not an integer',
    (c) => setPath(c.sites.edge33, 'networks.vsan.vlan', '332a'),
    ["sites/edge33.yaml: networks.vsan.vlan: '332a' is not allowed; allowed: a VLAN ID: an integer from 0 to 4094"],
  ],
  [
    'a CIDR that is not one',
    (c) => setPath(c.sites.edge33, 'networks.vmotion.cidr', '10.33.1.0'),
    ["sites/edge33.yaml: networks.vmotion.cidr: '10.33.1.0' is not allowed; allowed: the vMotion network: an IPv4 network in CIDR notation such as 10.33.0.0/24"],
  ],
  [
    'a CIDR with an octet over 255',
    (c) => setPath(c.sites.edge33, 'networks.vmotion.cidr', '10.33.256.0/24'),
    ["sites/edge33.yaml: networks.vmotion.cidr: '10.33.256.0/24' is not allowed; allowed: an IPv4 network in CIDR notation such as 10.33.0.0/24 (octets 0-255, prefix 0-32)"],
  ],
  [
    'a CIDR with host bits set',
    (c) => setPath(c.sites.edge33, 'networks.vmotion.cidr', '10.33.1.7/24'),
    ["sites/edge33.yaml: networks.vmotion.cidr: '10.33.1.7/24' has host bits set; allowed: the network address of the block, here 10.33.1.0/24"],
  ],
  [
    'a gateway outside its network',
    (c) => setPath(c.sites.edge33, 'networks.management.gateway', '10.33.9.1'),
    ['sites/edge33.yaml: networks.management.gateway: 10.33.9.1 is outside networks.management.cidr 10.33.0.0/24; allowed: a host address inside networks.management.cidr 10.33.0.0/24'],
  ],
  [
    'a gateway on the network address',
    (c) => setPath(c.sites.edge33, 'networks.management.gateway', '10.33.0.0'),
    ['sites/edge33.yaml: networks.management.gateway: 10.33.0.0 is the network or broadcast address of networks.management.cidr 10.33.0.0/24; allowed: a host address inside networks.management.cidr 10.33.0.0/24'],
  ],
  [
    'an MTU out of range',
    (c) => setPath(c.sites.edge33, 'networks.vsan.mtu', 9216),
    ['sites/edge33.yaml: networks.vsan.mtu: 9216 is not allowed; allowed: an MTU: an integer from 1280 to 9000'],
  ],
  [
    'two networks of a site that overlap',
    (c) => setPath(c.sites.edge33, 'networks.vsan', { vlan: 332, cidr: '10.33.0.0/23', gateway: '10.33.0.1' }),
    ["sites/edge33.yaml: networks.vsan.cidr: 10.33.0.0/23 overlaps networks.management.cidr 10.33.0.0/24, networks.vmotion.cidr 10.33.1.0/24; allowed: a network that shares no address with the site's other networks"],
  ],
  [
    'a site whose vSAN adapters have no route to its witness at the hub',
    (c) => setPath(c.sites.edge33, 'networks.vsan', { vlan: 332, cidr: '10.33.2.0/24' }),
    [
      "sites/edge33.yaml: networks.vsan.gateway: missing; required because witness 'witness-01' (10.10.0.21) is outside the vSAN network 10.33.2.0/24, and the hosts send witness traffic from their vSAN adapters, which reach only their own network without a gateway; allowed: the router of 10.33.2.0/24 that routes to 10.10.0.21 (the vSAN adapters get it as their gateway)",
    ],
  ],
  [
    'a network that overlaps another site',
    (c) => setPath(c.sites.edge41, 'networks.tkg.cidr', '10.33.3.0/24'),
    // The endpoint of edge41 is now outside its TKG network too.
    [
      'sites/edge41.yaml: networks.tkg.gateway: 10.41.2.1 is outside networks.tkg.cidr 10.33.3.0/24; allowed: a host address inside networks.tkg.cidr 10.33.3.0/24',
      'sites/edge41.yaml: tkg.controlPlane.endpoint: 10.41.2.10 is outside networks.tkg.cidr 10.33.3.0/24; allowed: a host address inside networks.tkg.cidr 10.33.3.0/24',
      'sites/edge41.yaml: networks.tkg.cidr: 10.33.3.0/24 overlaps 10.33.3.0/24 of sites/edge33.yaml (networks.tkg.cidr); allowed: a network no other site uses',
    ],
  ],
  [
    'a pod network that overlaps a site network',
    (c) => setPath(c.sites.edge33, 'tkg.podCidr', '10.32.0.0/12'),
    ["sites/edge33.yaml: tkg.podCidr: 10.32.0.0/12 overlaps networks.management.cidr 10.33.0.0/24, networks.vmotion.cidr 10.33.1.0/24, networks.vsan.cidr 10.33.2.0/24, networks.tkg.cidr 10.33.3.0/24; allowed: a network that shares no address with the site's other networks"],
  ],
  [
    'a default service network that overlaps a site network',
    (c) => {
      setPath(c.fleet, 'defaults.tkg.serviceCidr', '10.41.0.0/16');
    },
    ["sites/edge41.yaml: tkg.serviceCidr: 10.41.0.0/16 (inherited from fleet.yaml defaults or the built-in default) overlaps networks.management.cidr 10.41.0.0/24, networks.vmotion.cidr 10.41.1.0/26, networks.vsan.cidr 10.41.1.64/26, networks.tkg.cidr 10.41.2.0/24; allowed: a network that shares no address with the site's other networks"],
  ],
  [
    'a fleet default pod network with host bits set',
    (c) => setPath(c.fleet, 'defaults.tkg.podCidr', '100.96.0.1/11'),
    ["sites/fleet.yaml: defaults.tkg.podCidr: '100.96.0.1/11' has host bits set; allowed: the network address of the block, here 100.96.0.0/11"],
  ],
  // Site ids
  [
    'a site id that cannot name a stack',
    (c) => setPath(c.sites.edge33, 'id', 'Edge_33'),
    ["sites/edge33.yaml: id: 'Edge_33' is not allowed; allowed: a site id of 2-32 characters: lower-case letters, digits and '-', starting with a letter and not ending with '-' (it names the stack and prefixes every vSphere name)"],
  ],
  [
    'a site id that differs from the file name',
    (c) => setPath(c.sites.edge33, 'id', 'edge34'),
    ["sites/edge33.yaml: id: 'edge34' does not match the file name 'edge33'; allowed: the file name without .yaml (a site file is named after its id)"],
  ],
  [
    'a site id that is a reserved stack name',
    (c) => {
      c.sites.hub = withoutDisks(cloneSite(c.sites.edge33, 'hub', 99));
      setPath(c.sites.hub, 'hosts.0.fqdn', 'esx01.hub99.tanzu.lab');
      setPath(c.sites.hub, 'hosts.1.fqdn', 'esx02.hub99.tanzu.lab');
    },
    ["sites/hub.yaml: id: 'hub' is the name of a stack the app always creates; allowed: any site id but hub, fleet"],
  ],
  // References
  [
    'an unknown ring',
    (c) => setPath(c.sites.edge33, 'ring', 'canery'),
    ["sites/edge33.yaml: ring: unknown ring 'canery'; did you mean 'canary'? allowed: canary, production (rings are declared in sites/fleet.yaml)"],
  ],
  [
    'an unknown witness',
    (c) => setPath(c.sites.edge33, 'witness', 'witness-09'),
    ["sites/edge33.yaml: witness: unknown witness 'witness-09'; did you mean 'witness-01'? allowed: witness-01 (witnesses are declared in sites/fleet.yaml hub.witnesses)"],
  ],
  [
    'no rings',
    (c) => setPath(c.fleet, 'rings', {}),
    [
      'sites/fleet.yaml: rings: no ring is declared; allowed: at least one ring, e.g. canary: { tkgVersion: v1.26.5+vmware.2-tkg.1 }',
      "sites/edge33.yaml: ring: unknown ring 'canary'; none is declared (rings are declared in sites/fleet.yaml)",
      "sites/edge41.yaml: ring: unknown ring 'production'; none is declared (rings are declared in sites/fleet.yaml)",
      "sites/edge52.yaml: ring: unknown ring 'production'; none is declared (rings are declared in sites/fleet.yaml)",
      "sites/edge60.yaml: ring: unknown ring 'canary'; none is declared (rings are declared in sites/fleet.yaml)",
    ],
  ],
  [
    'a duplicate witness name',
    (c) => c.fleet.hub.witnesses.push({ name: 'witness-01', fqdn: 'witness-02.hub.tanzu.lab', size: 'medium', address: '10.10.0.22/24', gateway: '10.10.0.1' }),
    ["sites/fleet.yaml: hub.witnesses[1].name: duplicate witness name 'witness-01' (also hub.witnesses[0]); allowed: a name used once"],
  ],
  [
    'more sites on a witness than its size allows',
    (c) => {
      c.fleet.hub.witnesses[0].size = 'medium';
      for (let i = 0; i < 19; i++) c.sites[`store${100 + i}`] = withoutDisks(cloneSite(c.sites.edge33, `store${100 + i}`, 100 + i));
    },
    [
      "sites/fleet.yaml: hub.witnesses[0]: witness 'witness-01' (medium) serves at most 21 two-node clusters, but 23 sites use it: edge33, edge41, edge52, edge60, store100, store101, store102, store103, store104, store105, store106, store107, store108, store109, store110, store111, store112, store113, store114, store115, store116, store117, store118; allowed: at most 21 (move 2 site(s) to another witness, or use size extra-large for up to 64)",
    ],
  ],
  // TKG
  [
    'a TKR name where a version belongs',
    (c) => setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.25.7---vmware.2-tkg.1'),
    ["sites/fleet.yaml: rings.canary.tkgVersion: 'v1.25.7---vmware.2-tkg.1' is not allowed; allowed: a TKR version such as v1.26.5+vmware.2-tkg.1 (the version with \"+\", not the TKR name with \"---\")"],
  ],
  [
    'two control-plane nodes',
    (c) => setPath(c.sites.edge33, 'tkg.controlPlane.replicas', 2),
    ['sites/edge33.yaml: tkg.controlPlane.replicas: 2 is not allowed; allowed: 1 or 3 (an etcd quorum is 1 or 3 nodes at an edge site)'],
  ],
  [
    'no workers with three control-plane nodes',
    (c) => setPath(c.sites.edge52, 'tkg.workers', { replicas: 0 }),
    ['sites/edge52.yaml: tkg.workers.replicas: 0 workers with 3 control-plane nodes is not allowed; allowed: 0 workers only with tkg.controlPlane.replicas 1 (a single-node cluster)'],
  ],
  [
    'a control-plane endpoint outside the TKG network',
    (c) => setPath(c.sites.edge33, 'tkg.controlPlane.endpoint', '10.33.2.10'),
    ['sites/edge33.yaml: tkg.controlPlane.endpoint: 10.33.2.10 is outside networks.tkg.cidr 10.33.3.0/24; allowed: a host address inside networks.tkg.cidr 10.33.3.0/24'],
  ],
  [
    'a control-plane endpoint on the gateway',
    (c) => setPath(c.sites.edge33, 'tkg.controlPlane.endpoint', '10.33.3.1'),
    ['sites/edge33.yaml: tkg.controlPlane.endpoint: 10.33.3.1 is the gateway of networks.tkg; allowed: a free host address in 10.33.3.0/24 reserved for kube-vip'],
  ],
  [
    'an unquoted OS version',
    (c) => setPath(c.sites.edge33, 'tkg.os.version', 20.04),
    ['sites/edge33.yaml: tkg.os.version: 20.04 is not allowed; allowed: an OS version in quotes, such as "3" or "20.04" (unquoted, YAML reads 20.10 as the number 20.1)'],
  ],
  [
    'a machine too small for a node',
    (c) => setPath(c.sites.edge33, 'tkg.workers.machine.memoryMiB', 1024),
    ['sites/edge33.yaml: tkg.workers.machine.memoryMiB: 1024 is not allowed; allowed: a memory size in MiB from 2048 to 262144'],
  ],
  [
    'a private SSH key instead of a public one',
    (c) => setPath(c.fleet, 'defaults.tkg.sshAuthorizedKeys', ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----']),
    [
      // The secret message replaces the schema's own for the same field.
      `sites/fleet.yaml: defaults.tkg.sshAuthorizedKeys[0]: this value is a private key, which ${SECRET}`,
    ],
  ],
  // Secrets
  [
    'a password in a site file',
    (c) => setPath(c.sites.edge33, 'esxi.password', 'VMware1!'),
    [`sites/edge33.yaml: esxi.password: key 'password' ${SECRET}`],
  ],
  [
    'a token in fleet.yaml',
    (c) => setPath(c.fleet, 'managementCluster.token', 'eyJhbGciOi'),
    [`sites/fleet.yaml: managementCluster.token: key 'token' ${SECRET}`],
  ],
  [
    'a secret key anywhere, even next to a key that only names a secret',
    (c) => setPath(c.fleet, 'hub.harbor.adminPasswordSecret', 'x'),
    [`sites/fleet.yaml: hub.harbor.adminPasswordSecret: key 'adminPasswordSecret' ${SECRET}`],
  ],
  [
    'a secret key anywhere',
    (c) => setPath(c.fleet, 'hub.harbor.clientSecret', 'x'),
    [`sites/fleet.yaml: hub.harbor.clientSecret: key 'clientSecret' ${SECRET}`],
  ],
  // vSphere (issue 3): rules the provider would only enforce at apply time
  [
    'ESA with deduplication',
    (c) => setPath(c.sites.edge41, 'vsan.deduplication', true),
    ['sites/edge41.yaml: vsan.deduplication: true is not allowed with vsan.architecture esa; allowed: false (ESA has no deduplication setting; the provider refuses it)'],
  ],
  [
    'ESA inherited from fleet defaults on a site with deduplication',
    (c) => {
      setPath(c.fleet, 'defaults.vsan.architecture', 'esa');
      setPath(c.sites.edge33, 'hosts.0.diskGroups', undefined);
      setPath(c.sites.edge33, 'hosts.1.diskGroups', undefined);
      setPath(c.sites.edge52, 'vsan', undefined);
      setPath(c.sites.edge52, 'hosts.0.diskGroups', undefined);
      setPath(c.sites.edge52, 'hosts.1.diskGroups', undefined);
      setPath(c.sites.edge33, 'vsan.compression', true);
    },
    ['sites/edge33.yaml: vsan.compression: true is not allowed with vsan.architecture esa; allowed: false (ESA always compresses; the provider refuses the setting)'],
  ],
  [
    'ESA without UNMAP',
    (c) => setPath(c.sites.edge41, 'vsan.unmap', false),
    ['sites/edge41.yaml: vsan.unmap: false is not allowed with vsan.architecture esa; allowed: true (the provider requires UNMAP with ESA)'],
  ],
  [
    'deduplication without compression',
    (c) => setPath(c.sites.edge52, 'vsan.compression', false),
    ['sites/edge52.yaml: vsan.compression: false is not allowed with vsan.deduplication true; allowed: true (vSAN deduplication requires compression)'],
  ],
  [
    'disk groups on an ESA site',
    (c) => setPath(c.sites.edge41, 'hosts.0.diskGroups', [{ cache: 'naa.1', capacity: ['naa.2'] }]),
    ['sites/edge41.yaml: hosts[0].diskGroups: disk groups are not allowed with vsan.architecture esa; allowed: no disk groups (ESA has no disk groups: claim the disks in vCenter, Cluster > Configure > vSAN > Disk Management)'],
  ],
  [
    'a device in two places',
    (c) => setPath(c.sites.edge33, 'hosts.0.diskGroups.0.capacity', ['naa.55cd2e414f8d9c01', 'naa.55cd2e414f8d8b5a']),
    ['sites/edge33.yaml: hosts[0].diskGroups[0].capacity[1]: naa.55cd2e414f8d8b5a is also hosts[0].diskGroups[0].cache; allowed: each device in one place only'],
  ],
  [
    'a disk that is not a canonical device name',
    (c) => setPath(c.sites.edge33, 'hosts.0.diskGroups.0.cache', '/dev/sda'),
    ["sites/edge33.yaml: hosts[0].diskGroups[0].cache: '/dev/sda' is not allowed; allowed: a disk canonical name such as naa.55cd2e414f8d8b5a (esxcli storage core device list)"],
  ],
  [
    'the same NIC for both uplinks',
    (c) => setPath(c.sites.edge33, 'distributedSwitch.nics', ['vmnic2', 'vmnic2']),
    ['sites/edge33.yaml: distributedSwitch.nics: vmnic2 is given twice; allowed: two different NICs, one per uplink'],
  ],
  [
    'a network too small to derive VMkernel addresses from',
    (c) => setPath(c.sites.edge33, 'networks.vsan.cidr', '10.33.2.0/29'),
    [
      'sites/edge33.yaml: hosts[0].addresses.vsan: missing; required because networks.vsan.cidr 10.33.2.0/29 has no 11th host address to derive it from; allowed: a free host address in 10.33.2.0/29',
      'sites/edge33.yaml: hosts[1].addresses.vsan: missing; required because networks.vsan.cidr 10.33.2.0/29 has no 12th host address to derive it from; allowed: a free host address in 10.33.2.0/29',
    ],
  ],
  [
    'a VMkernel address outside its network',
    (c) => setPath(c.sites.edge33, 'hosts.1.addresses.vmotion', '10.33.2.50'),
    ['sites/edge33.yaml: hosts[1].addresses.vmotion: 10.33.2.50 is outside networks.vmotion.cidr 10.33.1.0/24; allowed: a host address inside networks.vmotion.cidr 10.33.1.0/24'],
  ],
  [
    'a VMkernel address on the gateway',
    (c) => {
      setPath(c.sites.edge33, 'networks.vsan.gateway', '10.33.2.1');
      setPath(c.sites.edge33, 'hosts.0.addresses.vsan', '10.33.2.1');
    },
    ['sites/edge33.yaml: hosts[0].addresses.vsan: 10.33.2.1 is already the gateway of networks.vsan; allowed: a free host address in 10.33.2.0/24'],
  ],
  [
    'a set VMkernel address that takes the other host’s derived one',
    (c) => setPath(c.sites.edge33, 'hosts.0.addresses.vsan', '10.33.2.12'),
    ['sites/edge33.yaml: hosts[1].addresses.vsan: 10.33.2.12 (derived) is already the vsan address of hosts[0]; allowed: a free host address in 10.33.2.0/24'],
  ],
  [
    'an HA isolation address that is not an address',
    (c) => setPath(c.sites.edge33, 'cluster.ha.isolationAddress', '10.33.2.300'),
    ["sites/edge33.yaml: cluster.ha.isolationAddress: '10.33.2.300' is not allowed; allowed: an IPv4 address such as 10.33.2.1 (octets 0-255)"],
  ],
  [
    'a site on a witness that is not registered yet',
    (c) => setPath(c.fleet, 'hub.witnesses.0.thumbprint', undefined),
    ['edge33', 'edge41', 'edge52', 'edge60'].map(
      (id) =>
        `sites/${id}.yaml: witness: witness 'witness-01' has no thumbprint yet, so the hub has not registered it as a host; allowed: a registered witness (deploy the hub, read the appliance's SHA-1 thumbprint, set it in sites/fleet.yaml and apply the hub again)`,
    ),
  ],
  [
    'an extra-large witness without its OVF deployment option',
    (c) => setPath(c.fleet, 'hub.witnesses.0.size', 'extra-large'),
    ['sites/fleet.yaml: hub.witnesses[0].size: extra-large has no OVF deployment option; allowed: set hub.witnessOva.deploymentOptions.extra-large to the option key your witness OVA uses for it (ovftool <ova> lists them), or use medium or large'],
  ],
  [
    'a witness gateway outside its network',
    (c) => setPath(c.fleet, 'hub.witnesses.0.gateway', '10.11.0.1'),
    ['sites/fleet.yaml: hub.witnesses[0].gateway: 10.11.0.1 is outside the witness network 10.10.0.0/24; allowed: a host address inside the witness network 10.10.0.0/24'],
  ],
  [
    'a witness address without a prefix',
    (c) => setPath(c.fleet, 'hub.witnesses.0.address', '10.10.0.21'),
    ["sites/fleet.yaml: hub.witnesses[0].address: '10.10.0.21' is not allowed; allowed: the witness management address: an IPv4 address with prefix length such as 10.10.0.21/24"],
  ],
  [
    'a plain-http witness OVA',
    (c) => setPath(c.fleet, 'hub.witnessOva.url', 'http://repo.hub.tanzu.lab/witness.ova'),
    ["sites/fleet.yaml: hub.witnessOva.url: 'http://repo.hub.tanzu.lab/witness.ova' is not allowed; allowed: the vSAN witness OVA: an https:// URL"],
  ],
  // Hub monitoring
  [
    'Grafana on the remote-write host',
    (c) => setPath(c.fleet, 'hub.monitoring.grafanaHost', 'metrics.hub.tanzu.lab'),
    ["sites/fleet.yaml: hub.monitoring.grafanaHost: 'metrics.hub.tanzu.lab' is also the host of remoteWriteUrl; allowed: a host of its own (each has its own Ingress)"],
  ],
  [
    'a log store port out of range and an unknown key',
    (c) => setPath(c.fleet, 'hub.monitoring.logSink.loki', { host: 'loki.hub.tanzu.lab', port: 70000, tenant: 'fleet' }),
    [
      'sites/fleet.yaml: hub.monitoring.logSink.loki.port: 70000 is not allowed; allowed: a TCP port from 1 to 65535',
      'sites/fleet.yaml: hub.monitoring.logSink.loki.tenant: unknown key; allowed keys here: host, port, tenantId, username',
    ],
  ],
  [
    'a log store password in the catalog',
    (c) => setPath(c.fleet, 'hub.monitoring.logSink.opensearch', { host: 'search.hub.tanzu.lab', username: 'fleet', password: 'x' }),
    [`sites/fleet.yaml: hub.monitoring.logSink.opensearch.password: key 'password' ${SECRET}`],
  ],
  [
    'an unknown bring-up phase',
    (c) => setPath(c.sites.edge33, 'phase', 'live'),
    ["sites/edge33.yaml: phase: 'live' is not allowed; allowed: bootstrap, active, decommissioning"],
  ],
  // TKG (issue 4)
  [
    'an autoscaler whose min is above its max',
    (c) => setPath(c.sites.edge52, 'tkg.workers.autoscaler', { min: 5, max: 3 }),
    ['sites/edge52.yaml: tkg.workers.autoscaler.min: 5 is above max 3; allowed: min <= max'],
  ],
  [
    'worker replicas next to an autoscaler',
    (c) => setPath(c.sites.edge52, 'tkg.workers.replicas', 4),
    ['sites/edge52.yaml: tkg.workers.replicas: 4 is not allowed with tkg.workers.autoscaler; allowed: no replicas (the autoscaler sets the worker count between min and max)'],
  ],
  [
    'an autoscaler on a ring without a cluster-autoscaler image',
    (c) => setPath(c.sites.edge33, 'tkg.workers', { autoscaler: { min: 1, max: 3 } }),
    ["sites/edge33.yaml: tkg.workers.autoscaler: ring 'canary' has no valid clusterAutoscalerImage; allowed: an autoscaler only on a ring that names the cluster-autoscaler image for its Kubernetes version (rings.canary.clusterAutoscalerImage in sites/fleet.yaml)"],
  ],
  [
    'an autoscaler image without a tag',
    (c) => setPath(c.fleet, 'rings.production.clusterAutoscalerImage', 'projects.registry.vmware.com/tkg/cluster-autoscaler'),
    [
      "sites/fleet.yaml: rings.production.clusterAutoscalerImage: 'projects.registry.vmware.com/tkg/cluster-autoscaler' is not allowed; allowed: an image reference with a tag or digest, such as projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1",
      "sites/edge52.yaml: tkg.workers.autoscaler: ring 'production' has no valid clusterAutoscalerImage; allowed: an autoscaler only on a ring that names the cluster-autoscaler image for its Kubernetes version (rings.production.clusterAutoscalerImage in sites/fleet.yaml)",
    ],
  ],
  [
    'a ring on a TKR version whose node OVA the hub library does not hold',
    (c) => setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.25.13+vmware.1-tkg.1'),
    [
      "sites/fleet.yaml: rings.canary.tkgVersion: 'v1.25.13+vmware.1-tkg.1' has no photon node image in hub.contentLibrary.items, and the workload clusters of ring 'canary' run it: edge33; allowed: a TKR version whose photon node OVA the library holds: v1.25.7+vmware.2-tkg.*, v1.24.10+vmware.1-tkg.* (or add its OVA to hub.contentLibrary.items, named photon-<os version>-kube-v1.25.13+vmware.1)",
    ],
  ],
  [
    'a library item of another TKG release than the ring',
    (c) => setPath(c.fleet, 'hub.contentLibrary.items.0.name', 'photon-3-kube-v1.25.7+vmware.2-tkg.2'),
    [
      "sites/fleet.yaml: rings.canary.tkgVersion: 'v1.25.7+vmware.2-tkg.1' has no photon node image in hub.contentLibrary.items, and the workload clusters of ring 'canary' run it: edge33; allowed: a TKR version whose photon node OVA the library holds: v1.25.7+vmware.2-tkg.2, v1.24.10+vmware.1-tkg.* (or add its OVA to hub.contentLibrary.items, named photon-<os version>-kube-v1.25.7+vmware.2)",
    ],
  ],
  [
    'an empty hub library',
    (c) => setPath(c.fleet, 'hub.contentLibrary.items', undefined),
    [
      "sites/fleet.yaml: rings.canary.tkgVersion: 'v1.25.7+vmware.2-tkg.1' has no photon node image in hub.contentLibrary.items, and the workload clusters of ring 'canary' run it: edge33; allowed: a TKR version whose photon node OVA the library holds: none yet (or add its OVA to hub.contentLibrary.items, named photon-<os version>-kube-v1.25.7+vmware.2)",
      "sites/fleet.yaml: rings.production.tkgVersion: 'v1.24.10+vmware.1-tkg.1' has no photon node image in hub.contentLibrary.items, and the workload clusters of ring 'production' run it: edge41, edge52; allowed: a TKR version whose photon node OVA the library holds: none yet (or add its OVA to hub.contentLibrary.items, named photon-<os version>-kube-v1.24.10+vmware.1)",
    ],
  ],
  [
    'a ring that skips a minor version ahead of the ring that follows it (Cluster API upgrades one minor at a time)',
    (c) => {
      withNodeImage(c, 'v1.26.5+vmware.2');
      setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.26.5+vmware.2-tkg.1');
    },
    [
      "sites/fleet.yaml: rings.canary.tkgVersion: 'v1.26.5+vmware.2-tkg.1' is 2 minor versions ahead of ring 'production' (v1.24.10+vmware.1-tkg.1), which follows it: ring 'production' could only catch up by skipping v1.25, and Cluster API upgrades one minor at a time; allowed: at most one minor ahead of the next ring: v1.24 or v1.25",
    ],
  ],
  [
    'a ring newer than the ring that rolls out before it',
    (c) => {
      setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.24.10+vmware.1-tkg.1');
      setPath(c.fleet, 'rings.production.tkgVersion', 'v1.25.7+vmware.2-tkg.1');
      setPath(c.fleet, 'rings.production.clusterAutoscalerImage', 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1');
    },
    [
      "sites/fleet.yaml: rings.production.tkgVersion: 'v1.25.7+vmware.2-tkg.1' is newer than ring 'canary' (v1.24.10+vmware.1-tkg.1), which rolls out before it; allowed: a version ring 'canary' runs or ran, one minor at a time: v1.24 or v1.23",
    ],
  ],
  [
    'a site pinned two minor versions from its ring',
    (c) => {
      withNodeImage(c, 'v1.26.5+vmware.2');
      setPath(c.sites.edge41, 'tkg.version', 'v1.26.5+vmware.2-tkg.1');
    },
    [
      "sites/edge41.yaml: tkg.version: 'v1.26.5+vmware.2-tkg.1' is 2 minor versions from ring 'production' (v1.24.10+vmware.1-tkg.1): this site could not rejoin the ring without skipping minor versions, and Cluster API upgrades one minor at a time; allowed: within one minor of the ring: v1.23, v1.24, v1.25",
    ],
  ],
  [
    'fleet defaults pinning every site two minor versions from a ring',
    (c) => {
      withNodeImage(c, 'v1.26.5+vmware.2');
      setPath(c.fleet, 'defaults.tkg.version', 'v1.26.5+vmware.2-tkg.1');
      setPath(c.sites.edge52, 'tkg.version', 'v1.24.10+vmware.1-tkg.1'); // its own pin wins
    },
    [
      "sites/fleet.yaml: defaults.tkg.version: 'v1.26.5+vmware.2-tkg.1' is 2 minor versions from ring 'production' (v1.24.10+vmware.1-tkg.1): the sites of ring 'production' that inherit it could not rejoin the ring without skipping minor versions, and Cluster API upgrades one minor at a time; allowed: within one minor of the ring: v1.23, v1.24, v1.25",
    ],
  ],
  [
    'a cluster-autoscaler image of another Kubernetes minor than its ring',
    (c) => setPath(c.fleet, 'rings.production.clusterAutoscalerImage', 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1'),
    [
      "sites/fleet.yaml: rings.production.clusterAutoscalerImage: 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1' is the cluster-autoscaler of Kubernetes v1.25, but ring 'production' runs v1.24.10+vmware.1-tkg.1; allowed: the cluster-autoscaler image of v1.24",
    ],
  ],
  [
    'an autoscaled site pinned to another minor than its ring’s cluster-autoscaler',
    (c) => setPath(c.sites.edge52, 'tkg.version', 'v1.25.7+vmware.2-tkg.1'),
    [
      "sites/edge52.yaml: tkg.version: 'v1.25.7+vmware.2-tkg.1' is Kubernetes v1.25, but the cluster-autoscaler of ring 'production' is for v1.24 (projects.registry.vmware.com/tkg/cluster-autoscaler:v1.24.0_vmware.1); allowed: the ring's minor version for a site with tkg.workers.autoscaler",
    ],
  ],
  [
    'a site pinned to a TKR version whose node OVA the hub library does not hold',
    (c) => setPath(c.sites.edge41, 'tkg.version', 'v1.25.13+vmware.1-tkg.1'),
    [
      "sites/edge41.yaml: tkg.version: 'v1.25.13+vmware.1-tkg.1' has no photon node image in sites/fleet.yaml hub.contentLibrary.items, and this site's workload cluster runs it; allowed: a TKR version whose photon node OVA the library holds: v1.25.7+vmware.2-tkg.*, v1.24.10+vmware.1-tkg.* (or add its OVA to sites/fleet.yaml hub.contentLibrary.items, named photon-<os version>-kube-v1.25.13+vmware.1)",
    ],
  ],
  [
    'fleet defaults pinning a TKR version whose node OVA the hub library does not hold',
    (c) => {
      setPath(c.fleet, 'defaults.tkg.version', 'v1.25.13+vmware.1-tkg.1');
      setPath(c.sites.edge52, 'tkg.version', 'v1.24.10+vmware.1-tkg.1'); // its own pin wins, and its OVA is there
    },
    [
      "sites/fleet.yaml: defaults.tkg.version: 'v1.25.13+vmware.1-tkg.1' has no photon node image in hub.contentLibrary.items, and the workload clusters of the sites that inherit it run it: edge33, edge41; allowed: a TKR version whose photon node OVA the library holds: v1.25.7+vmware.2-tkg.*, v1.24.10+vmware.1-tkg.* (or add its OVA to hub.contentLibrary.items, named photon-<os version>-kube-v1.25.13+vmware.1)",
    ],
  ],
  [
    'a site on Ubuntu where the hub library holds only Photon OVAs (the resolver matches the OS too)',
    (c) => setPath(c.sites.edge41, 'tkg.os', { name: 'ubuntu', version: '20.04' }),
    [
      "sites/fleet.yaml: rings.production.tkgVersion: 'v1.24.10+vmware.1-tkg.1' has no ubuntu node image in hub.contentLibrary.items, and the workload clusters of ring 'production' run it: edge41; allowed: a TKR version whose ubuntu node OVA the library holds: none yet (or add its OVA to hub.contentLibrary.items, named ubuntu-<os version>-kube-v1.24.10+vmware.1)",
    ],
  ],
  [
    'rings without node OVAs among other faults: every one is reported',
    (c) => {
      setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.26.5---vmware.2-tkg.1'); // a schema fault: no node-image line for it
      setPath(c.fleet, 'rings.production.tkgVersion', 'v1.25.13+vmware.1-tkg.1');
      setPath(c.sites.edge33, 'tkg.version', 'v1.27.5+vmware.1-tkg.1');
      setPath(c.sites.edge52, 'networks.vsan.vlan', 5000);
    },
    [
      "sites/fleet.yaml: rings.canary.tkgVersion: 'v1.26.5---vmware.2-tkg.1' is not allowed; allowed: a TKR version such as v1.26.5+vmware.2-tkg.1 (the version with \"+\", not the TKR name with \"---\")",
      "sites/fleet.yaml: rings.production.tkgVersion: 'v1.25.13+vmware.1-tkg.1' has no photon node image in hub.contentLibrary.items, and the workload clusters of ring 'production' run it: edge41, edge52; allowed: a TKR version whose photon node OVA the library holds: v1.25.7+vmware.2-tkg.*, v1.24.10+vmware.1-tkg.* (or add its OVA to hub.contentLibrary.items, named photon-<os version>-kube-v1.25.13+vmware.1)",
      "sites/fleet.yaml: rings.production.clusterAutoscalerImage: 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.24.0_vmware.1' is the cluster-autoscaler of Kubernetes v1.24, but ring 'production' runs v1.25.13+vmware.1-tkg.1; allowed: the cluster-autoscaler image of v1.25",
      "sites/edge33.yaml: tkg.version: 'v1.27.5+vmware.1-tkg.1' has no photon node image in sites/fleet.yaml hub.contentLibrary.items, and this site's workload cluster runs it; allowed: a TKR version whose photon node OVA the library holds: v1.25.7+vmware.2-tkg.*, v1.24.10+vmware.1-tkg.* (or add its OVA to sites/fleet.yaml hub.contentLibrary.items, named photon-<os version>-kube-v1.27.5+vmware.1)",
      'sites/edge52.yaml: networks.vsan.vlan: 5000 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094',
    ],
  ],
  [
    'a trusted CA that is not a certificate',
    (c) => setPath(c.sites.edge33, 'tkg.trustedCAs', [{ name: 'corp-ca', certificate: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' }]),
    ["sites/edge33.yaml: tkg.trustedCAs[0].certificate: '-----BEGIN CERTIFICATE----- not base64 -----END CERTIFICA...' is not allowed; allowed: the CA certificate: one PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)"],
  ],
  [
    'two trusted CAs with one name',
    (c) => {
      const ca = (c.fleet.defaults?.tkg?.trustedCAs ?? [])[0];
      setPath(c.sites.edge33, 'tkg.trustedCAs', [ca, ca]);
    },
    ["sites/edge33.yaml: tkg.trustedCAs[1].name: 'fleet-ca' is also tkg.trustedCAs[0]; allowed: unique names"],
  ],
  [
    'a health-check timeout that is not a duration',
    (c) => setPath(c.fleet, 'defaults.tkg.machineHealthCheck.unknownStatusTimeout', '5 minutes'),
    ["sites/fleet.yaml: defaults.tkg.machineHealthCheck.unknownStatusTimeout: '5 minutes' is not allowed; allowed: a duration such as 5m"],
  ],
  [
    'no vCenter thumbprint (TKG would not verify vCenter)',
    (c) => setPath(c.fleet, 'vcenter.tlsThumbprint', undefined),
    ['sites/fleet.yaml: vcenter.tlsThumbprint: missing; required: the SHA-1 TLS thumbprint of vCenter as vCenter shows it: 20 upper-case hex bytes separated by ":"'],
  ],
  [
    'an unknown CNI',
    (c) => setPath(c.sites.edge33, 'tkg.cni', 'flannel'),
    ["sites/edge33.yaml: tkg.cni: 'flannel' is not allowed; allowed: antrea, calico"],
  ],
  // Files
  [
    'malformed YAML, with its line',
    (c) => {
      c.raw.edge41 = 'id: edge41\nring: production\nhosts:\n  - fqdn: esx01.edge41.tanzu.lab\n   thumbprint: x\n';
    },
    ['sites/edge41.yaml: line 5, column 1: malformed YAML: Sequence item without - indicator'],
  ],
  [
    'a duplicate key',
    (c) => {
      c.raw.edge41 = 'id: edge41\nid: edge42\n';
    },
    ["sites/edge41.yaml: line 2, column 1: malformed YAML: the key 'id' appears twice in this mapping (first at line 1, column 1); allowed: each key once per mapping"],
  ],
  [
    'an empty site file',
    (c) => {
      c.raw.edge41 = '# nothing yet\n';
    },
    ['sites/edge41.yaml: (document): the file is empty; allowed: a YAML mapping'],
  ],
  [
    'a site file that is a list',
    (c) => {
      c.raw.edge41 = '- edge41\n';
    },
    ['sites/edge41.yaml: (document): the file holds a list, not a YAML mapping; allowed: a mapping of keys to values'],
  ],
];

describe('catalog rejections', () => {
  test.each(cases)('%s', (_name, edit, expected) => {
    expect(problemsAfter(edit)).toEqual(expected);
  });
});

describe('node images: what the node-image rule accepts', () => {
  const passing: Array<[name: string, edit: (c: EditableCatalog) => void]> = [
    ['the default catalog', () => undefined],
    [
      'a ring upgraded to a TKR version whose node OVA was added to the library',
      (c) => {
        setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.25.13+vmware.1-tkg.1');
        c.fleet.hub.contentLibrary.items?.push({ name: 'photon-3-kube-v1.25.13+vmware.1', url: 'https://repo.hub.tanzu.lab/tkg/2.3/photon-3-kube-v1.25.13+vmware.1-tkg.1.ova' });
      },
    ],
    [
      'an item named with its TKG release and hash',
      (c) => setPath(c.fleet, 'hub.contentLibrary.items.0.name', 'photon-3-kube-v1.25.7+vmware.2-tkg.1-8a74b9f12e488c54605b3537acb683bc'),
    ],
    [
      'a ring without its node OVA whose sites are all in bootstrap (they have no workload cluster yet)',
      (c) => {
        setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.25.13+vmware.1-tkg.1');
        setPath(c.sites.edge33, 'phase', 'bootstrap');
      },
    ],
    ['a bootstrap site pinned to a TKR version without its node OVA', (c) => setPath(c.sites.edge60, 'tkg.version', 'v1.25.13+vmware.1-tkg.1')],
    [
      'a ring without its node OVA whose built sites all pin a version the library holds',
      (c) => {
        setPath(c.fleet, 'rings.canary.tkgVersion', 'v1.25.13+vmware.1-tkg.1');
        setPath(c.sites.edge33, 'tkg.version', 'v1.25.7+vmware.2-tkg.1');
      },
    ],
    [
      'an Ubuntu site with an Ubuntu OVA of its version in the library',
      (c) => {
        setPath(c.sites.edge41, 'tkg.os', { name: 'ubuntu', version: '20.04' });
        c.fleet.hub.contentLibrary.items?.push({ name: 'ubuntu-2004-efi-kube-v1.24.10+vmware.1', url: 'https://repo.hub.tanzu.lab/tkg/2.2/ubuntu-2004-kube-v1.24.10+vmware.1-tkg.1.ova' });
      },
    ],
  ];
  test.each(passing)('%s', (_name, edit) => {
    expect(problemsAfter(edit)).toEqual([]);
  });
});

describe('witness route: what the rule accepts', () => {
  test.each([
    ['a vSAN gateway (every site of the default catalog)', () => undefined],
    [
      'a witness inside the vSAN network needs no gateway',
      (c: EditableCatalog) => {
        setPath(c.sites.edge33, 'networks.vsan', { vlan: 332, cidr: '10.33.2.0/24' });
        setPath(c.fleet, 'hub.witnesses.0.address', '10.33.2.200/24');
        setPath(c.fleet, 'hub.witnesses.0.gateway', '10.33.2.1');
        // The other sites still reach it through their vSAN gateways.
      },
    ],
  ] as Array<[string, (c: EditableCatalog) => void]>)('%s', (_name, edit) => {
    expect(problemsAfter(edit)).toEqual([]);
  });
});
