/**
 * Values a copied site file or host entry repeats that must differ. Before, each case
 * of the first table was accepted without a word; the second table shows the repeats
 * that existing rules already refused, so no rule of this file repeats them.
 */
import { EditableCatalog, problemsAfter, setPath } from '../support/catalog';

type Case = [name: string, edit: (c: EditableCatalog) => void, expected: string[]];

const EDGE33_ESX01 = '2F:ED:45:8A:9A:62:02:F2:5F:18:6A:52:E6:4A:16:C5:B7:7C:27:3D';
const EDGE33_ESX02 = '91:E8:2A:58:48:51:4D:F4:F5:72:B9:9E:67:1D:D3:B2:AB:C6:F6:5B';
const WITNESS_01 = '5C:1A:7E:0B:93:44:D2:6F:18:A0:3B:C9:72:E5:4D:8F:61:B7:2A:90';
const HOW = 'openssl s_client -connect <host>:443 </dev/null | openssl x509 -noout -fingerprint -sha1';
const OWN_VLAN = 'allowed: a VLAN of its own (management, vmotion, vsan and tkg each keep their traffic in a broadcast domain of their own)';
const ISOLATION = 'allowed: an address outside the hosts that answers pings, such as the vSAN gateway (the default)';
const DISK = 'allowed: a disk of this host (a naa. or eui. name identifies one device worldwide: esxcli storage core device list)';

const refused: Case[] = [
  // Thumbprints: each pins one certificate; vCenter refuses a host whose certificate differs.
  [
    'the two hosts of a site with one thumbprint',
    (c) => setPath(c.sites.edge33, 'hosts.1.thumbprint', EDGE33_ESX01),
    [`sites/edge33.yaml: hosts[1].thumbprint: '${EDGE33_ESX01}' is also the thumbprint of hosts[0] (esx01.edge33.tanzu.lab); allowed: the SHA-1 thumbprint of esx02.edge33.tanzu.lab's own certificate (${HOW})`],
  ],
  [
    'a host with the thumbprint of a host of another site (a copied site file)',
    (c) => setPath(c.sites.edge41, 'hosts.0.thumbprint', EDGE33_ESX02),
    [`sites/edge41.yaml: hosts[0].thumbprint: '${EDGE33_ESX02}' is also the thumbprint of hosts[1] (esx02.edge33.tanzu.lab) in sites/edge33.yaml; allowed: the SHA-1 thumbprint of esx01.edge41.tanzu.lab's own certificate (${HOW})`],
  ],
  [
    'a host with the thumbprint of a witness',
    (c) => setPath(c.sites.edge60, 'hosts.1.thumbprint', WITNESS_01),
    [`sites/edge60.yaml: hosts[1].thumbprint: '${WITNESS_01}' is also the thumbprint of witness 'witness-01' (hub.witnesses[0]) in sites/fleet.yaml; allowed: the SHA-1 thumbprint of esx02.edge60.tanzu.lab's own certificate (${HOW})`],
  ],
  [
    "a witness with vCenter's thumbprint",
    (c) => setPath(c.fleet, 'hub.witnesses.0.thumbprint', c.fleet.vcenter.tlsThumbprint),
    [
      "sites/fleet.yaml: hub.witnesses[0].thumbprint: '3A:6F:91:0C:B2:47:E8:15:D4:9C:60:2B:7F:A3:58:E1:0D:C6:94:2F' is also the thumbprint of vCenter (vcenter.tlsThumbprint); allowed: the SHA-1 thumbprint of witness 'witness-01''s own certificate (" + HOW + ')',
    ],
  ],
  // Disks: naa. and eui. names are worldwide; the same one on two hosts is a copied entry.
  [
    'the same disk on both hosts of a site',
    (c) => setPath(c.sites.edge33, 'hosts.1.diskGroups.0.cache', 'naa.55cd2e414f8d8b5a'),
    [`sites/edge33.yaml: hosts[1].diskGroups[0].cache: naa.55cd2e414f8d8b5a is also hosts[0].diskGroups[0].cache; ${DISK}`],
  ],
  [
    'a disk of a host of another site',
    (c) => setPath(c.sites.edge52, 'hosts.0.diskGroups.0.capacity.2', 'naa.55cd2e414f8d9c02'),
    [`sites/edge52.yaml: hosts[0].diskGroups[0].capacity[2]: naa.55cd2e414f8d9c02 is also hosts[0].diskGroups[0].capacity[1] of sites/edge33.yaml; ${DISK}`],
  ],
  // VLANs: each network of a site is its own port group and broadcast domain.
  ['two networks of a site on one VLAN', (c) => setPath(c.sites.edge33, 'networks.vsan.vlan', 331), [`sites/edge33.yaml: networks.vsan.vlan: 331 is also the VLAN of networks.vmotion; ${OWN_VLAN}`]],
  [
    'three networks of a site on one VLAN',
    (c) => {
      setPath(c.sites.edge41, 'networks.vmotion.vlan', 410);
      setPath(c.sites.edge41, 'networks.tkg.vlan', 410);
    },
    [`sites/edge41.yaml: networks.vmotion.vlan: 410 is also the VLAN of networks.management; ${OWN_VLAN}`, `sites/edge41.yaml: networks.tkg.vlan: 410 is also the VLAN of networks.management; ${OWN_VLAN}`],
  ],
  [
    'two untagged networks (VLAN 0 is no exception: both land in the native VLAN)',
    (c) => {
      setPath(c.sites.edge33, 'networks.management.vlan', 0);
      setPath(c.sites.edge33, 'networks.tkg.vlan', 0);
    },
    ["sites/edge33.yaml: networks.tkg.vlan: 0 (untagged) is also the VLAN of networks.management; allowed: a VLAN of its own: untagged port groups all land in the uplinks' native VLAN, one broadcast domain"],
  ],
  // HA isolation address: a host that pings its own adapter is never isolated.
  [
    "an HA isolation address that is a host's derived vSAN address",
    (c) => setPath(c.sites.edge33, 'cluster.ha.isolationAddress', '10.33.2.11'),
    [`sites/edge33.yaml: cluster.ha.isolationAddress: 10.33.2.11 is the vsan VMkernel address of hosts[0] (derived), and a host that pings its own adapter never finds itself isolated; ${ISOLATION}`],
  ],
  [
    "an HA isolation address that is a host's own vMotion address",
    (c) => {
      setPath(c.sites.edge33, 'hosts.1.addresses', { vmotion: '10.33.1.50' });
      setPath(c.sites.edge33, 'cluster.ha.isolationAddress', '10.33.1.50');
    },
    [`sites/edge33.yaml: cluster.ha.isolationAddress: 10.33.1.50 is the vmotion VMkernel address of hosts[1], and a host that pings its own adapter never finds itself isolated; ${ISOLATION}`],
  ],
  [
    'an HA isolation address from fleet.yaml that is a host address of one site',
    (c) => setPath(c.fleet, 'defaults.cluster.ha.isolationAddress', '10.41.1.76'),
    [`sites/edge41.yaml: cluster.ha.isolationAddress (inherited from fleet.yaml defaults): 10.41.1.76 is the vsan VMkernel address of hosts[1] (derived), and a host that pings its own adapter never finds itself isolated; ${ISOLATION}`],
  ],
];

const accepted: Array<[name: string, edit: (c: EditableCatalog) => void]> = [
  ['one untagged network with the others tagged', (c) => setPath(c.sites.edge33, 'networks.management.vlan', 0)],
  ['the same VLANs at two sites (each site has its own switches)', (c) => setPath(c.sites.edge41, 'networks', { ...c.sites.edge41.networks, vsan: { ...c.sites.edge41.networks.vsan, vlan: 332 } })],
  ['an HA isolation address outside the hosts', (c) => setPath(c.sites.edge33, 'cluster.ha.isolationAddress', '10.33.2.254')],
  [
    'mpx. and t10. names repeated on two hosts (they name a path or model, not one device)',
    (c) => {
      setPath(c.sites.edge33, 'hosts.0.diskGroups', [{ cache: 'mpx.vmhba0:C0:T1:L0', capacity: ['t10.ATA_Samsung_SSD_870_S5Y1'] }]);
      setPath(c.sites.edge33, 'hosts.1.diskGroups', [{ cache: 'mpx.vmhba0:C0:T1:L0', capacity: ['t10.ATA_Samsung_SSD_870_S5Y1'] }]);
    },
  ],
];

/** Repeats that rules of validate.ts refused before this file existed: its rules leave them alone. */
const alreadyRefused: Case[] = [
  [
    'two sites with the same control-plane endpoint (their TKG networks cannot overlap)',
    (c) => setPath(c.sites.edge41, 'tkg.controlPlane.endpoint', '10.33.3.10'),
    ['sites/edge41.yaml: tkg.controlPlane.endpoint: 10.33.3.10 is outside networks.tkg.cidr 10.41.2.0/24; allowed: a host address inside networks.tkg.cidr 10.41.2.0/24'],
  ],
  [
    'a VMkernel address equal to its gateway',
    (c) => {
      setPath(c.sites.edge33, 'networks.vmotion.gateway', '10.33.1.1');
      setPath(c.sites.edge33, 'hosts.0.addresses', { vmotion: '10.33.1.1' });
    },
    ['sites/edge33.yaml: hosts[0].addresses.vmotion: 10.33.1.1 is already the gateway of networks.vmotion; allowed: a free host address in 10.33.1.0/24'],
  ],
  [
    'the two hosts on one VMkernel address',
    (c) => {
      setPath(c.sites.edge33, 'hosts.0.addresses', { vsan: '10.33.2.12' });
    },
    ['sites/edge33.yaml: hosts[1].addresses.vsan: 10.33.2.12 (derived) is already the vsan address of hosts[0]; allowed: a free host address in 10.33.2.0/24'],
  ],
  [
    'the control-plane endpoint on the TKG gateway',
    (c) => setPath(c.sites.edge33, 'tkg.controlPlane.endpoint', '10.33.3.1'),
    ['sites/edge33.yaml: tkg.controlPlane.endpoint: 10.33.3.1 is the gateway of networks.tkg; allowed: a free host address in 10.33.3.0/24 reserved for kube-vip'],
  ],
  [
    'the ingress address on the control-plane endpoint',
    (c) => setPath(c.sites.edge33, 'ingress.address', '10.33.3.10'),
    ['sites/edge33.yaml: ingress.address: 10.33.3.10 is already tkg.controlPlane.endpoint; allowed: a free address in networks.tkg for Envoy'],
  ],
  [
    'the ingress address on the broadcast address of the TKG network',
    (c) => setPath(c.sites.edge33, 'ingress.address', '10.33.3.255'),
    ['sites/edge33.yaml: ingress.address: 10.33.3.255 is the network or broadcast address of networks.tkg.cidr 10.33.3.0/24; allowed: a host address inside networks.tkg.cidr 10.33.3.0/24'],
  ],
];

describe('values that must differ', () => {
  test.each(refused)('%s', (_name, edit, expected) => {
    expect(problemsAfter(edit)).toEqual(expected);
  });
  test.each(accepted)('accepted: %s', (_name, edit) => {
    expect(problemsAfter(edit)).toEqual([]);
  });
  test.each(alreadyRefused)('already refused before: %s', (_name, edit, expected) => {
    expect(problemsAfter(edit)).toEqual(expected);
  });
});
