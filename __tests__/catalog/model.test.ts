import { parseCatalog } from '../../constructs/catalog/load';
import { siteNames } from '../../constructs/catalog/model';
import { editableSample, problemLines, sampleFleet, sampleSources, setPath, toSources } from '../support/catalog';

describe('catalog model', () => {
  const fleet = sampleFleet();

  test('the default catalog has sites of different shapes in two rings', () => {
    expect(fleet.sites.map((s) => s.id)).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
    expect(fleet.rings.map((r) => [r.name, r.order])).toEqual([
      ['canary', 0],
      ['production', 1],
    ]);
    const shape = (id: string) => {
      const s = fleet.sites.find((x) => x.id === id);
      return s && [s.ring.name, s.tkg.controlPlane.replicas, s.tkg.workers.replicas];
    };
    expect(shape('edge33')).toEqual(['canary', 1, 2]);
    expect(shape('edge41')).toEqual(['production', 1, 0]);
    expect(shape('edge52')).toEqual(['production', 3, 2]);
    expect(fleet.sites[2].tkg.workers.autoscaler).toEqual({ min: 2, max: 6 });
    expect(shape('edge60')).toEqual(['canary', 1, 2]);
    expect(fleet.sites.map((s) => [s.id, s.phase, s.vsan.architecture])).toEqual([
      ['edge33', 'active', 'osa'],
      ['edge41', 'active', 'esa'],
      ['edge52', 'active', 'osa'],
      ['edge60', 'bootstrap', 'osa'],
    ]);
  });

  test('edge33 resolves to the seed cluster configuration', () => {
    const edge33 = fleet.sites[0];
    expect(fleet.vcenter.server).toBe('vcenter-edge.tanzu.lab');
    expect(edge33.names).toEqual({
      datacenter: 'edge33-dc',
      cluster: 'edge33-Cloud',
      datastore: 'edge33-vsan',
      distributedSwitch: 'edge33-vds01',
      portGroups: { management: 'edge33-vds01-mgmt', vmotion: 'edge33-vds01-vmotion', vsan: 'edge33-vds01-vsan', tkg: 'edge33-vds01-tkg' },
      workloadCluster: 'tkg-edge33-wld01',
      namespace: 'edge33',
      contentLibrary: 'edge33-tkg-templates',
      domain: 'edge33.tanzu.lab',
      harborHost: 'harbor.edge33.tanzu.lab',
      grafanaHost: 'grafana.edge33.tanzu.lab',
      paths: {
        datacenter: '/edge33-dc',
        datastore: '/edge33-dc/datastore/edge33-vsan',
        vmFolder: '/edge33-dc/vm',
        network: '/edge33-dc/network/edge33-vds01-tkg',
        resourcePool: '/edge33-dc/host/edge33-Cloud/Resources',
      },
    });
    expect(edge33.tkg.os).toEqual({ name: 'photon', version: '3', arch: 'amd64' });
    expect(edge33.networks.vsan).toEqual({ vlan: 332, cidr: '10.33.2.0/24', gateway: '10.33.2.1', mtu: 1500 });
    expect(siteNames('store7', 'example.test').workloadCluster).toBe('tkg-store7-wld01');
  });

  test('precedence: built-in defaults < fleet.yaml defaults < site file', () => {
    const c = editableSample();
    setPath(c.fleet, 'defaults.tkg.workers.machine.cpus', 8);
    setPath(c.fleet, 'defaults.esxi.lockdown', 'strict');
    setPath(c.sites.edge52, 'esxi.lockdown', 'disabled');
    const f = parseCatalog(toSources(c));
    const [edge33, edge41, edge52] = f.sites;
    // fleet default over built-in, built-in kept for the keys the fleet does not set
    expect(edge33.tkg.workers.machine).toEqual({ cpus: 8, memoryMiB: 4096, diskGiB: 40 });
    expect(edge33.esxi).toEqual({ username: 'root', lockdown: 'strict' });
    // site over fleet default, key by key
    expect(edge52.tkg.workers.machine).toEqual({ cpus: 4, memoryMiB: 16384, diskGiB: 60 });
    expect(edge52.esxi.lockdown).toBe('disabled');
    expect(edge41.tkg.controlPlane.machine).toEqual({ cpus: 4, memoryMiB: 16384, diskGiB: 80 });
  });

  test('a site takes its ring version unless it pins its own', () => {
    expect(fleet.sites.map((s) => [s.id, s.tkg.version, s.tkg.versionSource])).toEqual([
      ['edge33', 'v1.25.7+vmware.2-tkg.1', 'ring'],
      ['edge41', 'v1.24.10+vmware.1-tkg.1', 'ring'],
      ['edge52', 'v1.24.10+vmware.1-tkg.1', 'ring'],
      ['edge60', 'v1.25.7+vmware.2-tkg.1', 'ring'],
    ]);
    const c = editableSample();
    setPath(c.sites.edge41, 'tkg.version', 'v1.25.7+vmware.2-tkg.1');
    const edge41 = parseCatalog(toSources(c)).sites[1];
    expect([edge41.tkg.version, edge41.tkg.versionSource]).toEqual(['v1.25.7+vmware.2-tkg.1', 'site']);
  });

  test('the model is deeply frozen', () => {
    expect(Object.isFrozen(fleet)).toBe(true);
    expect(Object.isFrozen(fleet.sites[0].networks.vsan)).toBe(true);
    expect(Object.isFrozen(fleet.sites[0].tkg.sshAuthorizedKeys)).toBe(true);
    expect(() => {
      (fleet.sites[0].networks.vsan as { vlan: number }).vlan = 1;
    }).toThrow(TypeError);
  });

  test('the result does not depend on the order files are read in', () => {
    const sources = sampleSources();
    const reversed = { fleet: sources.fleet, sites: [...sources.sites].reverse() };
    expect(JSON.stringify(parseCatalog(reversed))).toEqual(JSON.stringify(parseCatalog(sources)));
  });

  test('site files may live in sub-folders', () => {
    const sources = sampleSources();
    const nested = { fleet: sources.fleet, sites: sources.sites.map((s) => ({ ...s, path: s.path.replace('sites/', 'sites/emea/') })) };
    expect(parseCatalog(nested).sites.map((s) => s.file)).toEqual(['sites/emea/edge33.yaml', 'sites/emea/edge41.yaml', 'sites/emea/edge52.yaml', 'sites/emea/edge60.yaml']);
  });

  test('the same id in two folders is a duplicate', () => {
    const sources = sampleSources();
    const copy = { ...sources.sites[0], path: 'sites/emea/edge33.yaml' };
    expect(problemLines({ fleet: sources.fleet, sites: [...sources.sites, copy] })).toContain(
      "sites/emea/edge33.yaml: id: duplicate site id 'edge33' (also in sites/edge33.yaml); allowed: an id used by one site only",
    );
  });
});
