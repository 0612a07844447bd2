/**
 * The vSphere side of the site stacks and the hub, as the default catalog
 * synthesizes it, including the pinned addresses of stateful resources: changing one
 * of them makes Terraform destroy and recreate the object.
 */
import { sampleFleet } from '../support/catalog';
import { all, only } from '../support/stack';
import { TerraformJson, buildStacks, stackJson } from '../support/synth';

const fleet = sampleFleet();
const stacks = buildStacks(fleet);
const json: Record<string, TerraformJson> = Object.fromEntries([stacks.hub, ...stacks.sites].map((s) => [s.node.id, stackJson(s)]));
const addresses = (j: TerraformJson, kind: 'resource' | 'data' = 'resource') =>
  Object.entries(j[kind] ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${kind === 'data' ? 'data.' : ''}${type}.${name}`)).sort();

describe('edge33 (active)', () => {
  const edge33 = json.edge33;

  test('stateful resources keep their addresses', () => {
    expect(addresses(edge33).filter((a) => /vsphere_(datacenter|host|compute_cluster|distributed_virtual_switch|content_library)\./.test(a))).toEqual([
      'vsphere_compute_cluster.cluster_A4C38409',
      'vsphere_content_library.content-library_789E1319',
      'vsphere_datacenter.datacenter',
      'vsphere_distributed_virtual_switch.network_switch_3359AC00',
      'vsphere_host.hosts_preferred_5A5BA506',
      'vsphere_host.hosts_secondary_8506F3ED',
    ]);
  });

  test('no data source waits on a managed resource through depends_on, so lookups happen at plan time', () => {
    // Terraform defers a data source with depends_on to apply whenever a resource it
    // depends on has a pending change. A deferred datastore lookup left the content
    // library's ForceNew storage_backing unknown (a planned replacement, which
    // prevent_destroy turns into a failed plan on every cluster edit), and let the
    // bootstrap-to-active plan pass without the renamed datastore.
    for (const site of ['edge33', 'edge41', 'edge52']) {
      const withDependsOn = Object.entries(json[site].data ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName).filter(([, body]) => 'depends_on' in body).map(([name]) => `data.${type}.${name}`),
      );
      expect([site, withDependsOn]).toEqual([site, []]);
    }
  });

  test('the vSAN adapters route witness traffic to the hub through the vSAN gateway; HA tests isolation on it', () => {
    const vsan = Object.values(all(edge33, 'vsphere_vnic')).filter((v) => (v.services as string[]).includes('vsan'));
    expect(vsan.map((v) => v.ipv4)).toEqual([
      { ip: '10.33.2.11', netmask: '255.255.255.0', gw: '10.33.2.1' },
      { ip: '10.33.2.12', netmask: '255.255.255.0', gw: '10.33.2.1' },
    ]);
    expect(only(edge33, 'vsphere_compute_cluster').ha_advanced_options).toMatchObject({ 'das.isolationaddress0': '10.33.2.1', 'das.usedefaultisolationaddress': 'false' });
  });

  test('the datacenter and two hosts added by FQDN with pinned thumbprints and lockdown', () => {
    expect(only(edge33, 'vsphere_datacenter')).toMatchObject({ name: 'edge33-dc' });
    const hosts = Object.values(all(edge33, 'vsphere_host'));
    expect(hosts.map((h) => [h.hostname, h.thumbprint, h.lockdown, h.password])).toEqual([
      ['esx01.edge33.tanzu.lab', '2F:ED:45:8A:9A:62:02:F2:5F:18:6A:52:E6:4A:16:C5:B7:7C:27:3D', 'normal', '${var.esxi_password}'],
      ['esx02.edge33.tanzu.lab', '91:E8:2A:58:48:51:4D:F4:F5:72:B9:9E:67:1D:D3:B2:AB:C6:F6:5B', 'normal', '${var.esxi_password}'],
    ]);
    expect(edge33.variable?.esxi_password).toMatchObject({ sensitive: true });
  });

  test('one vSAN cluster, stretched with the hub witness found by name', () => {
    const cluster = only(edge33, 'vsphere_compute_cluster');
    expect(cluster).toMatchObject({ name: 'edge33-Cloud', vsan_enabled: true, ha_enabled: true, datacenter_id: '${vsphere_datacenter.datacenter.moid}' });
    const witness = only(edge33, 'vsphere_host', 'data');
    expect(witness).toMatchObject({ name: 'witness-01.hub.tanzu.lab', datacenter_id: expect.stringMatching(/^\$\{data\.vsphere_datacenter\.hub_datacenter_/) });
    expect(only(edge33, 'vsphere_datacenter', 'data')).toMatchObject({ name: 'hub-dc' });
    expect((cluster.vsan_stretched_cluster as { witness_node: string }).witness_node).toMatch(/^\$\{data\.vsphere_host\.hub_witness_[0-9A-F]+\.id\}$/);
    expect(cluster.vsan_disk_group).toHaveLength(2);
  });

  test('the switch, four port groups with the catalog VLANs, four VMkernel adapters', () => {
    expect(only(edge33, 'vsphere_distributed_virtual_switch')).toMatchObject({ name: 'edge33-vds01', uplinks: ['uplink1', 'uplink2'] });
    expect(Object.values(all(edge33, 'vsphere_distributed_port_group')).map((g) => [g.name, g.vlan_id]).sort()).toEqual([
      ['edge33-vds01-mgmt', 330],
      ['edge33-vds01-tkg', 333],
      ['edge33-vds01-vmotion', 331],
      ['edge33-vds01-vsan', 332],
    ]);
    expect(Object.values(all(edge33, 'vsphere_vnic')).map((v) => [(v.ipv4 as { ip: string }).ip, v.services]).sort()).toEqual([
      ['10.33.1.11', ['vmotion']],
      ['10.33.1.12', ['vmotion']],
      ['10.33.2.11', ['vsan']],
      ['10.33.2.12', ['vsan']],
    ]);
  });

  test('folder, resource pool, storage policy, renamed datastore and the subscribed library', () => {
    expect(only(edge33, 'vsphere_folder', 'data')).toMatchObject({ path: '/edge33-dc/vm' });
    expect(only(edge33, 'vsphere_resource_pool', 'data')).toMatchObject({ name: '/edge33-dc/host/edge33-Cloud/Resources' });
    expect(only(edge33, 'vsphere_storage_policy', 'data')).toMatchObject({ name: 'vSAN Default Storage Policy' });
    expect(only(edge33, 'vsphere_datastore', 'data')).toMatchObject({ name: 'edge33-vsan' });
    expect(only(edge33, 'vsphere_content_library', 'data')).toMatchObject({ name: 'tkg-node-templates' });
    expect(only(edge33, 'vsphere_content_library')).toMatchObject({
      name: 'edge33-tkg-templates',
      storage_backing: [expect.stringMatching(/^\$\{data\.vsphere_datastore\.tkg-placement_datastore_/)],
      subscription: { subscription_url: expect.stringMatching(/^https:\/\/vcenter-edge\.tanzu\.lab\/cls\/vcsp\/lib\/\$\{data\.vsphere_content_library\.hub_content-library_[0-9A-F]+\.id\}\/lib\.json$/) },
    });
  });
});

describe('other sites', () => {
  test('edge41 runs vSAN ESA: no disk groups, no deduplication keys', () => {
    const cluster = only(json.edge41, 'vsphere_compute_cluster');
    expect(cluster).toMatchObject({ vsan_esa_enabled: true, vsan_unmap_enabled: true });
    expect(cluster).not.toHaveProperty('vsan_disk_group');
    expect(cluster).not.toHaveProperty('vsan_dedup_enabled');
  });

  test('edge60 is bootstrapping: vSAN on, HA off, nothing that needs the renamed datastore', () => {
    const edge60 = json.edge60;
    const cluster = only(edge60, 'vsphere_compute_cluster');
    expect(cluster).toMatchObject({ vsan_enabled: true, ha_enabled: false });
    expect(cluster).not.toHaveProperty('vsan_disk_group'); // its disks are claimed in vCenter
    expect(addresses(edge60)).not.toContainEqual(expect.stringMatching(/content_library|vsphere_folder|resource_pool|kubernetes_/));
    expect(addresses(edge60, 'data')).not.toContainEqual(expect.stringMatching(/vsphere_datastore\./));
    expect(edge60.output?.phase.value).toBe('bootstrap');
  });

  test('edge60 activated: HA on, isolation tested on its vSAN gateway', () => {
    const active = { ...fleet.sites[3], phase: 'active' as const };
    const j = stackJson(buildStacks({ ...fleet, sites: [active] }).sites[0]);
    expect(only(j, 'vsphere_compute_cluster')).toMatchObject({
      ha_enabled: true,
      ha_advanced_options: { 'das.ignoreInsufficientHbDatastore': 'true', 'das.usedefaultisolationaddress': 'false', 'das.isolationaddress0': '10.60.2.1' },
    });
  });

  test('edge52: deduplication, jumbo frames, its own TKG folder and resource pool', () => {
    const edge52 = json.edge52;
    expect(only(edge52, 'vsphere_compute_cluster')).toMatchObject({ vsan_dedup_enabled: true, vsan_compression_enabled: true, ha_enabled: true });
    expect(only(edge52, 'vsphere_distributed_virtual_switch').max_mtu).toBe(9000);
    expect(only(edge52, 'vsphere_folder')).toMatchObject({ path: 'tkg', type: 'vm' });
    expect(only(edge52, 'vsphere_resource_pool')).toMatchObject({ name: 'tkg', parent_resource_pool_id: expect.stringMatching(/^\$\{vsphere_compute_cluster\.cluster_[0-9A-F]+\.resource_pool_id\}$/) });
  });
});

describe('hub', () => {
  const hub = json.hub;

  test('every witness of fleet.yaml is deployed and, once pinned, registered outside any cluster', () => {
    expect(addresses(hub).filter((a) => /vsphere_(virtual_machine|host)\./.test(a))).toEqual([
      'vsphere_host.witnesses_witness-01_host_FE97EB77',
      'vsphere_virtual_machine.witnesses_witness-01_appliance_D288E859',
    ]);
    expect(only(hub, 'vsphere_virtual_machine')).toMatchObject({ name: 'witness-01', ovf_deploy: { deployment_option: 'large' } });
    expect(only(hub, 'vsphere_host')).toMatchObject({ hostname: 'witness-01.hub.tanzu.lab', thumbprint: '5C:1A:7E:0B:93:44:D2:6F:18:A0:3B:C9:72:E5:4D:8F:61:B7:2A:90' });
    expect(hub.output?.['witnesses-awaiting-thumbprint'].value).toEqual([]);
    expect(hub.variable?.witness_password).toMatchObject({ sensitive: true });
  });

  test('the published content library with its node templates', () => {
    expect(only(hub, 'vsphere_content_library')).toMatchObject({ name: 'tkg-node-templates', publication: { published: true } });
    expect(Object.values(all(hub, 'vsphere_content_library_item')).map((i) => i.name).sort()).toEqual(['photon-3-kube-v1.24.10+vmware.1', 'photon-3-kube-v1.25.7+vmware.2']);
  });
});
