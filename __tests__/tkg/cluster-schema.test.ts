/**
 * Every sample site's Cluster (and its health checks' shape) against the real
 * Cluster API CRD schemas, with ajv, plus the ClusterClass's own required variables.
 */
import { clusterManifest, resolveWorkloadCluster } from '../../constructs/tkg/workload-cluster';
import { workloadClusterProps } from '../../stacks/site-cluster';
import { editableSample, sampleFleet, setPath, toSources } from '../support/catalog';
import { crdValidator, describeWithSchemas } from '../support/crd-schemas';
import { parseCatalog } from '../../constructs/catalog/load';
import { Fleet } from '../../constructs/catalog/model';

const manifests = (fleet: Fleet) => fleet.sites.map((site) => [site.id, clusterManifest(resolveWorkloadCluster(workloadClusterProps(fleet, site, '${var.vsphere_password}')))] as const);

/** Sample catalog plus shapes it does not have: autoscaler off/on, calico, no CAs. */
function variants(): Fleet[] {
  const c = editableSample();
  setPath(c.sites.edge33, 'tkg.cni', 'calico');
  setPath(c.sites.edge33, 'tkg.machineHealthCheck.enabled', false);
  setPath(c.fleet, 'defaults.tkg.trustedCAs', []);
  return [sampleFleet(), parseCatalog(toSources(c))];
}

type Variable = { name: string; value: Record<string, unknown> | unknown };

describeWithSchemas('Cluster manifests against the Cluster API CRD schema', () => {
  test.each(['cluster.x-k8s.io_v1beta1_Cluster.json', 'cluster.x-k8s.io_v1beta1_Cluster.capi-v1.5.8.json'])('every site validates against %s', (file) => {
    const validate = crdValidator(file);
    for (const fleet of variants()) {
      for (const [id, manifest] of manifests(fleet)) {
        expect([id, validate(manifest), validate.errors ?? []]).toEqual([id, true, []]);
      }
    }
  });

  test('the validator is real: a manifest without a topology version fails', () => {
    const validate = crdValidator('cluster.x-k8s.io_v1beta1_Cluster.json');
    const [, manifest] = manifests(sampleFleet())[0];
    const broken = JSON.parse(JSON.stringify(manifest)) as { spec: { topology: Record<string, unknown> } };
    delete broken.spec.topology.version;
    broken.spec.topology.controlPlane = { replicas: 'one' };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual(
      expect.arrayContaining([
        ['/spec/topology', 'required'],
        ['/spec/topology/controlPlane/replicas', 'type'],
      ]),
    );
  });
});

describe('ClusterClass tkg-vsphere-default-v1.0.0 variables', () => {
  test.each(variants().flatMap(manifests))('%s sets every required variable', (_id, manifest) => {
    const variables = (manifest as { spec: { topology: { variables: Variable[] } } }).spec.topology.variables;
    const names = variables.map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['vcenter', 'vipNetworkInterface', 'cni', 'controlPlane']));
    expect(new Set(names).size).toBe(names.length);
    const vcenter = variables.find((v) => v.name === 'vcenter')?.value as Record<string, string>;
    for (const key of ['datacenter', 'datastore', 'folder', 'resourcePool', 'server']) expect(vcenter[key]).toEqual(expect.any(String));
    // lower-case c: the ClusterClass key is datacenter, not dataCenter
    expect(vcenter).not.toHaveProperty('dataCenter');
    const controlPlane = variables.find((v) => v.name === 'controlPlane')?.value as { machine: Record<string, number> };
    expect(Object.keys(controlPlane.machine).sort()).toEqual(['diskGiB', 'memoryMiB', 'numCPUs']);
  });
});
