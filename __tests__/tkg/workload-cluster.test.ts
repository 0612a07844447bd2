/**
 * WorkloadCluster on its own: the Cluster object, its credentials Secret and health
 * checks, with defaults and options, and every input it refuses.
 */
import * as fs from 'fs';
import { WorkloadCluster, WorkloadClusterProps } from '../../constructs/tkg/workload-cluster';
import { all, only, synthJson, testStack } from '../support/stack';

const CA = fs.readFileSync(`${__dirname}/../../sites/fleet.yaml`, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0].replace(/^ +/gm, '') as string;

const props: WorkloadClusterProps = {
  name: 'tkg-site-wld01',
  namespace: 'site',
  version: 'v1.25.7+vmware.2-tkg.1',
  vcenter: {
    server: 'vc.example',
    tlsThumbprint: '3A:6F:91:0C:B2:47:E8:15:D4:9C:60:2B:7F:A3:58:E1:0D:C6:94:2F',
    datacenter: '/site-dc',
    datastore: '/site-dc/datastore/site-vsan',
    folder: '/site-dc/vm',
    network: '/site-dc/network/site-vds01-tkg',
    resourcePool: '/site-dc/host/site-Cloud/Resources',
  },
  credentials: { username: 'administrator@vsphere.local', password: '${var.vsphere_password}' },
  controlPlane: { replicas: 1, endpoint: '10.0.3.10' },
};

type Manifest = { metadata: { name: string; annotations: Record<string, string> }; spec: Record<string, unknown> & { topology: Topology } };
type Topology = { version: string; controlPlane: { replicas: number }; workers?: { machineDeployments: Array<Record<string, unknown>> }; variables: Array<{ name: string; value: unknown }> };

function synth(p: WorkloadClusterProps) {
  const stack = testStack();
  new WorkloadCluster(stack, 'cluster', p);
  const json = synthJson(stack);
  const manifests = Object.values(all(json, 'kubernetes_manifest')).map((m) => m.manifest as Manifest);
  return { json, cluster: manifests.find((m) => (m as unknown as { kind: string }).kind === 'Cluster') as Manifest, manifests };
}
const variable = (m: Manifest, name: string) => m.spec.topology.variables.find((v) => v.name === name)?.value;

describe('WorkloadCluster', () => {
  test('defaults: TKG sizes, two workers, antrea, Photon, health check on the workers', () => {
    const { cluster, manifests, json } = synth(props);
    expect(cluster.metadata.annotations).toEqual({ osInfo: 'photon,3,amd64', 'tkg/plan': 'dev', 'tkg.tanzu.vmware.com/cluster-controlplane-endpoint': '10.0.3.10' });
    expect(cluster.spec.clusterNetwork).toEqual({ pods: { cidrBlocks: ['100.96.0.0/11'] }, services: { cidrBlocks: ['100.64.0.0/13'] } });
    expect(cluster.spec.topology).toMatchObject({ class: 'tkg-vsphere-default-v1.0.0', version: 'v1.25.7+vmware.2-tkg.1', controlPlane: { replicas: 1 } });
    expect(cluster.spec.topology.workers?.machineDeployments).toEqual([
      { class: 'tkg-worker', name: 'md-0', replicas: 2, metadata: { annotations: { 'run.tanzu.vmware.com/resolve-os-image': 'image-type=ova,os-name=photon' } } },
    ]);
    expect(variable(cluster, 'controlPlane')).toEqual({ machine: { numCPUs: 2, memoryMiB: 8192, diskGiB: 40 } });
    expect(variable(cluster, 'worker')).toEqual({ machine: { numCPUs: 2, memoryMiB: 4096, diskGiB: 40 } });
    expect(variable(cluster, 'cni')).toBe('antrea');
    expect(variable(cluster, 'controlPlaneTaint')).toBeUndefined();
    expect(manifests.map((m) => m.metadata.name).sort()).toEqual(['tkg-site-wld01', 'tkg-site-wld01-md-0']);
    // The companion Secret is named after the cluster, as the ClusterClass identity patch expects.
    expect(only(json, 'kubernetes_secret_v1')).toMatchObject({ metadata: { name: 'tkg-site-wld01', namespace: 'site' }, data: { username: 'administrator@vsphere.local', password: '${var.vsphere_password}' } });
  });

  test('applies server-side, tolerates what TKG adds, and waits for the control plane', () => {
    const { json } = synth(props);
    const cluster = Object.values(all(json, 'kubernetes_manifest')).find((m) => (m.manifest as { kind: string }).kind === 'Cluster');
    expect(cluster).toMatchObject({
      field_manager: { name: 'tanzu-edge-fleet' },
      computed_fields: ['metadata.labels', 'metadata.annotations', 'spec.topology.variables'],
      wait: { fields: { 'status.phase': 'Provisioned' } },
      timeouts: { create: '60m' },
      depends_on: [expect.stringMatching(/^kubernetes_secret_v1\./)],
    });
  });

  test('single node: no workers, the control plane untainted, no health check it cannot act on', () => {
    const { cluster, manifests } = synth({ ...props, workers: { replicas: 0 } });
    expect(cluster.spec.topology).not.toHaveProperty('workers');
    expect(variable(cluster, 'controlPlaneTaint')).toBe(false);
    expect(variable(cluster, 'worker')).toBeUndefined();
    expect(manifests).toHaveLength(1);
  });

  test('three control-plane nodes: prod plan and a control-plane health check', () => {
    const { cluster, manifests } = synth({ ...props, controlPlane: { replicas: 3, endpoint: '10.0.3.10' } });
    expect(cluster.metadata.annotations['tkg/plan']).toBe('prod');
    const cp = manifests.find((m) => m.metadata.name.endsWith('control-plane')) as unknown as { spec: Record<string, unknown> };
    expect(cp.spec).toEqual({
      clusterName: 'tkg-site-wld01',
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'tkg-site-wld01', 'cluster.x-k8s.io/control-plane': '' } },
      nodeStartupTimeout: '20m',
      unhealthyConditions: [
        { type: 'Ready', status: 'Unknown', timeout: '5m' },
        { type: 'Ready', status: 'False', timeout: '12m' },
      ],
    });
  });

  test('autoscaler: min/max annotations on md-0 and no replicas', () => {
    const { cluster } = synth({ ...props, workers: { autoscaler: { min: 2, max: 6 }, machine: { cpus: 4, memoryMiB: 16384, diskGiB: 60 } } });
    const [md] = cluster.spec.topology.workers?.machineDeployments ?? [];
    expect(md).not.toHaveProperty('replicas');
    expect(md.metadata).toEqual({
      annotations: {
        'run.tanzu.vmware.com/resolve-os-image': 'image-type=ova,os-name=photon',
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': '2',
        'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': '6',
      },
    });
  });

  test('trusted CAs and registries carry base64 PEM; NTP and SSH keys; health checks off', () => {
    const { cluster, manifests } = synth({
      ...props,
      trustedCAs: [{ name: 'fleet-ca', certificate: CA }],
      additionalImageRegistries: [{ host: 'harbor.hub.example', caCertificate: CA }],
      ntpServers: ['ntp.example'],
      sshAuthorizedKeys: ['ssh-ed25519 AAAA key'],
      machineHealthCheck: { enabled: false },
    });
    const b64 = Buffer.from(CA).toString('base64');
    expect(variable(cluster, 'trust')).toEqual({ additionalTrustedCAs: [{ name: 'fleet-ca', data: b64 }] });
    expect(variable(cluster, 'additionalImageRegistries')).toEqual([{ host: 'harbor.hub.example', skipTlsVerify: false, caCert: b64 }]);
    expect(Buffer.from(b64, 'base64').toString()).toBe(CA);
    expect(variable(cluster, 'ntpServers')).toEqual(['ntp.example']);
    expect(variable(cluster, 'user')).toEqual({ sshAuthorizedKeys: ['ssh-ed25519 AAAA key'] });
    expect(manifests).toHaveLength(1);
  });

  test('refuses what TKG or Cluster API would refuse, all at once', () => {
    expect(
      () =>
        new WorkloadCluster(testStack(), 'cluster', {
          ...props,
          name: 'Tkg_Site',
          version: 'v1.25.7---vmware.2-tkg.1',
          vcenter: { ...props.vcenter, tlsThumbprint: '', folder: 'site-dc/vm' },
          controlPlane: { replicas: 3, endpoint: '10.0.3' },
          workers: { replicas: 0 },
          trustedCAs: [{ name: 'ca', certificate: 'not a certificate' }],
          machineHealthCheck: { nodeStartupTimeout: '20 minutes' },
        }),
    ).toThrow(
      [
        `WorkloadCluster 'test/cluster': name: "Tkg_Site" is not allowed; allowed: a DNS-1035 label of at most 42 characters`,
        `WorkloadCluster 'test/cluster': version: "v1.25.7---vmware.2-tkg.1" is not allowed; allowed: a TKR version such as v1.25.7+vmware.2-tkg.1`,
        `WorkloadCluster 'test/cluster': vcenter.tlsThumbprint: "" is not allowed; allowed: vCenter's SHA-1 thumbprint (TKG turns verification off without one)`,
        `WorkloadCluster 'test/cluster': vcenter.folder: "site-dc/vm" is not allowed; allowed: an absolute inventory path such as /edge33-dc/vm`,
        `WorkloadCluster 'test/cluster': controlPlane.endpoint: "10.0.3" is not allowed; allowed: an IPv4 address`,
        `WorkloadCluster 'test/cluster': workers: "none" is not allowed; allowed: workers unless the control plane has one node (a single-node cluster)`,
        `WorkloadCluster 'test/cluster': trustedCAs[0].certificate: "not a certificate..." is not allowed; allowed: one PEM-encoded X.509 certificate`,
        `WorkloadCluster 'test/cluster': machineHealthCheck.nodeStartupTimeout: "20 minutes" is not allowed; allowed: a duration such as 5m, 90s or 1h`,
      ].join('\n'),
    );
  });

  test('refuses an autoscaler whose min is above its max', () => {
    expect(() => new WorkloadCluster(testStack(), 'cluster', { ...props, workers: { autoscaler: { min: 5, max: 2 } } })).toThrow(
      `WorkloadCluster 'test/cluster': workers.autoscaler: {"min":5,"max":2} is not allowed; allowed: 1 <= min <= max`,
    );
  });
});
