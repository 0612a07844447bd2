/**
 * The workload cluster each site stack synthesizes: edge33 carries the seed's values,
 * every active site's synthesized manifests pass the CRD schema, and day-2
 * operations are catalog changes whose effect on the Cluster is exactly what they
 * ask for.
 */
import { parseCatalog } from '../../constructs/catalog/load';
import { Fleet } from '../../constructs/catalog/model';
import { editableSample, sampleFleet, setPath, toSources, EditableCatalog } from '../support/catalog';
import { crdValidator, describeWithSchemas } from '../support/crd-schemas';
import { Change, jsonDiff } from '../support/diff';
import { all } from '../support/stack';
import { TerraformJson, buildStacks, stackJson } from '../support/synth';

type ClusterManifest = {
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: { topology: { class: string; version: string; controlPlane: { replicas: number }; workers?: { machineDeployments: Array<{ replicas?: number }> }; variables: Array<{ name: string; value: unknown }> } };
};

const synthAll = (fleet: Fleet): Record<string, TerraformJson> => Object.fromEntries(buildStacks(fleet).sites.map((s) => [s.node.id, stackJson(s)]));
const manifestsOf = (json: TerraformJson) => Object.values(all(json, 'kubernetes_manifest')).map((m) => m.manifest as ClusterManifest);
const clusterOf = (json: TerraformJson) => manifestsOf(json).find((m) => m.kind === 'Cluster');
const variable = (m: ClusterManifest | undefined, name: string) => m?.spec.topology.variables.find((v) => v.name === name)?.value;

const base = synthAll(sampleFleet());

/** The Cluster changes, site by site, that a catalog edit causes. */
function clusterChanges(edit: (c: EditableCatalog) => void): Record<string, Change[]> {
  const c = editableSample();
  edit(c);
  const after = synthAll(parseCatalog(toSources(c)));
  const out: Record<string, Change[]> = {};
  for (const id of Object.keys(base)) {
    const changes = jsonDiff(clusterOf(base[id]), clusterOf(after[id]));
    if (changes.length > 0) out[id] = changes;
  }
  return out;
}

describe('edge33 workload cluster', () => {
  const edge33 = base.edge33;
  const cluster = clusterOf(edge33) as ClusterManifest;

  test('carries the seed cluster configuration', () => {
    expect(cluster.metadata.name).toBe('tkg-edge33-wld01');
    expect(cluster.metadata.namespace).toBe('edge33');
    expect(cluster.metadata.annotations.osInfo).toBe('photon,3,amd64');
    expect(variable(cluster, 'cni')).toBe('antrea');
    expect(variable(cluster, 'vcenter')).toMatchObject({
      server: 'vcenter-edge.tanzu.lab',
      datacenter: '/edge33-dc',
      datastore: '/edge33-dc/datastore/edge33-vsan',
      folder: '/edge33-dc/vm',
      network: '/edge33-dc/network/edge33-vds01-tkg',
      resourcePool: '/edge33-dc/host/edge33-Cloud/Resources',
    });
    expect(variable(cluster, 'user')).toEqual({ sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK4RbFUWNKNuUTCkgSuLCkHtdu026AaRG4jxUAu8iuIg console'] });
    expect(cluster.spec.topology).toMatchObject({ class: 'tkg-vsphere-default-v1.0.0', version: 'v1.25.7+vmware.2-tkg.1', controlPlane: { replicas: 1 } });
    expect(variable(cluster, 'apiServerEndpoint')).toBe('10.33.3.10');
    expect(variable(cluster, 'additionalImageRegistries')).toEqual([
      expect.objectContaining({ host: 'harbor.hub.tanzu.lab', skipTlsVerify: false }),
      expect.objectContaining({ host: 'harbor.edge33.tanzu.lab', skipTlsVerify: false }),
    ]);
    expect(variable(cluster, 'ntpServers')).toEqual(['ntp1.hub.tanzu.lab', 'ntp2.hub.tanzu.lab']);
  });

  test('the namespace, the credentials Secret and the Cluster keep their addresses', () => {
    const address = (type: string) => Object.keys(all(edge33, type)).map((n) => `${type}.${n}`);
    expect(address('kubernetes_namespace_v1')).toEqual(['kubernetes_namespace_v1.namespace']);
    const cluster = (a: string) => a.includes('.workload-cluster_');
    expect(address('kubernetes_secret_v1').filter(cluster)).toEqual(['kubernetes_secret_v1.workload-cluster_vsphere-credentials_88CE5A2F']);
    expect(address('kubernetes_manifest').filter(cluster).sort()).toEqual(['kubernetes_manifest.workload-cluster_0350700C', 'kubernetes_manifest.workload-cluster_health-check-md-0_DFA472E8']);
    expect(all(edge33, 'kubernetes_namespace_v1').namespace).toMatchObject({ metadata: { name: 'edge33', labels: { 'edge-fleet.tanzu/site': 'edge33', 'edge-fleet.tanzu/ring': 'canary' } } });
  });

  test('the password reaches the Secret only as a sensitive variable', () => {
    expect(all(edge33, 'kubernetes_secret_v1')['workload-cluster_vsphere-credentials_88CE5A2F']).toMatchObject({ data: { password: '${var.vsphere_password}' } });
    expect(edge33.variable?.vsphere_password).toMatchObject({ sensitive: true });
  });

  test('a single-node site and an autoscaled site', () => {
    const edge41 = clusterOf(base.edge41) as ClusterManifest;
    expect(edge41.spec.topology.workers).toBeUndefined();
    expect(variable(edge41, 'controlPlaneTaint')).toBe(false);
    const edge52 = clusterOf(base.edge52) as ClusterManifest;
    expect(edge52.spec.topology.controlPlane.replicas).toBe(3);
    expect(edge52.spec.topology.workers?.machineDeployments[0]).not.toHaveProperty('replicas');
    expect(variable(edge52, 'vcenter')).toMatchObject({ folder: '/edge52-dc/vm/tkg', resourcePool: '/edge52-dc/host/edge52-Cloud/Resources/tkg' });
  });

  test('an autoscaled site runs its cluster autoscaler on the management cluster, with its ring’s image, after the cluster', () => {
    const deployments = Object.values(all(base.edge52, 'kubernetes_deployment_v1'));
    expect(deployments).toHaveLength(1);
    const [deployment] = deployments as Array<{ metadata: { name: string; namespace: string }; depends_on: string[]; spec: { template: { spec: { container: Array<{ image: string; args: string[] }> } } } }>;
    expect(deployment.metadata).toMatchObject({ name: 'tkg-edge52-wld01-cluster-autoscaler', namespace: 'edge52' });
    expect(deployment.spec.template.spec.container[0].image).toBe('projects.registry.vmware.com/tkg/cluster-autoscaler:v1.24.0_vmware.1');
    expect(deployment.spec.template.spec.container[0].args).toContain('--node-group-auto-discovery=clusterapi:clusterName=tkg-edge52-wld01,namespace=edge52');
    expect(deployment.depends_on).toContainEqual(expect.stringMatching(/^kubernetes_manifest\.workload-cluster_[0-9A-F]+$/));
    expect(all(base.edge33, 'kubernetes_deployment_v1')).toEqual({});
  });

  test('a bootstrapping site has no workload cluster yet', () => {
    expect(manifestsOf(base.edge60)).toEqual([]);
  });

  test('the placement paths the vSphere side creates are the paths TKG gets', () => {
    const fleet = sampleFleet();
    for (const stack of buildStacks(fleet).sites) {
      const placement = stack.infrastructure.placement;
      if (!placement) continue;
      expect([placement.folderPath, placement.resourcePoolPath, placement.datastorePath]).toEqual([
        stack.site.names.paths.vmFolder,
        stack.site.names.paths.resourcePool,
        stack.site.names.paths.datastore,
      ]);
    }
  });
});

describeWithSchemas('synthesized manifests against the CRD schema', () => {
  test('every active site’s synthesized Cluster passes the Cluster API schema', () => {
    const validate = crdValidator('cluster.x-k8s.io_v1beta1_Cluster.json');
    const checked = Object.entries(base).flatMap(([id, json]) => manifestsOf(json).filter((m) => m.kind === 'Cluster').map((m) => [id, validate(m), validate.errors ?? []]));
    expect(checked).toEqual([
      ['edge33', true, []],
      ['edge41', true, []],
      ['edge52', true, []],
    ]);
  });
});

describe('day-2 operations are catalog changes', () => {
  test('upgrade: a new ring version changes spec.topology.version of that ring’s sites, and nothing else', () => {
    const upgrade = (c: EditableCatalog) => {
      setPath(c.fleet, 'rings.production.tkgVersion', 'v1.25.7+vmware.2-tkg.1');
      // The ring's autoscaled site (edge52) needs the new minor's cluster-autoscaler; it is no Cluster change.
      setPath(c.fleet, 'rings.production.clusterAutoscalerImage', 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1');
    };
    expect(clusterChanges(upgrade)).toEqual({
      edge41: [['spec.topology.version', 'v1.24.10+vmware.1-tkg.1', 'v1.25.7+vmware.2-tkg.1']],
      edge52: [['spec.topology.version', 'v1.24.10+vmware.1-tkg.1', 'v1.25.7+vmware.2-tkg.1']],
    });
  });

  test('upgrade of one site ahead of its ring: a version pin in the site file', () => {
    expect(clusterChanges((c) => setPath(c.sites.edge41, 'tkg.version', 'v1.25.7+vmware.2-tkg.1'))).toEqual({
      edge41: [['spec.topology.version', 'v1.24.10+vmware.1-tkg.1', 'v1.25.7+vmware.2-tkg.1']],
    });
  });

  test('horizontal scale: worker replicas', () => {
    expect(clusterChanges((c) => setPath(c.sites.edge33, 'tkg.workers.replicas', 4))).toEqual({
      edge33: [['spec.topology.workers.machineDeployments[0].replicas', 2, 4]],
    });
  });

  test('vertical scale: the machine size in the ClusterClass variables', () => {
    expect(clusterChanges((c) => setPath(c.sites.edge33, 'tkg.workers.machine', { cpus: 4, memoryMiB: 8192 }))).toEqual({
      edge33: [
        ['spec.topology.variables[4].value.machine.memoryMiB', 4096, 8192],
        ['spec.topology.variables[4].value.machine.numCPUs', 2, 4],
      ],
    });
  });

  test('a fleet-wide default reaches every active site', () => {
    const changes = clusterChanges((c) => setPath(c.fleet, 'defaults.tkg.controlPlane.machine.memoryMiB', 12288));
    expect(Object.keys(changes)).toEqual(['edge33', 'edge52']); // edge41 sets its own control-plane size
    expect(changes.edge33).toEqual([['spec.topology.variables[3].value.machine.memoryMiB', 8192, 12288]]);
  });
});
