import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { isCidr, parseCidr, parseIpv4 } from '../catalog/ipv4';
import { DNS_LABEL, DURATION, SHA1_THUMBPRINT, TKR_VERSION, isPemCertificate } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';

/** vCenter placement of the nodes: inventory paths as the ClusterClass `vcenter` variable wants them. */
export interface WorkloadClusterVcenter {
  readonly server: string;
  /** SHA-1 thumbprint of vCenter's certificate; nodes verify vCenter with it. */
  readonly tlsThumbprint: string;
  /** `/edge33-dc` */
  readonly datacenter: string;
  /** `/edge33-dc/datastore/edge33-vsan` */
  readonly datastore: string;
  /** `/edge33-dc/vm` */
  readonly folder: string;
  /** `/edge33-dc/network/edge33-vds01-tkg` */
  readonly network: string;
  /** `/edge33-dc/host/edge33-Cloud/Resources` */
  readonly resourcePool: string;
  /** Storage policy name for the node disks (`storagePolicyID` carries a name). @default - the datastore's default policy */
  readonly storagePolicy?: string;
  /** @default "fullClone" */
  readonly cloneMode?: 'fullClone' | 'linkedClone';
}

export interface MachineSpec {
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

export interface WorkloadClusterWorkers {
  /** Worker count; ignored with `autoscaler`. @default 2 */
  readonly replicas?: number;
  /** @default - TKG's worker size: 2 vCPU, 4096 MiB, 40 GiB */
  readonly machine?: MachineSpec;
  /** Lets the cluster autoscaler choose the count between min and max (it must run: see ClusterAutoscaler). */
  readonly autoscaler?: { readonly min: number; readonly max: number };
}

export interface WorkloadClusterHealthChecks {
  /** @default true */
  readonly enabled?: boolean;
  /** @default "20m" */
  readonly nodeStartupTimeout?: string;
  /** @default "5m" */
  readonly unknownStatusTimeout?: string;
  /** @default "12m" */
  readonly falseStatusTimeout?: string;
}

export interface WorkloadClusterProps {
  /** Cluster name, e.g. `tkg-edge33-wld01`; also the name of its vSphere credentials Secret. */
  readonly name: string;
  /** Namespace on the management cluster. */
  readonly namespace: string;
  /** @default "tkg-vsphere-default-v1.0.0" */
  readonly clusterClass?: string;
  /** TKR version (`spec.topology.version`), e.g. `v1.25.7+vmware.2-tkg.1`. Changing it upgrades the cluster. */
  readonly version: string;
  readonly vcenter: WorkloadClusterVcenter;
  /** vSphere account the cluster's providers use; `password` is a sensitive variable reference. */
  readonly credentials: { readonly username: string; readonly password: string };
  /** @default { name: "photon", version: "3", arch: "amd64" } */
  readonly os?: { readonly name: 'photon' | 'ubuntu'; readonly version: string; readonly arch: 'amd64' };
  readonly controlPlane: {
    /** 1 or 3. */
    readonly replicas: 1 | 3;
    /** kube-vip address of the API server. */
    readonly endpoint: string;
    /** @default - TKG's control-plane size: 2 vCPU, 8192 MiB, 40 GiB */
    readonly machine?: MachineSpec;
  };
  /** Workers; none (or 0 replicas) with one control-plane node makes a single-node cluster. @default - two TKG-sized workers */
  readonly workers?: WorkloadClusterWorkers;
  /** @default "antrea" */
  readonly cni?: 'antrea' | 'calico';
  /** @default ["100.96.0.0/11"] */
  readonly podCidrs?: readonly string[];
  /** @default ["100.64.0.0/13"] */
  readonly serviceCidrs?: readonly string[];
  /** @default [] */
  readonly sshAuthorizedKeys?: readonly string[];
  /** @default [] */
  readonly ntpServers?: readonly string[];
  /** CAs the nodes trust, PEM. @default [] */
  readonly trustedCAs?: ReadonlyArray<{ readonly name: string; readonly certificate: string }>;
  /** Registries the nodes pull from besides the default, with the CA (PEM) their certificate chains to. @default [] */
  readonly additionalImageRegistries?: ReadonlyArray<{ readonly host: string; readonly caCertificate?: string }>;
  readonly machineHealthCheck?: WorkloadClusterHealthChecks;
  /** Labels on the Cluster object, its Secret and its health checks. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default "eth0" */
  readonly vipNetworkInterface?: string;
  /**
   * kube-vip also announces Services of type LoadBalancer (ClusterClass variable
   * kubeVipLoadBalancerProvider): the site's ingress address for Envoy.
   * @default false
   */
  readonly kubeVipLoadBalancer?: boolean;
  /** @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** TKG's machine sizes (providers/config_default.yaml). */
export const TKG_CONTROL_PLANE_MACHINE: MachineSpec = { cpus: 2, memoryMiB: 8192, diskGiB: 40 };
export const TKG_WORKER_MACHINE: MachineSpec = { cpus: 2, memoryMiB: 4096, diskGiB: 40 };

/** Annotations the cluster autoscaler reads on a machine deployment. */
export const AUTOSCALER_MIN = 'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size';
export const AUTOSCALER_MAX = 'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size';

/** The props with every default applied: what the Cluster and the flat configuration are both made from. */
export type ResolvedWorkloadCluster = Required<Omit<WorkloadClusterProps, 'workers' | 'dependsOn' | 'machineHealthCheck' | 'controlPlane' | 'vcenter'>> & {
  readonly vcenter: Required<Omit<WorkloadClusterVcenter, 'storagePolicy'>> & { readonly storagePolicy?: string };
  readonly controlPlane: { readonly replicas: 1 | 3; readonly endpoint: string; readonly machine: MachineSpec };
  /** Undefined for a single-node cluster. */
  readonly workers?: { readonly replicas: number; readonly machine: MachineSpec; readonly autoscaler?: { readonly min: number; readonly max: number } };
  readonly machineHealthCheck: Required<WorkloadClusterHealthChecks>;
  /** One control-plane node and no workers: the control plane runs workloads. */
  readonly singleNode: boolean;
};

/** Applies the defaults once. */
export function resolveWorkloadCluster(props: WorkloadClusterProps): ResolvedWorkloadCluster {
  const workers = props.workers === undefined ? { replicas: 2 } : props.workers;
  const workerCount = workers.autoscaler ? workers.autoscaler.min : (workers.replicas ?? 2);
  const hasWorkers = workers.autoscaler !== undefined || workerCount > 0;
  return {
    name: props.name,
    namespace: props.namespace,
    clusterClass: props.clusterClass ?? 'tkg-vsphere-default-v1.0.0',
    version: props.version,
    vcenter: { cloneMode: 'fullClone', ...props.vcenter },
    credentials: props.credentials,
    os: props.os ?? { name: 'photon', version: '3', arch: 'amd64' },
    controlPlane: { replicas: props.controlPlane.replicas, endpoint: props.controlPlane.endpoint, machine: props.controlPlane.machine ?? TKG_CONTROL_PLANE_MACHINE },
    workers: hasWorkers
      ? { replicas: workerCount, machine: workers.machine ?? TKG_WORKER_MACHINE, ...(workers.autoscaler ? { autoscaler: workers.autoscaler } : {}) }
      : undefined,
    cni: props.cni ?? 'antrea',
    podCidrs: props.podCidrs ?? ['100.96.0.0/11'],
    serviceCidrs: props.serviceCidrs ?? ['100.64.0.0/13'],
    sshAuthorizedKeys: props.sshAuthorizedKeys ?? [],
    ntpServers: props.ntpServers ?? [],
    trustedCAs: props.trustedCAs ?? [],
    additionalImageRegistries: props.additionalImageRegistries ?? [],
    machineHealthCheck: { enabled: true, nodeStartupTimeout: '20m', unknownStatusTimeout: '5m', falseStatusTimeout: '12m', ...props.machineHealthCheck },
    labels: props.labels ?? {},
    vipNetworkInterface: props.vipNetworkInterface ?? 'eth0',
    kubeVipLoadBalancer: props.kubeVipLoadBalancer ?? false,
    singleNode: !hasWorkers && props.controlPlane.replicas === 1,
  };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A ClusterClass variable as `spec.topology.variables` lists it. */
export interface TopologyVariable {
  readonly name: string;
  readonly value: unknown;
}

/** The ClusterClass (tkg-vsphere-default-v1.0.0) variables of the cluster, in a stable order. */
export function clusterVariables(c: ResolvedWorkloadCluster): TopologyVariable[] {
  const machine = (m: MachineSpec) => ({ numCPUs: m.cpus, memoryMiB: m.memoryMiB, diskGiB: m.diskGiB });
  const vars: TopologyVariable[] = [
    { name: 'cni', value: c.cni },
    { name: 'apiServerEndpoint', value: c.controlPlane.endpoint },
    { name: 'vipNetworkInterface', value: c.vipNetworkInterface },
    { name: 'controlPlane', value: { machine: machine(c.controlPlane.machine) } },
  ];
  if (c.workers) vars.push({ name: 'worker', value: { machine: machine(c.workers.machine) } });
  vars.push({
    name: 'vcenter',
    value: {
      cloneMode: c.vcenter.cloneMode,
      datacenter: c.vcenter.datacenter,
      datastore: c.vcenter.datastore,
      folder: c.vcenter.folder,
      network: c.vcenter.network,
      resourcePool: c.vcenter.resourcePool,
      server: c.vcenter.server,
      ...(c.vcenter.storagePolicy !== undefined ? { storagePolicyID: c.vcenter.storagePolicy } : {}),
      tlsThumbprint: c.vcenter.tlsThumbprint,
    },
  });
  if (c.sshAuthorizedKeys.length > 0) vars.push({ name: 'user', value: { sshAuthorizedKeys: [...c.sshAuthorizedKeys] } });
  if (c.ntpServers.length > 0) vars.push({ name: 'ntpServers', value: [...c.ntpServers] });
  if (c.trustedCAs.length > 0) vars.push({ name: 'trust', value: { additionalTrustedCAs: c.trustedCAs.map((ca) => ({ name: ca.name, data: base64(ca.certificate) })) } });
  if (c.additionalImageRegistries.length > 0) {
    vars.push({
      name: 'additionalImageRegistries',
      value: c.additionalImageRegistries.map((r) => ({ host: r.host, skipTlsVerify: false, ...(r.caCertificate ? { caCert: base64(r.caCertificate) } : {}) })),
    });
  }
  if (c.kubeVipLoadBalancer) vars.push({ name: 'kubeVipLoadBalancerProvider', value: true });
  if (c.singleNode) vars.push({ name: 'controlPlaneTaint', value: false });
  return vars;
}

/** `run.tanzu.vmware.com/resolve-os-image` for the cluster's OS. */
const resolveOsImage = (c: ResolvedWorkloadCluster) => ({ 'run.tanzu.vmware.com/resolve-os-image': `image-type=ova,os-name=${c.os.name}` });

/** The class-based Cluster object (cluster.x-k8s.io/v1beta1), as the Tanzu CLI would generate it. */
export function clusterManifest(c: ResolvedWorkloadCluster): Record<string, unknown> {
  const workers = c.workers;
  return {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'Cluster',
    metadata: {
      name: c.name,
      namespace: c.namespace,
      labels: { ...c.labels, 'tkg.tanzu.vmware.com/cluster-name': c.name },
      annotations: {
        osInfo: `${c.os.name},${c.os.version},${c.os.arch}`,
        'tkg/plan': c.controlPlane.replicas === 3 ? 'prod' : 'dev',
        'tkg.tanzu.vmware.com/cluster-controlplane-endpoint': c.controlPlane.endpoint,
      },
    },
    spec: {
      clusterNetwork: { pods: { cidrBlocks: [...c.podCidrs] }, services: { cidrBlocks: [...c.serviceCidrs] } },
      topology: {
        class: c.clusterClass,
        version: c.version,
        controlPlane: { replicas: c.controlPlane.replicas, metadata: { annotations: resolveOsImage(c) } },
        // A single-node cluster omits workers: a null machineDeployments fails the CRD schema.
        ...(workers
          ? {
              workers: {
                machineDeployments: [
                  {
                    class: 'tkg-worker',
                    name: 'md-0',
                    // With the autoscaler, the count is the autoscaler's, so replicas is left out.
                    ...(workers.autoscaler ? {} : { replicas: workers.replicas }),
                    metadata: {
                      annotations: {
                        ...resolveOsImage(c),
                        ...(workers.autoscaler ? { [AUTOSCALER_MIN]: String(workers.autoscaler.min), [AUTOSCALER_MAX]: String(workers.autoscaler.max) } : {}),
                      },
                    },
                  },
                ],
              },
            }
          : {}),
        variables: clusterVariables(c),
      },
    },
  };
}

/** MachineHealthCheck objects: workers, and a three-node control plane (KCP cannot remediate a single node). */
export function healthCheckManifests(c: ResolvedWorkloadCluster): Array<Record<string, unknown>> {
  const mhc = c.machineHealthCheck;
  if (!mhc.enabled) return [];
  const check = (suffix: string, matchLabels: Record<string, string>) => ({
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'MachineHealthCheck',
    metadata: { name: `${c.name}-${suffix}`, namespace: c.namespace, labels: { ...c.labels, 'cluster.x-k8s.io/cluster-name': c.name } },
    spec: {
      clusterName: c.name,
      selector: { matchLabels },
      nodeStartupTimeout: mhc.nodeStartupTimeout,
      unhealthyConditions: [
        { type: 'Ready', status: 'Unknown', timeout: mhc.unknownStatusTimeout },
        { type: 'Ready', status: 'False', timeout: mhc.falseStatusTimeout },
      ],
    },
  });
  const out: Array<Record<string, unknown>> = [];
  if (c.workers) out.push(check('md-0', { 'cluster.x-k8s.io/cluster-name': c.name, 'topology.cluster.x-k8s.io/deployment-name': 'md-0' }));
  if (c.controlPlane.replicas === 3) out.push(check('control-plane', { 'cluster.x-k8s.io/cluster-name': c.name, 'cluster.x-k8s.io/control-plane': '' }));
  return out;
}

/** Field manager of every object the product applies with server-side apply. */
export const FIELD_MANAGER = 'tanzu-edge-fleet';

/**
 * A TKG 2.x class-based workload cluster, created on the management cluster: the
 * `Cluster` object, its vSphere credentials Secret (named after the cluster, as the
 * ClusterClass's identity patch expects) and its MachineHealthChecks. Upgrade by
 * changing `version`, scale by changing replicas or machine sizes: the topology
 * controller rolls the nodes.
 */
export class WorkloadCluster extends Construct {
  readonly resolved: ResolvedWorkloadCluster;
  /** The Cluster object as applied. */
  readonly manifest: Record<string, unknown>;
  readonly cluster: Manifest;
  readonly credentials: SecretV1;
  readonly healthChecks: readonly Manifest[];
  /** Name of the Cluster API kubeconfig Secret of the workload cluster (key `value`). */
  readonly kubeconfigSecretName: string;

  constructor(scope: Construct, id: string, props: WorkloadClusterProps) {
    super(scope, id);
    this.resolved = resolveWorkloadCluster(props);
    assertProps(this, 'WorkloadCluster', validate(this.resolved));
    const c = this.resolved;
    this.manifest = clusterManifest(c);
    this.kubeconfigSecretName = `${c.name}-kubeconfig`;

    this.credentials = new SecretV1(this, 'vsphere-credentials', {
      metadata: { name: c.name, namespace: c.namespace, labels: { ...c.labels, 'tkg.tanzu.vmware.com/cluster-name': c.name } },
      type: 'Opaque',
      data: { username: c.credentials.username, password: c.credentials.password },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });

    this.cluster = new Manifest(this, 'cluster', {
      manifest: this.manifest,
      fieldManager: { name: FIELD_MANAGER },
      // TKG's webhooks add labels, annotations and the TKR_DATA variable to the object;
      // without these the next plan would try to remove them.
      computedFields: ['metadata.labels', 'metadata.annotations', 'spec.topology.variables'],
      // The apply returns once the control plane is up, so what depends on the cluster
      // (add-ons through its kubeconfig) goes in after it, in the same apply.
      wait: { fields: { 'status.phase': 'Provisioned' } },
      timeouts: { create: '60m', update: '60m', delete: '30m' },
      dependsOn: [this.credentials, ...(props.dependsOn ?? [])],
    });

    this.healthChecks = healthCheckManifests(c).map(
      (manifest) =>
        new Manifest(this, `health-check-${String((manifest.metadata as { name: string }).name).slice(c.name.length + 1)}`, {
          manifest,
          fieldManager: { name: FIELD_MANAGER },
          dependsOn: [this.cluster],
        }),
    );
  }
}

function validate(c: ResolvedWorkloadCluster): PropViolation[] {
  const out: PropViolation[] = [];
  const bad = (field: string, value: unknown, allowed: string) => out.push({ field, message: `${JSON.stringify(value)} is not allowed; allowed: ${allowed}` });
  if (!/^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/.test(c.name)) bad('name', c.name, 'a DNS-1035 label of at most 42 characters');
  if (!DNS_LABEL.test(c.namespace)) bad('namespace', c.namespace, 'a DNS label');
  if (!TKR_VERSION.test(c.version)) bad('version', c.version, 'a TKR version such as v1.25.7+vmware.2-tkg.1');
  if (!/^tkg-vsphere-default-v\d+\.\d+\.\d+$/.test(c.clusterClass)) bad('clusterClass', c.clusterClass, 'a TKG vSphere ClusterClass such as tkg-vsphere-default-v1.0.0');
  if (!SHA1_THUMBPRINT.test(c.vcenter.tlsThumbprint)) bad('vcenter.tlsThumbprint', c.vcenter.tlsThumbprint, "vCenter's SHA-1 thumbprint (TKG turns verification off without one)");
  for (const key of ['datacenter', 'datastore', 'folder', 'network', 'resourcePool'] as const) {
    if (!c.vcenter[key].startsWith('/')) bad(`vcenter.${key}`, c.vcenter[key], 'an absolute inventory path such as /edge33-dc/vm');
  }
  if (c.controlPlane.replicas !== 1 && c.controlPlane.replicas !== 3) bad('controlPlane.replicas', c.controlPlane.replicas, '1 or 3');
  if (parseIpv4(c.controlPlane.endpoint) === undefined) bad('controlPlane.endpoint', c.controlPlane.endpoint, 'an IPv4 address');
  if (!c.workers && c.controlPlane.replicas !== 1) bad('workers', 'none', 'workers unless the control plane has one node (a single-node cluster)');
  const a = c.workers?.autoscaler;
  if (a && (a.min < 1 || a.max < a.min)) bad('workers.autoscaler', a, '1 <= min <= max');
  const machines: Array<[string, MachineSpec]> = [['controlPlane.machine', c.controlPlane.machine], ...(c.workers ? [['workers.machine', c.workers.machine] as [string, MachineSpec]] : [])];
  for (const [field, m] of machines) {
    if (!Number.isInteger(m.cpus) || m.cpus < 1) bad(`${field}.cpus`, m.cpus, 'a whole number of vCPUs, at least 1');
    if (!Number.isInteger(m.memoryMiB) || m.memoryMiB < 2048) bad(`${field}.memoryMiB`, m.memoryMiB, 'a whole number of MiB, at least 2048');
    if (!Number.isInteger(m.diskGiB) || m.diskGiB < 20) bad(`${field}.diskGiB`, m.diskGiB, 'a whole number of GiB, at least 20');
  }
  for (const [field, cidrs] of [['podCidrs', c.podCidrs], ['serviceCidrs', c.serviceCidrs]] as const) {
    cidrs.forEach((text, i) => {
      if (!isCidr(parseCidr(text))) bad(`${field}[${i}]`, text, 'an IPv4 network in CIDR notation');
    });
  }
  c.trustedCAs.forEach((ca, i) => {
    if (!DNS_LABEL.test(ca.name)) bad(`trustedCAs[${i}].name`, ca.name, 'a DNS label');
    if (!isPemCertificate(ca.certificate)) bad(`trustedCAs[${i}].certificate`, `${ca.certificate.slice(0, 30)}...`, 'one PEM-encoded X.509 certificate');
  });
  c.additionalImageRegistries.forEach((r, i) => {
    if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(r.host)) bad(`additionalImageRegistries[${i}].host`, r.host, 'a registry host name, optionally with :port');
    if (r.caCertificate !== undefined && !isPemCertificate(r.caCertificate)) bad(`additionalImageRegistries[${i}].caCertificate`, `${r.caCertificate.slice(0, 30)}...`, 'one PEM-encoded X.509 certificate');
  });
  const mhc = c.machineHealthCheck;
  for (const key of ['nodeStartupTimeout', 'unknownStatusTimeout', 'falseStatusTimeout'] as const) {
    if (!DURATION.test(mhc[key])) bad(`machineHealthCheck.${key}`, mhc[key], 'a duration such as 5m, 90s or 1h');
  }
  return out;
}
