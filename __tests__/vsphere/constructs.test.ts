/**
 * The vSphere constructs on their own: what they synthesize with their defaults, with
 * options, and every input they refuse.
 */
import { EdgeNetwork, EdgeNetworkProps } from '../../constructs/vsphere/edge-network';
import { EsxiHosts, EsxiHostsProps } from '../../constructs/vsphere/esxi-hosts';
import { TwoNodeVsanCluster, TwoNodeVsanClusterProps } from '../../constructs/vsphere/two-node-vsan-cluster';
import { all, only, synthJson, testStack } from '../support/stack';

const T1 = '2F:ED:45:8A:9A:62:02:F2:5F:18:6A:52:E6:4A:16:C5:B7:7C:27:3D';
const T2 = '91:E8:2A:58:48:51:4D:F4:F5:72:B9:9E:67:1D:D3:B2:AB:C6:F6:5B';

describe('EsxiHosts', () => {
  const props: EsxiHostsProps = {
    datacenterId: 'datacenter-1',
    hosts: [
      { fqdn: 'esx01.site.example', thumbprint: T1 },
      { fqdn: 'esx02.site.example', thumbprint: T2 },
    ],
    password: '${var.esxi_password}',
  };

  test('defaults: root, lockdown normal, pinned thumbprints, cluster-managed, no NTP block', () => {
    const stack = testStack();
    new EsxiHosts(stack, 'hosts', props);
    const hosts = Object.values(all(synthJson(stack), 'vsphere_host'));
    expect(hosts).toHaveLength(2);
    expect(hosts[0]).toMatchObject({ hostname: 'esx01.site.example', username: 'root', password: '${var.esxi_password}', thumbprint: T1, datacenter: 'datacenter-1', cluster_managed: true, lockdown: 'normal' });
    expect(hosts[1]).toMatchObject({ hostname: 'esx02.site.example', thumbprint: T2 });
    expect(hosts[0]).not.toHaveProperty('services');
  });

  test('NTP servers turn on the NTP service', () => {
    const stack = testStack();
    new EsxiHosts(stack, 'hosts', { ...props, lockdown: 'strict', ntpServers: ['ntp1.example'] });
    expect(Object.values(all(synthJson(stack), 'vsphere_host'))[0]).toMatchObject({ lockdown: 'strict', services: [{ ntpd: { enabled: true, policy: 'on', ntp_servers: ['ntp1.example'] } }] });
  });

  test('refuses a bad thumbprint, a bad host name and the same host twice, all at once', () => {
    expect(() => new EsxiHosts(testStack(), 'hosts', { ...props, hosts: [{ fqdn: 'ESX01', thumbprint: 'ab:cd' }, { fqdn: 'ESX01', thumbprint: T2 }] })).toThrow(
      [
        "EsxiHosts 'test/hosts': hosts[0].fqdn: 'ESX01' is not allowed; allowed: a lower-case fully qualified domain name",
        "EsxiHosts 'test/hosts': hosts[0].thumbprint: 'ab:cd' is not allowed; allowed: a SHA-1 thumbprint, 20 upper-case hex bytes separated by \":\"",
        "EsxiHosts 'test/hosts': hosts[1].fqdn: 'ESX01' is not allowed; allowed: a lower-case fully qualified domain name",
        "EsxiHosts 'test/hosts': hosts[1].fqdn: 'ESX01' is also hosts[0]; allowed: two different hosts",
      ].join('\n'),
    );
  });

  test('refuses an empty user name', () => {
    expect(() => new EsxiHosts(testStack(), 'hosts', { ...props, username: '' })).toThrow("EsxiHosts 'test/hosts': username: '' is not allowed; allowed: an ESXi user name");
  });
});

describe('EdgeNetwork', () => {
  const props: EdgeNetworkProps = {
    switchName: 'site-vds01',
    datacenterId: 'datacenter-1',
    hosts: [
      { hostId: 'host-1', nics: ['vmnic2', 'vmnic3'], addresses: { vsan: '10.0.2.11', vmotion: '10.0.1.11' } },
      { hostId: 'host-2', nics: ['vmnic2', 'vmnic3'], addresses: { vsan: '10.0.2.12', vmotion: '10.0.1.12' } },
    ],
    networks: {
      management: { portGroup: 'site-vds01-mgmt', vlan: 10, cidr: '10.0.0.0/24' },
      vmotion: { portGroup: 'site-vds01-vmotion', vlan: 11, cidr: '10.0.1.0/24' },
      vsan: { portGroup: 'site-vds01-vsan', vlan: 12, cidr: '10.0.2.0/24', mtu: 9000 },
      tkg: { portGroup: 'site-vds01-tkg', vlan: 13, cidr: '10.0.3.0/24' },
    },
  };

  test('a switch with two uplinks on both hosts, sized for the largest MTU', () => {
    const stack = testStack();
    new EdgeNetwork(stack, 'network', props);
    expect(only(synthJson(stack), 'vsphere_distributed_virtual_switch')).toMatchObject({
      name: 'site-vds01',
      datacenter_id: 'datacenter-1',
      uplinks: ['uplink1', 'uplink2'],
      active_uplinks: ['uplink1', 'uplink2'],
      host: [
        { host_system_id: 'host-1', devices: ['vmnic2', 'vmnic3'] },
        { host_system_id: 'host-2', devices: ['vmnic2', 'vmnic3'] },
      ],
      max_mtu: 9000,
      link_discovery_protocol: 'lldp',
      link_discovery_operation: 'listen',
    });
  });

  test('four port groups with their VLANs on the switch', () => {
    const stack = testStack();
    new EdgeNetwork(stack, 'network', props);
    const groups = Object.values(all(synthJson(stack), 'vsphere_distributed_port_group')).map((g) => [g.name, g.vlan_id, g.distributed_virtual_switch_uuid]);
    expect(groups.sort()).toEqual([
      ['site-vds01-mgmt', 10, expect.stringMatching(/^\$\{vsphere_distributed_virtual_switch\.network_switch_[0-9A-F]+\.id\}$/)],
      ['site-vds01-tkg', 13, expect.any(String)],
      ['site-vds01-vmotion', 11, expect.any(String)],
      ['site-vds01-vsan', 12, expect.any(String)],
    ]);
  });

  test('a vSAN and a vMotion VMkernel adapter per host with static addresses', () => {
    const stack = testStack();
    const network = new EdgeNetwork(stack, 'network', props);
    const vnics = Object.values(all(synthJson(stack), 'vsphere_vnic')).map((v) => [v.host, (v.ipv4 as { ip: string }).ip, (v.ipv4 as { netmask: string }).netmask, v.mtu, v.services, v.netstack]);
    expect(vnics.sort()).toEqual([
      ['host-1', '10.0.1.11', '255.255.255.0', 1500, ['vmotion'], 'defaultTcpipStack'],
      ['host-1', '10.0.2.11', '255.255.255.0', 9000, ['vsan'], 'defaultTcpipStack'],
      ['host-2', '10.0.1.12', '255.255.255.0', 1500, ['vmotion'], 'defaultTcpipStack'],
      ['host-2', '10.0.2.12', '255.255.255.0', 9000, ['vsan'], 'defaultTcpipStack'],
    ]);
    expect(network.vsanAdapters).toHaveLength(2);
  });

  test('with a vSAN gateway, the vSAN adapters route through it (the path to a witness on another network); vMotion adapters get none', () => {
    const stack = testStack();
    new EdgeNetwork(stack, 'network', { ...props, networks: { ...props.networks, vsan: { ...props.networks.vsan, gateway: '10.0.2.1' }, vmotion: { ...props.networks.vmotion, gateway: '10.0.1.1' } } });
    const vnics = Object.values(all(synthJson(stack), 'vsphere_vnic')).map((v) => [(v.services as string[])[0], v.ipv4]);
    expect(vnics.sort()).toEqual([
      ['vmotion', { ip: '10.0.1.11', netmask: '255.255.255.0' }],
      ['vmotion', { ip: '10.0.1.12', netmask: '255.255.255.0' }],
      ['vsan', { ip: '10.0.2.11', netmask: '255.255.255.0', gw: '10.0.2.1' }],
      ['vsan', { ip: '10.0.2.12', netmask: '255.255.255.0', gw: '10.0.2.1' }],
    ]);
  });

  test('refuses a vSAN gateway outside the vSAN network or on an adapter address', () => {
    const withGateway = (gateway: string) => ({ ...props, networks: { ...props.networks, vsan: { ...props.networks.vsan, gateway } } });
    expect(() => new EdgeNetwork(testStack(), 'network', withGateway('10.0.3.1'))).toThrow(
      "EdgeNetwork 'test/network': networks.vsan.gateway: '10.0.3.1' is not allowed; allowed: a host address in 10.0.2.0/24 that no adapter uses",
    );
    expect(() => new EdgeNetwork(testStack(), 'network', withGateway('10.0.2.12'))).toThrow(
      "EdgeNetwork 'test/network': networks.vsan.gateway: '10.0.2.12' is not allowed; allowed: a host address in 10.0.2.0/24 that no adapter uses",
    );
  });

  test('CDP instead of LLDP', () => {
    const stack = testStack();
    new EdgeNetwork(stack, 'network', { ...props, discoveryProtocol: 'cdp' });
    expect(only(synthJson(stack), 'vsphere_distributed_virtual_switch')).toMatchObject({ link_discovery_protocol: 'cdp' });
  });

  test('refuses bad VLANs, MTUs, CIDRs, NICs and addresses', () => {
    const bad: EdgeNetworkProps = {
      ...props,
      hosts: [
        { hostId: 'host-1', nics: ['vmnic2', 'vmnic2'], addresses: { vsan: '10.0.9.11', vmotion: '10.0.1.11' } },
        { hostId: 'host-2', nics: ['vmnic2', 'vmnic3'], addresses: { vsan: '10.0.2.12', vmotion: '10.0.1.11' } },
      ],
      networks: { ...props.networks, management: { portGroup: 'm', vlan: 4095, cidr: '10.0.0.1/24', mtu: 9216 } },
    };
    expect(() => new EdgeNetwork(testStack(), 'network', bad)).toThrow(
      [
        "EdgeNetwork 'test/network': networks.management.vlan: 4095 is not allowed; allowed: an integer from 0 to 4094",
        "EdgeNetwork 'test/network': networks.management.mtu: 9216 is not allowed; allowed: an integer from 1280 to 9000",
        "EdgeNetwork 'test/network': networks.management.cidr: '10.0.0.1/24' is not allowed; allowed: an IPv4 network address in CIDR notation",
        "EdgeNetwork 'test/network': hosts[0].nics: vmnic2 is given twice; allowed: two different NICs, one per uplink",
        "EdgeNetwork 'test/network': hosts[0].addresses.vsan: '10.0.9.11' is not allowed; allowed: a host address in 10.0.2.0/24",
        "EdgeNetwork 'test/network': hosts[1].addresses.vmotion: 10.0.1.11 is also the address of hosts[0]; allowed: a different address",
      ].join('\n'),
    );
  });
});

describe('TwoNodeVsanCluster', () => {
  const props: TwoNodeVsanClusterProps = { name: 'site-Cloud', datacenterId: 'datacenter-1', hostIds: ['host-1', 'host-2'], witnessHostId: 'host-99' };

  test('defaults: vSAN OSA stretched over two fault domains with the witness outside, HA tolerating one host, DRS', () => {
    const stack = testStack();
    new TwoNodeVsanCluster(stack, 'cluster', props);
    const cluster = only(synthJson(stack), 'vsphere_compute_cluster');
    expect(cluster).toMatchObject({
      name: 'site-Cloud',
      datacenter_id: 'datacenter-1',
      host_system_ids: ['host-1', 'host-2'],
      vsan_enabled: true,
      vsan_dedup_enabled: false,
      vsan_compression_enabled: false,
      vsan_unmap_enabled: true,
      vsan_performance_enabled: true,
      vsan_stretched_cluster: {
        preferred_fault_domain_host_ids: ['host-1'],
        secondary_fault_domain_host_ids: ['host-2'],
        witness_node: 'host-99',
        preferred_fault_domain_name: 'Preferred',
        secondary_fault_domain_name: 'Secondary',
      },
      ha_enabled: true,
      ha_host_monitoring: 'enabled',
      ha_admission_control_policy: 'resourcePercentage',
      ha_admission_control_host_failure_tolerance: 1,
      ha_admission_control_resource_percentage_auto_compute: true,
      ha_host_isolation_response: 'powerOff',
      ha_vm_component_protection: 'disabled',
      ha_advanced_options: { 'das.ignoreInsufficientHbDatastore': 'true' },
      drs_enabled: true,
      drs_automation_level: 'fullyAutomated',
      drs_migration_threshold: 3,
    });
    expect(cluster).not.toHaveProperty('vsan_disk_group');
    expect(cluster).not.toHaveProperty('vsan_fault_domains');
    // vsphere 2.15: vsan_esa_enabled ConflictsWith vsan_dedup_enabled and
    // vsan_compression_enabled whenever both keys are set, whatever their values, so
    // terraform validate refuses `vsan_esa_enabled = false` beside them (default false).
    expect(cluster).not.toHaveProperty('vsan_esa_enabled');
  });

  test('HA off (first enablement of vSAN) carries no HA settings', () => {
    const stack = testStack();
    new TwoNodeVsanCluster(stack, 'cluster', { ...props, ha: { enabled: false } });
    const cluster = only(synthJson(stack), 'vsphere_compute_cluster');
    expect(cluster.ha_enabled).toBe(false);
    expect(Object.keys(cluster).filter((k) => k.startsWith('ha_') && k !== 'ha_enabled')).toEqual([]);
    expect(cluster.vsan_enabled).toBe(true);
  });

  test('an isolation address on the vSAN network replaces the default one', () => {
    const stack = testStack();
    new TwoNodeVsanCluster(stack, 'cluster', { ...props, ha: { isolationAddress: '10.0.2.1' } });
    expect(only(synthJson(stack), 'vsphere_compute_cluster').ha_advanced_options).toEqual({
      'das.ignoreInsufficientHbDatastore': 'true',
      'das.usedefaultisolationaddress': 'false',
      'das.isolationaddress0': '10.0.2.1',
    });
  });

  test('OSA disk groups of both hosts are claimed', () => {
    const stack = testStack();
    new TwoNodeVsanCluster(stack, 'cluster', { ...props, diskGroups: [[{ cache: 'naa.1', capacity: ['naa.2', 'naa.3'] }], [{ cache: 'naa.4', capacity: ['naa.5'] }]] });
    expect(only(synthJson(stack), 'vsphere_compute_cluster').vsan_disk_group).toEqual([
      { cache: 'naa.1', storage: ['naa.2', 'naa.3'] },
      { cache: 'naa.4', storage: ['naa.5'] },
    ]);
  });

  test('ESA: no deduplication or compression keys, UNMAP on', () => {
    const stack = testStack();
    new TwoNodeVsanCluster(stack, 'cluster', { ...props, vsan: { architecture: 'esa' } });
    const cluster = only(synthJson(stack), 'vsphere_compute_cluster');
    expect(cluster).toMatchObject({ vsan_esa_enabled: true, vsan_unmap_enabled: true });
    expect(cluster).not.toHaveProperty('vsan_dedup_enabled');
    expect(cluster).not.toHaveProperty('vsan_compression_enabled');
  });

  test('DRS off leaves out its settings', () => {
    const stack = testStack();
    new TwoNodeVsanCluster(stack, 'cluster', { ...props, drs: { enabled: false } });
    const cluster = only(synthJson(stack), 'vsphere_compute_cluster');
    expect(cluster.drs_enabled).toBe(false);
    expect(cluster).not.toHaveProperty('drs_automation_level');
  });

  test('waits for what vSAN needs', () => {
    const stack = testStack();
    const network = new EdgeNetwork(stack, 'network', {
      switchName: 's',
      datacenterId: 'dc',
      hosts: [
        { hostId: 'host-1', nics: ['vmnic2', 'vmnic3'], addresses: { vsan: '10.0.2.11', vmotion: '10.0.1.11' } },
        { hostId: 'host-2', nics: ['vmnic2', 'vmnic3'], addresses: { vsan: '10.0.2.12', vmotion: '10.0.1.12' } },
      ],
      networks: {
        management: { portGroup: 'a', vlan: 1, cidr: '10.0.0.0/24' },
        vmotion: { portGroup: 'b', vlan: 2, cidr: '10.0.1.0/24' },
        vsan: { portGroup: 'c', vlan: 3, cidr: '10.0.2.0/24' },
        tkg: { portGroup: 'd', vlan: 4, cidr: '10.0.3.0/24' },
      },
    });
    new TwoNodeVsanCluster(stack, 'cluster', { ...props, dependsOn: network.vsanAdapters });
    expect(only(synthJson(stack), 'vsphere_compute_cluster').depends_on).toEqual([
      expect.stringMatching(/^vsphere_vnic\.network_vsan-preferred_/),
      expect.stringMatching(/^vsphere_vnic\.network_vsan-secondary_/),
    ]);
  });

  test.each<[string, Partial<TwoNodeVsanClusterProps>, string]>([
    ['ESA with deduplication', { vsan: { architecture: 'esa', deduplication: true } }, 'vsan.deduplication: true is not allowed with architecture esa; allowed: false (ESA has no deduplication setting; the provider refuses it)'],
    ['ESA with compression', { vsan: { architecture: 'esa', compression: true } }, 'vsan.compression: true is not allowed with architecture esa; allowed: false (ESA always compresses; the provider refuses the setting)'],
    ['ESA without UNMAP', { vsan: { architecture: 'esa', unmap: false } }, 'vsan.unmap: false is not allowed with architecture esa; allowed: true (the provider requires UNMAP with ESA)'],
    ['deduplication without compression', { vsan: { deduplication: true, compression: false } }, 'vsan.compression: false is not allowed with deduplication true; allowed: true (vSAN deduplication requires compression)'],
    ['ESA with disk groups', { vsan: { architecture: 'esa' }, diskGroups: [[{ cache: 'naa.1', capacity: ['naa.2'] }], []] }, 'diskGroups[0]: disk groups are not allowed with architecture esa'],
    ['a device used twice', { diskGroups: [[{ cache: 'naa.1', capacity: ['naa.2', 'naa.1'] }], []] }, 'diskGroups[0][0].capacity[1]: naa.1 is also diskGroups[0][0].cache; allowed: each device in one place only'],
    ['eight capacity devices', { diskGroups: [[{ cache: 'naa.0', capacity: ['1', '2', '3', '4', '5', '6', '7', '8'].map((n) => `naa.${n}`) }], []] }, 'diskGroups[0][0].capacity: 8 devices is not allowed; allowed: 1 to 7 capacity devices per disk group'],
    ['a DRS threshold of 6', { drs: { migrationThreshold: 6 } }, 'drs.migrationThreshold: 6 is not allowed; allowed: an integer from 1 to 5'],
    ['a bad isolation address', { ha: { isolationAddress: '10.0.2' } }, "ha.isolationAddress: '10.0.2' is not allowed; allowed: an IPv4 address"],
    ['the same fault domain name twice', { faultDomainNames: ['A', 'A'] }, "faultDomainNames: 'A' twice is not allowed; allowed: two different names"],
  ])('refuses %s', (_name, change, message) => {
    expect(() => new TwoNodeVsanCluster(testStack(), 'cluster', { ...props, ...change })).toThrow(`TwoNodeVsanCluster 'test/cluster': ${message}`);
  });
});
