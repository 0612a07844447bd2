/**
 * ClusterAutoscaler on its own: the Deployment, ServiceAccount and namespaced RBAC it
 * synthesizes with TKG's defaults and with every knob set, ordering, and every input it
 * refuses.
 */
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ClusterAutoscaler, ClusterAutoscalerProps, MAX_CLUSTER_NAME_LENGTH } from '../../constructs/tkg/cluster-autoscaler';
import { all, only, synthJson, testStack } from '../support/stack';

const IMAGE = 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.24.0_vmware.1';
const DIGEST = 'sha256:' + 'ab'.repeat(32);

const props: ClusterAutoscalerProps = { clusterName: 'tkg-edge52-wld01', namespace: 'edge52', image: IMAGE };

const MANAGEMENT_RULES = [
  { api_groups: ['cluster.x-k8s.io'], resources: ['machinedeployments', 'machines', 'machinesets'], verbs: ['get', 'list', 'update', 'watch', 'patch'] },
  { api_groups: ['cluster.x-k8s.io'], resources: ['machinedeployments/scale', 'machinesets/scale'], verbs: ['get', 'update'] },
  { api_groups: ['infrastructure.cluster.x-k8s.io'], resources: ['*'], verbs: ['get', 'list'] },
];

type Json = Record<string, unknown>;
const first = (value: unknown): Json => (Array.isArray(value) ? (value[0] as Json) : (value as Json));
const podSpec = (deployment: Json): Json => first(first(first(deployment.spec).template).spec);
const container = (deployment: Json): Json => first(podSpec(deployment).container);

describe('ClusterAutoscaler', () => {
  test("TKG's deployment: names, labels, args with TKG's defaults, the kubeconfig Secret, tolerations", () => {
    const stack = testStack();
    const autoscaler = new ClusterAutoscaler(stack, 'autoscaler', props);
    const json = synthJson(stack);
    const deployment = only(json, 'kubernetes_deployment_v1');

    expect(deployment).toMatchObject({
      metadata: { name: 'tkg-edge52-wld01-cluster-autoscaler', namespace: 'edge52', labels: { app: 'tkg-edge52-wld01-cluster-autoscaler' } },
      spec: {
        replicas: '1',
        selector: { match_labels: { app: 'tkg-edge52-wld01-cluster-autoscaler' } },
        template: { metadata: { labels: { app: 'tkg-edge52-wld01-cluster-autoscaler' } } },
      },
      wait_for_rollout: false,
    });
    expect(podSpec(deployment)).toMatchObject({
      service_account_name: 'tkg-edge52-wld01-autoscaler',
      automount_service_account_token: true,
      termination_grace_period_seconds: 10,
      toleration: [
        { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' },
        { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
      ],
      volume: [
        {
          name: 'kubeconfig',
          secret: { secret_name: 'tkg-edge52-wld01-kubeconfig', items: [{ key: 'value', path: 'value' }] },
        },
      ],
    });
    const expectedArgs = [
      '--cloud-provider=clusterapi',
      '--v=4',
      '--clusterapi-cloud-config-authoritative',
      '--kubeconfig=/mnt/tkg-edge52-wld01-kubeconfig/value',
      '--node-group-auto-discovery=clusterapi:clusterName=tkg-edge52-wld01,namespace=edge52',
      '--scale-down-delay-after-add=10m',
      '--scale-down-delay-after-delete=10s',
      '--scale-down-delay-after-failure=3m',
      '--scale-down-unneeded-time=10m',
      '--max-node-provision-time=15m',
      '--max-nodes-total=0',
    ];
    expect(container(deployment)).toMatchObject({
      name: 'tkg-edge52-wld01-cluster-autoscaler',
      image: IMAGE,
      command: ['/cluster-autoscaler'],
      volume_mount: [{ name: 'kubeconfig', mount_path: '/mnt/tkg-edge52-wld01-kubeconfig', read_only: true }],
    });
    expect(container(deployment).args).toEqual(expectedArgs);
    expect(autoscaler.args).toEqual(expectedArgs);
  });

  test('runs as non-root with a read-only root filesystem, no privilege escalation, no capabilities', () => {
    const stack = testStack();
    new ClusterAutoscaler(stack, 'autoscaler', props);
    const deployment = only(synthJson(stack), 'kubernetes_deployment_v1');
    expect(podSpec(deployment).security_context).toEqual({ run_as_non_root: true, run_as_user: '65532', run_as_group: '65532', seccomp_profile: { type: 'RuntimeDefault' } });
    expect(container(deployment).security_context).toEqual({
      run_as_non_root: true,
      allow_privilege_escalation: false,
      privileged: false,
      read_only_root_filesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  test("the service account and a namespaced Role with TKG's management rules; no cluster-scoped RBAC", () => {
    const stack = testStack();
    new ClusterAutoscaler(stack, 'autoscaler', props);
    const json = synthJson(stack);
    expect(only(json, 'kubernetes_service_account_v1')).toMatchObject({
      metadata: { name: 'tkg-edge52-wld01-autoscaler', namespace: 'edge52' },
      automount_service_account_token: true,
    });
    const role = only(json, 'kubernetes_role_v1');
    expect(role.metadata).toEqual({ name: 'tkg-edge52-wld01-autoscaler-management', namespace: 'edge52', labels: { app: 'tkg-edge52-wld01-cluster-autoscaler' } });
    expect(role.rule).toEqual(MANAGEMENT_RULES);
    expect(only(json, 'kubernetes_role_binding_v1')).toMatchObject({
      metadata: { name: 'tkg-edge52-wld01-autoscaler-management', namespace: 'edge52' },
      role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tkg-edge52-wld01-autoscaler-management' },
      subject: [{ kind: 'ServiceAccount', name: 'tkg-edge52-wld01-autoscaler', namespace: 'edge52' }],
    });
    expect(all(json, 'kubernetes_cluster_role_v1')).toEqual({});
    expect(all(json, 'kubernetes_cluster_role_binding_v1')).toEqual({});
  });

  test('caller labels go on every object, the pod selector keeps only app', () => {
    const stack = testStack();
    new ClusterAutoscaler(stack, 'autoscaler', { ...props, labels: { 'edge-fleet.tanzu/site': 'edge52' } });
    const json = synthJson(stack);
    for (const type of ['kubernetes_service_account_v1', 'kubernetes_role_v1', 'kubernetes_role_binding_v1', 'kubernetes_deployment_v1']) {
      expect(((only(json, type).metadata as Json).labels as Json)['edge-fleet.tanzu/site']).toBe('edge52');
    }
    const deployment = only(json, 'kubernetes_deployment_v1') as { spec: Array<{ selector: Array<{ match_labels: Json }> }> } & Json;
    expect(JSON.stringify(deployment.spec)).toContain('"match_labels":{"app":"tkg-edge52-wld01-cluster-autoscaler"}');
  });

  test('every knob overrides its flag; an image may be pinned by digest', () => {
    const stack = testStack();
    new ClusterAutoscaler(stack, 'autoscaler', {
      ...props,
      image: `registry.example:5000/tkg/cluster-autoscaler:v1.25.1_vmware.1@${DIGEST}`,
      maxNodesTotal: 8,
      scaleDownDelayAfterAdd: '20m',
      scaleDownDelayAfterDelete: '30s',
      scaleDownDelayAfterFailure: '5m',
      scaleDownUnneededTime: '1h',
      maxNodeProvisionTime: '25m',
    });
    const c = container(only(synthJson(stack), 'kubernetes_deployment_v1'));
    expect(c.image).toBe(`registry.example:5000/tkg/cluster-autoscaler:v1.25.1_vmware.1@${DIGEST}`);
    expect(c.args).toEqual([
      '--cloud-provider=clusterapi',
      '--v=4',
      '--clusterapi-cloud-config-authoritative',
      '--kubeconfig=/mnt/tkg-edge52-wld01-kubeconfig/value',
      '--node-group-auto-discovery=clusterapi:clusterName=tkg-edge52-wld01,namespace=edge52',
      '--scale-down-delay-after-add=20m',
      '--scale-down-delay-after-delete=30s',
      '--scale-down-delay-after-failure=5m',
      '--scale-down-unneeded-time=1h',
      '--max-node-provision-time=25m',
      '--max-nodes-total=8',
    ]);
  });

  test('dependsOn orders every object after the given ones; the deployment also after its account and RBAC', () => {
    const stack = testStack();
    const ns = new NamespaceV1(stack, 'ns', { metadata: { name: 'edge52' } });
    new ClusterAutoscaler(stack, 'autoscaler', { ...props, dependsOn: [ns] });
    const json = synthJson(stack);
    for (const type of ['kubernetes_service_account_v1', 'kubernetes_role_v1', 'kubernetes_role_binding_v1', 'kubernetes_deployment_v1']) {
      expect(only(json, type).depends_on).toEqual(expect.arrayContaining(['kubernetes_namespace_v1.ns']));
    }
    const deploymentDeps = only(json, 'kubernetes_deployment_v1').depends_on as string[];
    expect(deploymentDeps).toHaveLength(3);
    expect(deploymentDeps).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kubernetes_service_account_v1\.autoscaler_service-account_/), expect.stringMatching(/^kubernetes_role_binding_v1\.autoscaler_management-role-binding_/)]),
    );
    const bindingDeps = only(json, 'kubernetes_role_binding_v1').depends_on as string[];
    expect(bindingDeps).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kubernetes_role_v1\.autoscaler_management-role_/), expect.stringMatching(/^kubernetes_service_account_v1\./)]),
    );
  });

  test('without dependsOn only the internal ordering is rendered', () => {
    const stack = testStack();
    new ClusterAutoscaler(stack, 'autoscaler', props);
    const json = synthJson(stack);
    expect(only(json, 'kubernetes_service_account_v1')).not.toHaveProperty('depends_on');
    expect(only(json, 'kubernetes_role_v1')).not.toHaveProperty('depends_on');
    expect(only(json, 'kubernetes_deployment_v1').depends_on).toHaveLength(2);
  });

  test('two clusters in one namespace get separate objects', () => {
    const stack = testStack();
    new ClusterAutoscaler(stack, 'a', props);
    new ClusterAutoscaler(stack, 'b', { ...props, clusterName: 'tkg-edge52-wld02' });
    const names = (type: string) => Object.values(all(synthJson(stack), type)).map((r) => (r.metadata as Json).name);
    expect(names('kubernetes_role_v1')).toEqual(['tkg-edge52-wld01-autoscaler-management', 'tkg-edge52-wld02-autoscaler-management']);
    expect(names('kubernetes_deployment_v1')).toEqual(['tkg-edge52-wld01-cluster-autoscaler', 'tkg-edge52-wld02-cluster-autoscaler']);
  });

  test('accepts the longest cluster name whose app label fits (every catalog cluster name does)', () => {
    const longest = 'c'.repeat(MAX_CLUSTER_NAME_LENGTH);
    expect(MAX_CLUSTER_NAME_LENGTH).toBe(44);
    const stack = testStack();
    new ClusterAutoscaler(stack, 'autoscaler', { ...props, clusterName: longest });
    const deployment = only(synthJson(stack), 'kubernetes_deployment_v1');
    expect(((deployment.metadata as Json).labels as Json).app).toHaveLength(63);
  });

  test('refuses every bad input at once, naming field, value and what is allowed', () => {
    expect(
      () =>
        new ClusterAutoscaler(testStack(), 'autoscaler', {
          clusterName: 'Edge52',
          namespace: 'edge_52',
          image: 'cluster-autoscaler:v1.24.0',
          maxNodesTotal: -1,
          scaleDownDelayAfterAdd: '10',
          scaleDownDelayAfterDelete: '0s',
          scaleDownDelayAfterFailure: '1.5m',
          scaleDownUnneededTime: '',
          maxNodeProvisionTime: '15 m',
        }),
    ).toThrow(
      [
        "ClusterAutoscaler 'test/autoscaler': clusterName: 'Edge52' is not allowed; allowed: a DNS-1123 label of at most 44 characters (the label value <clusterName>-cluster-autoscaler must fit 63)",
        "ClusterAutoscaler 'test/autoscaler': namespace: 'edge_52' is not allowed; allowed: a namespace name (DNS-1123 label)",
        "ClusterAutoscaler 'test/autoscaler': image: 'cluster-autoscaler:v1.24.0' is not allowed; allowed: a full image reference with a tag or digest, such as projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1",
        "ClusterAutoscaler 'test/autoscaler': maxNodesTotal: -1 is not allowed; allowed: a whole number of nodes, 0 for no limit",
        "ClusterAutoscaler 'test/autoscaler': scaleDownDelayAfterAdd: '10' is not allowed; allowed: a duration such as 10m or 90s",
        "ClusterAutoscaler 'test/autoscaler': scaleDownDelayAfterDelete: '0s' is not allowed; allowed: a duration such as 10m or 90s",
        "ClusterAutoscaler 'test/autoscaler': scaleDownDelayAfterFailure: '1.5m' is not allowed; allowed: a duration such as 10m or 90s",
        "ClusterAutoscaler 'test/autoscaler': scaleDownUnneededTime: '' is not allowed; allowed: a duration such as 10m or 90s",
        "ClusterAutoscaler 'test/autoscaler': maxNodeProvisionTime: '15 m' is not allowed; allowed: a duration such as 10m or 90s",
      ].join('\n'),
    );
  });

  test('refuses a cluster name too long for the volume name', () => {
    const name = 'c'.repeat(MAX_CLUSTER_NAME_LENGTH + 1);
    expect(() => new ClusterAutoscaler(testStack(), 'autoscaler', { ...props, clusterName: name })).toThrow(
      `ClusterAutoscaler 'test/autoscaler': clusterName: '${name}' is not allowed; allowed: a DNS-1123 label of at most 44 characters (the label value <clusterName>-cluster-autoscaler must fit 63)`,
    );
  });

  test.each([
    ['an image without a tag or digest', 'projects.registry.vmware.com/tkg/cluster-autoscaler'],
    ['an image with a short digest', 'registry.example/tkg/cluster-autoscaler@sha256:abc'],
    ['an image with upper-case path', 'registry.example/TKG/cluster-autoscaler:v1'],
    ['an image without a registry path', 'cluster-autoscaler:v1.26.2'],
  ])('refuses %s', (_what, image) => {
    expect(() => new ClusterAutoscaler(testStack(), 'autoscaler', { ...props, image })).toThrow(
      `ClusterAutoscaler 'test/autoscaler': image: '${image}' is not allowed; allowed: a full image reference with a tag or digest, such as projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1`,
    );
  });

  test('refuses a fractional node limit', () => {
    expect(() => new ClusterAutoscaler(testStack(), 'autoscaler', { ...props, maxNodesTotal: 2.5 })).toThrow(
      "ClusterAutoscaler 'test/autoscaler': maxNodesTotal: 2.5 is not allowed; allowed: a whole number of nodes, 0 for no limit",
    );
  });
});
