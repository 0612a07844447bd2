/**
 * TKG placement, the content libraries and the hub witness pool on their own.
 */
import { PublishedContentLibrary, SubscribedContentLibrary, publishUrl } from '../../constructs/vsphere/content-library';
import { TkgPlacement, TkgPlacementProps } from '../../constructs/vsphere/tkg-placement';
import { WitnessPool, WitnessPoolProps } from '../../constructs/vsphere/witness-pool';
import { all, only, synthJson, testStack } from '../support/stack';

describe('TkgPlacement', () => {
  const props: TkgPlacementProps = {
    datacenterName: 'edge33-dc',
    datacenterId: 'datacenter-1',
    clusterName: 'edge33-Cloud',
    clusterResourcePoolId: 'resgroup-9',
    datastoreName: 'edge33-vsan',
    storagePolicy: 'vSAN Default Storage Policy',
  };

  test('roots: looks up the exact paths TKG gets, and the renamed datastore and the policy by name', () => {
    const stack = testStack();
    const placement = new TkgPlacement(stack, 'placement', props);
    const json = synthJson(stack);
    expect(only(json, 'vsphere_datastore', 'data')).toMatchObject({ name: 'edge33-vsan', datacenter_id: 'datacenter-1' });
    expect(only(json, 'vsphere_storage_policy', 'data')).toMatchObject({ name: 'vSAN Default Storage Policy' });
    expect(only(json, 'vsphere_folder', 'data')).toMatchObject({ path: '/edge33-dc/vm' });
    expect(only(json, 'vsphere_resource_pool', 'data')).toMatchObject({ name: '/edge33-dc/host/edge33-Cloud/Resources', datacenter_id: 'datacenter-1' });
    expect(json.resource ?? {}).toEqual({});
    expect([placement.folderPath, placement.resourcePoolPath, placement.datastorePath]).toEqual([
      '/edge33-dc/vm',
      '/edge33-dc/host/edge33-Cloud/Resources',
      '/edge33-dc/datastore/edge33-vsan',
    ]);
  });

  test('a folder and a pool the site asks for are created', () => {
    const stack = testStack();
    const placement = new TkgPlacement(stack, 'placement', { ...props, folder: 'tkg', resourcePool: 'tkg' });
    const json = synthJson(stack);
    expect(only(json, 'vsphere_folder')).toMatchObject({ path: 'tkg', type: 'vm', datacenter_id: 'datacenter-1' });
    expect(only(json, 'vsphere_resource_pool')).toMatchObject({ name: 'tkg', parent_resource_pool_id: 'resgroup-9' });
    expect([placement.folderPath, placement.resourcePoolPath]).toEqual(['/edge33-dc/vm/tkg', '/edge33-dc/host/edge33-Cloud/Resources/tkg']);
  });

  test('refuses paths vSphere cannot take', () => {
    expect(() => new TkgPlacement(testStack(), 'placement', { ...props, folder: '/abs', resourcePool: 'a/b' })).toThrow(
      [
        "TkgPlacement 'test/placement': folder: '/abs' is not allowed; allowed: a folder path relative to the datacenter's VM folder, such as tkg",
        "TkgPlacement 'test/placement': resourcePool: 'a/b' is not allowed; allowed: a resource pool name without / \\ %",
      ].join('\n'),
    );
  });
});

describe('content libraries', () => {
  test('the hub publishes, with its items', () => {
    const stack = testStack();
    new PublishedContentLibrary(stack, 'library', { name: 'tkg-node-templates', datastoreIds: ['datastore-1'], items: [{ name: 'photon', url: 'https://repo/photon.ova' }] });
    const json = synthJson(stack);
    expect(only(json, 'vsphere_content_library')).toMatchObject({ name: 'tkg-node-templates', storage_backing: ['datastore-1'], publication: { published: true, authentication_method: 'NONE' } });
    expect(only(json, 'vsphere_content_library_item')).toMatchObject({ name: 'photon', file_url: 'https://repo/photon.ova', type: 'ovf', library_id: expect.stringMatching(/^\$\{vsphere_content_library\./) });
  });

  test('a site subscribes, on demand, backed by its own datastore', () => {
    const stack = testStack();
    new SubscribedContentLibrary(stack, 'library', { name: 'edge33-tkg-templates', datastoreIds: ['datastore-9'], subscriptionUrl: publishUrl('vc.example', 'lib-uuid') });
    expect(only(synthJson(stack), 'vsphere_content_library')).toMatchObject({
      name: 'edge33-tkg-templates',
      storage_backing: ['datastore-9'],
      subscription: { subscription_url: 'https://vc.example/cls/vcsp/lib/lib-uuid/lib.json', on_demand: true, automatic_sync: true, authentication_method: 'NONE' },
    });
  });

  test('refuses an empty backing and duplicate or plain-http items', () => {
    expect(() => new SubscribedContentLibrary(testStack(), 'l', { name: 'x', datastoreIds: [], subscriptionUrl: 'https://x' })).toThrow(
      "SubscribedContentLibrary 'test/l': datastoreIds: an empty list is not allowed; allowed: at least one datastore id",
    );
    expect(
      () =>
        new PublishedContentLibrary(testStack(), 'l', {
          name: 'x',
          datastoreIds: ['d'],
          items: [
            { name: 'a', url: 'http://insecure/a.ova' },
            { name: 'a', url: 'https://repo/b.ova' },
          ],
        }),
    ).toThrow(["PublishedContentLibrary 'test/l': items[0].url: 'http://insecure/a.ova' is not allowed; allowed: an https:// URL", "PublishedContentLibrary 'test/l': items[1].name: 'a' appears twice; allowed: unique item names"].join('\n'));
  });
});

describe('WitnessPool', () => {
  const T = '5C:1A:7E:0B:93:44:D2:6F:18:A0:3B:C9:72:E5:4D:8F:61:B7:2A:90';
  const props: WitnessPoolProps = {
    datacenterId: 'datacenter-1',
    resourcePoolId: 'resgroup-1',
    deployHostId: 'host-1',
    datastoreId: 'datastore-1',
    networkId: 'dvportgroup-1',
    ovaUrl: 'https://repo/witness.ova',
    dnsServers: ['10.10.0.53'],
    dnsDomain: 'hub.example',
    ntpServers: ['ntp.example'],
    rootPassword: '${var.witness_password}',
    witnesses: [
      { name: 'witness-01', fqdn: 'witness-01.hub.example', deploymentOption: 'large', address: '10.10.0.21', prefix: 24, gateway: '10.10.0.1', thumbprint: T },
      { name: 'witness-02', fqdn: 'witness-02.hub.example', deploymentOption: 'normal', address: '10.10.0.22', prefix: 24, gateway: '10.10.0.1' },
    ],
  };

  test('each witness: an appliance from the OVA with the hardware of its size and its first-boot settings', () => {
    const stack = testStack();
    new WitnessPool(stack, 'witnesses', props);
    const json = synthJson(stack);
    const vms = Object.values(all(json, 'vsphere_virtual_machine'));
    expect(vms).toHaveLength(2);
    const [vm] = vms;
    expect(vm).toMatchObject({
      name: 'witness-01',
      datacenter_id: 'datacenter-1',
      resource_pool_id: 'resgroup-1',
      datastore_id: 'datastore-1',
      host_system_id: 'host-1',
      num_cpus: expect.stringMatching(/^\$\{data\.vsphere_ovf_vm_template\.witnesses_witness-01_ovf_[0-9A-F]+\.num_cpus\}$/),
      memory: expect.stringMatching(/\.memory\}$/),
      network_interface: [{ network_id: 'dvportgroup-1' }, { network_id: 'dvportgroup-1' }],
      wait_for_guest_net_timeout: 0,
      ovf_deploy: {
        remote_ovf_url: 'https://repo/witness.ova',
        deployment_option: 'large',
        ovf_network_map: { 'Management Network': 'dvportgroup-1', 'Secondary Network': 'dvportgroup-1' },
        allow_unverified_ssl_cert: false,
      },
      vapp: {
        properties: {
          'guestinfo.hostname': 'witness-01.hub.example',
          'guestinfo.ipaddress0': '10.10.0.21',
          'guestinfo.netmask0': '255.255.255.0',
          'guestinfo.gateway0': '10.10.0.1',
          'guestinfo.dns': '10.10.0.53',
          'guestinfo.dnsDomain': 'hub.example',
          'guestinfo.ntp': 'ntp.example',
          'guestinfo.passwd': '${var.witness_password}',
          'guestinfo.vsannetwork': 'Management',
        },
      },
      lifecycle: { ignore_changes: ['vapp'] },
    });
    expect(Object.values(all(json, 'vsphere_ovf_vm_template', 'data')).map((t) => t.deployment_option)).toEqual(['large', 'normal']);
  });

  test('only a witness with a pinned thumbprint is registered as a host, outside any cluster', () => {
    const stack = testStack();
    new WitnessPool(stack, 'witnesses', props);
    const host = only(synthJson(stack), 'vsphere_host');
    expect(host).toMatchObject({ hostname: 'witness-01.hub.example', thumbprint: T, datacenter: 'datacenter-1', username: 'root', password: '${var.witness_password}' });
    expect(host).not.toHaveProperty('cluster');
    expect(host.depends_on).toEqual([expect.stringMatching(/^vsphere_virtual_machine\.witnesses_witness-01_appliance_/)]);
  });

  test('refuses what it cannot deploy', () => {
    expect(
      () =>
        new WitnessPool(testStack(), 'w', {
          ...props,
          ovaUrl: 'ftp://x',
          witnesses: [{ ...props.witnesses[0], address: '10.10.0', thumbprint: 'x' }, props.witnesses[0]],
        }),
    ).toThrow(
      [
        "WitnessPool 'test/w': ovaUrl: 'ftp://x' is not allowed; allowed: an https:// URL",
        "WitnessPool 'test/w': witnesses[0].address: '10.10.0' is not allowed; allowed: an IPv4 address",
        "WitnessPool 'test/w': witnesses[0].thumbprint: 'x' is not allowed; allowed: a SHA-1 thumbprint, 20 upper-case hex bytes separated by \":\"",
        "WitnessPool 'test/w': witnesses[1].name: 'witness-01' appears twice; allowed: unique names",
      ].join('\n'),
    );
  });
});
