/**
 * The cluster autoscaler of one TKG workload cluster, run as TKG runs it when a cluster
 * has `ENABLE_AUTOSCALER: true`: a Deployment on the management cluster, in the workload
 * cluster's namespace, with the Cluster API provider. It reaches the workload cluster
 * through the CAPI kubeconfig Secret `<cluster>-kubeconfig` (key `value`) and the
 * management cluster through its in-cluster service account. The min/max annotations on
 * the machine deployments belong to the Cluster (see WorkloadCluster), not here.
 *
 * Sources, per fact family:
 *
 * - Names, labels, args, volume, mount path, tolerations, service account, RBAC rules:
 *   TKG's template vmware-tanzu/tanzu-framework
 *   `providers/yttcc/02_customizations/autoscaler/enable_autoscaler.yaml` (class-based
 *   clusters; same content as `providers/ytt/03_customizations/autoscaler/enable_autoscaler.yaml`),
 *   read at commit 2afe6510, which predates tanzu-framework PR #4506 (merged 2023-03-22,
 *   targeting TKG v2.2, i.e. the v0.29.0 line). That PR adds `namespace=<NAMESPACE>` to
 *   `--node-group-auto-discovery` and the rule `infrastructure.cluster.x-k8s.io` `*` get/list
 *   (scale from zero) to the management role; what `tanzu cluster create --dry-run` of TKG
 *   2.3 renders (cluster-autoscaler v1.26.2_vmware.1) has both and exactly the args below:
 *   `--cloud-provider=clusterapi`, `--v=4`,
 *   `--clusterapi-cloud-config-authoritative`, `--kubeconfig=/mnt/<cluster>-kubeconfig/value`,
 *   `--node-group-auto-discovery=clusterapi:clusterName=<cluster>,namespace=<namespace>`,
 *   then the six AUTOSCALER_* knobs.
 * - Defaults of the knobs: tanzu-framework `providers/config_default.yaml` ("Autoscaler
 *   related configuration"): AUTOSCALER_MAX_NODES_TOTAL "0",
 *   AUTOSCALER_SCALE_DOWN_DELAY_AFTER_ADD "10m", ..._AFTER_DELETE "10s",
 *   ..._AFTER_FAILURE "3m", AUTOSCALER_SCALE_DOWN_UNNEEDED_TIME "10m",
 *   AUTOSCALER_MAX_NODE_PROVISION_TIME "15m". TKG exposes no other AUTOSCALER_* knob besides
 *   AUTOSCALER_MIN_SIZE_n / AUTOSCALER_MAX_SIZE_n, which are the Cluster's annotations.
 * - Connection model: kubernetes/autoscaler `cluster-autoscaler/cloudprovider/clusterapi/README.md`
 *   ("Autoscaler running in management cluster using service account credentials, with
 *   separate workload cluster": `--kubeconfig=<workload>` plus
 *   `--clusterapi-cloud-config-authoritative`, management through in-cluster config) and
 *   `clusterapi_provider.go` `BuildClusterAPI` (with the flag and no `--cloud-config`, the
 *   management client is `BuildConfigFromFlags("", "")`, the in-cluster service account).
 *
 * RBAC, and where it departs from TKG (for least privilege):
 *
 * - Management access is a namespaced Role + RoleBinding instead of TKG's ClusterRole
 *   `cluster-autoscaler-management` + ClusterRoleBinding. The rules are TKG's, verbatim. A
 *   Role is enough because the auto-discovery spec names the namespace: the provider then
 *   builds its management informers with `NewFilteredDynamicSharedInformerFactory(...,
 *   namespaceToWatch(autoDiscoverySpecs), ...)` (kubernetes/autoscaler
 *   `clusterapi_controller.go` / `clusterapi_autodiscovery.go`, PR #4012, merged April 2021,
 *   well before the 1.24+ releases TKG 2.x ships), so every list/watch/get/update is in that
 *   namespace; the README's
 *   "A note on permissions" recommends a namespaced Role for this case. Discovery calls
 *   need no grant (system:discovery). No ClusterRole is needed, so none is made; a
 *   ClusterRole named like TKG's would also be shared by every site stack and fight over
 *   one object.
 * - TKG's ClusterRole `cluster-autoscaler-workload` (nodes, pods, pods/eviction,
 *   configmaps, leases, ...) is NOT bound on the management cluster. With `--kubeconfig`
 *   every workload-side call (node and pod informers, evictions, the leader-election
 *   lease, the `cluster-autoscaler-status` ConfigMap, events) goes through the kubeconfig
 *   client to the workload cluster (kubernetes/autoscaler `cluster-autoscaler/main.go`:
 *   `kube_util.CreateKubeClient(...KubeClientOpts)` for the lock, the event recorder and
 *   `buildAutoscaler`), where the CAPI kubeconfig's credentials apply; TKG's binding would
 *   only give this service account cluster-wide eviction and ConfigMap deletion on the
 *   management cluster, which it never uses.
 * - Upstream disagrees with TKG on the infrastructure rule: its README ("RBAC changes for
 *   scaling from zero") names the provider's machine template kind
 *   (`vspheremachinetemplates`) with get/list/watch; TKG grants `*` with get/list. We follow
 *   TKG; the Role confines it to the cluster's namespace. Later autoscaler releases (1.27+,
 *   PR #4676) also watch `machinepools`; TKG's template does not grant it, and neither do we.
 *
 * Security context: TKG's template sets none, so nothing contradicts the hardening here:
 * non-root (UID/GID 65532, the `nonroot` user of the distroless base of
 * kubernetes/autoscaler `cluster-autoscaler/Dockerfile.amd64`, set explicitly so
 * `runAsNonRoot` holds whatever USER the image declares), read-only root filesystem, no
 * privilege escalation, all capabilities dropped, RuntimeDefault seccomp.
 */
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1, RoleV1Rule } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_LABEL, DURATION, show } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';

export interface ClusterAutoscalerProps {
  /** Name of the workload cluster (the CAPI `Cluster`); the autoscaler's objects are named after it. */
  readonly clusterName: string;
  /** Namespace of the `Cluster` on the management cluster; the autoscaler runs and looks for node groups there. */
  readonly namespace: string;
  /**
   * Full cluster-autoscaler image reference with a tag or digest, e.g.
   * `projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1`. Its minor
   * version must match the workload cluster's Kubernetes minor version.
   */
  readonly image: string;
  /** Most nodes in all node groups together, 0 for no limit (`--max-nodes-total`, AUTOSCALER_MAX_NODES_TOTAL). @default 0 */
  readonly maxNodesTotal?: number;
  /** How long after a scale-up scale-down evaluation resumes (`--scale-down-delay-after-add`). @default "10m" */
  readonly scaleDownDelayAfterAdd?: string;
  /** How long after a node deletion scale-down evaluation resumes (`--scale-down-delay-after-delete`). @default "10s" */
  readonly scaleDownDelayAfterDelete?: string;
  /** How long after a failed scale-down scale-down evaluation resumes (`--scale-down-delay-after-failure`). @default "3m" */
  readonly scaleDownDelayAfterFailure?: string;
  /** How long a node must be unneeded before it may be removed (`--scale-down-unneeded-time`). @default "10m" */
  readonly scaleDownUnneededTime?: string;
  /** How long the autoscaler waits for a new node to register (`--max-node-provision-time`). @default "15m" */
  readonly maxNodeProvisionTime?: string;
  /** What the autoscaler must come after, typically the `Cluster` object (and its namespace). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on every object it creates (the pod selector keeps its own `app` label). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** TKG's defaults for the autoscaler knobs (tanzu-framework providers/config_default.yaml). */
export const TKG_AUTOSCALER_DEFAULTS = {
  maxNodesTotal: 0,
  scaleDownDelayAfterAdd: '10m',
  scaleDownDelayAfterDelete: '10s',
  scaleDownDelayAfterFailure: '3m',
  scaleDownUnneededTime: '10m',
  maxNodeProvisionTime: '15m',
} as const;

/**
 * TKG's `cluster-autoscaler-management` rules (tanzu-framework enable_autoscaler.yaml with
 * PR #4506), granted here through a namespaced Role.
 */
export const AUTOSCALER_MANAGEMENT_RULES: readonly RoleV1Rule[] = [
  { apiGroups: ['cluster.x-k8s.io'], resources: ['machinedeployments', 'machines', 'machinesets'], verbs: ['get', 'list', 'update', 'watch', 'patch'] },
  { apiGroups: ['cluster.x-k8s.io'], resources: ['machinedeployments/scale', 'machinesets/scale'], verbs: ['get', 'update'] },
  { apiGroups: ['infrastructure.cluster.x-k8s.io'], resources: ['*'], verbs: ['get', 'list'] },
];

/** UID and GID of the distroless `nonroot` user the upstream image is built on. */
export const AUTOSCALER_RUN_AS = '65532';

/**
 * Longest cluster name: the Deployment's `app` label value `<cluster>-cluster-autoscaler`
 * must fit a label value (63 characters). (TKG names the pod volume
 * `<cluster>-cluster-autoscaler-volume`; a volume name is internal to the pod, so this
 * construct calls it `kubeconfig`, which lets every catalog cluster name, up to 42
 * characters, have an autoscaler.)
 */
export const MAX_CLUSTER_NAME_LENGTH = 63 - '-cluster-autoscaler'.length;

/** Name of the pod volume holding the workload cluster's kubeconfig. */
export const KUBECONFIG_VOLUME = 'kubeconfig';

/** registry[:port]/path[/path...] with `:tag`, `@sha256:digest` or both (the catalog's clusterAutoscalerImage rule, plus tag+digest). */
const IMAGE_REFERENCE = /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w][\w.-]{0,127}(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$/;

const DURATION_ALLOWED = 'a duration such as 10m or 90s';

type DurationField = 'scaleDownDelayAfterAdd' | 'scaleDownDelayAfterDelete' | 'scaleDownDelayAfterFailure' | 'scaleDownUnneededTime' | 'maxNodeProvisionTime';

/**
 * The cluster-autoscaler Deployment of one TKG workload cluster on the management
 * cluster, with its ServiceAccount and a namespaced Role and RoleBinding for the Cluster
 * API objects of that cluster. Use it with the management cluster's kubernetes provider
 * and order it after the Cluster with `dependsOn`.
 */
export class ClusterAutoscaler extends Construct {
  readonly serviceAccount: ServiceAccountV1;
  readonly role: RoleV1;
  readonly roleBinding: RoleBindingV1;
  readonly deployment: DeploymentV1;
  /** The container's args, in order. */
  readonly args: readonly string[];

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const settings = {
      maxNodesTotal: props.maxNodesTotal ?? TKG_AUTOSCALER_DEFAULTS.maxNodesTotal,
      scaleDownDelayAfterAdd: props.scaleDownDelayAfterAdd ?? TKG_AUTOSCALER_DEFAULTS.scaleDownDelayAfterAdd,
      scaleDownDelayAfterDelete: props.scaleDownDelayAfterDelete ?? TKG_AUTOSCALER_DEFAULTS.scaleDownDelayAfterDelete,
      scaleDownDelayAfterFailure: props.scaleDownDelayAfterFailure ?? TKG_AUTOSCALER_DEFAULTS.scaleDownDelayAfterFailure,
      scaleDownUnneededTime: props.scaleDownUnneededTime ?? TKG_AUTOSCALER_DEFAULTS.scaleDownUnneededTime,
      maxNodeProvisionTime: props.maxNodeProvisionTime ?? TKG_AUTOSCALER_DEFAULTS.maxNodeProvisionTime,
    };
    const dependsOn = [...(props.dependsOn ?? [])];
    const after = (...internal: ITerraformDependable[]) => (dependsOn.length + internal.length > 0 ? [...dependsOn, ...internal] : undefined);

    const violations: PropViolation[] = [];
    const { clusterName, namespace, image } = props;
    if (!DNS_LABEL.test(clusterName) || clusterName.length > MAX_CLUSTER_NAME_LENGTH) {
      violations.push({
        field: 'clusterName',
        message: `${show(clusterName)} is not allowed; allowed: a DNS-1123 label of at most ${MAX_CLUSTER_NAME_LENGTH} characters (the label value <clusterName>-cluster-autoscaler must fit 63)`,
      });
    }
    if (!DNS_LABEL.test(namespace)) violations.push({ field: 'namespace', message: `${show(namespace)} is not allowed; allowed: a namespace name (DNS-1123 label)` });
    if (!IMAGE_REFERENCE.test(image)) {
      violations.push({
        field: 'image',
        message: `${show(image)} is not allowed; allowed: a full image reference with a tag or digest, such as projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1`,
      });
    }
    if (!Number.isSafeInteger(settings.maxNodesTotal) || settings.maxNodesTotal < 0) {
      violations.push({ field: 'maxNodesTotal', message: `${show(settings.maxNodesTotal)} is not allowed; allowed: a whole number of nodes, 0 for no limit` });
    }
    const durations: readonly DurationField[] = ['scaleDownDelayAfterAdd', 'scaleDownDelayAfterDelete', 'scaleDownDelayAfterFailure', 'scaleDownUnneededTime', 'maxNodeProvisionTime'];
    for (const field of durations) {
      if (!DURATION.test(settings[field])) violations.push({ field, message: `${show(settings[field])} is not allowed; allowed: ${DURATION_ALLOWED}` });
    }
    assertProps(this, 'ClusterAutoscaler', violations);

    // TKG's names (enable_autoscaler.yaml).
    const name = `${clusterName}-cluster-autoscaler`;
    const labels = { app: name };
    const objectLabels = { ...props.labels, ...labels };
    const serviceAccountName = `${clusterName}-autoscaler`;
    const volumeName = KUBECONFIG_VOLUME;
    const mountPath = `/mnt/${clusterName}-kubeconfig`;
    const rbacName = `${clusterName}-autoscaler-management`;

    this.args = [
      '--cloud-provider=clusterapi',
      '--v=4',
      '--clusterapi-cloud-config-authoritative',
      `--kubeconfig=${mountPath}/value`,
      `--node-group-auto-discovery=clusterapi:clusterName=${clusterName},namespace=${namespace}`,
      `--scale-down-delay-after-add=${settings.scaleDownDelayAfterAdd}`,
      `--scale-down-delay-after-delete=${settings.scaleDownDelayAfterDelete}`,
      `--scale-down-delay-after-failure=${settings.scaleDownDelayAfterFailure}`,
      `--scale-down-unneeded-time=${settings.scaleDownUnneededTime}`,
      `--max-node-provision-time=${settings.maxNodeProvisionTime}`,
      `--max-nodes-total=${settings.maxNodesTotal}`,
    ];

    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: { name: serviceAccountName, namespace, labels: objectLabels },
      // The management side is reached with this account's in-cluster token.
      automountServiceAccountToken: true,
      dependsOn: after(),
    });

    this.role = new RoleV1(this, 'management-role', {
      metadata: { name: rbacName, namespace, labels: objectLabels },
      rule: AUTOSCALER_MANAGEMENT_RULES.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
      dependsOn: after(),
    });

    this.roleBinding = new RoleBindingV1(this, 'management-role-binding', {
      metadata: { name: rbacName, namespace, labels: objectLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: rbacName },
      subject: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace }],
      dependsOn: after(this.role, this.serviceAccount),
    });

    this.deployment = new DeploymentV1(this, 'deployment', {
      metadata: { name, namespace, labels: objectLabels },
      spec: {
        replicas: '1',
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName,
            automountServiceAccountToken: true,
            terminationGracePeriodSeconds: 10,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: AUTOSCALER_RUN_AS,
              runAsGroup: AUTOSCALER_RUN_AS,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name,
                image,
                command: ['/cluster-autoscaler'],
                args: [...this.args],
                volumeMount: [{ name: volumeName, mountPath, readOnly: true }],
                securityContext: {
                  runAsNonRoot: true,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
              },
            ],
            // The CAPI kubeconfig Secret; only its `value` key, which --kubeconfig reads.
            volume: [{ name: volumeName, secret: { secretName: `${clusterName}-kubeconfig`, items: [{ key: 'value', path: 'value' }] } }],
            toleration: [
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' },
              { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
            ],
          },
        },
      },
      // CAPI writes <cluster>-kubeconfig only once the control plane is up, which can take
      // longer than the create timeout; the pod starts by itself when the Secret appears.
      waitForRollout: false,
      // After its account and RBAC, so the first pod is never refused; destroyed before them.
      dependsOn: after(this.serviceAccount, this.roleBinding),
    });
  }
}
