/**
 * The legacy flat cluster configuration (`tanzu cluster create --file`), rendered
 * from the same resolved props as the class-based Cluster object, with the variable
 * names of TKG's flat-to-ClusterClass mapping (tanzu-framework
 * tkg/constants/clusterclass_mapping.go). What has no flat variable is said in a
 * comment, never dropped silently; the vSphere password is never written.
 */
import { stringify } from 'yaml';
import { ResolvedWorkloadCluster } from './workload-cluster';

type Entry = readonly [key: string, value: string | number | boolean] | readonly [comment: `#!${string}`];

const RULE = '#! ---------------------------------------------------------------------';
const section = (title: string): Entry[] => [[RULE], [`#! ${title}`], [RULE]];
// lineWidth 0: never fold a long value (an SSH key) over two lines.
const scalar = (value: string | number | boolean) => stringify(value, { lineWidth: 0 }).trimEnd();
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Renders the flat configuration file. */
export function clusterConfigFile(c: ResolvedWorkloadCluster): string {
  const workers = c.workers;
  const entries: Entry[] = [
    ...section('Basic cluster creation configuration'),
    ['CLUSTER_NAME', c.name],
    ['NAMESPACE', c.namespace],
    ['CLUSTER_PLAN', c.controlPlane.replicas === 3 ? 'prod' : 'dev'],
    ['CLUSTER_CLASS', c.clusterClass],
    ['KUBERNETES_VERSION', c.version],
    ['CNI', c.cni],
    ...section('Node configuration'),
    ['CONTROL_PLANE_MACHINE_COUNT', c.controlPlane.replicas],
    ['VSPHERE_CONTROL_PLANE_NUM_CPUS', c.controlPlane.machine.cpus],
    ['VSPHERE_CONTROL_PLANE_MEM_MIB', c.controlPlane.machine.memoryMiB],
    ['VSPHERE_CONTROL_PLANE_DISK_GIB', c.controlPlane.machine.diskGiB],
    ['WORKER_MACHINE_COUNT', workers ? workers.replicas : 0],
    ...(workers
      ? ([
          ['VSPHERE_WORKER_NUM_CPUS', workers.machine.cpus],
          ['VSPHERE_WORKER_MEM_MIB', workers.machine.memoryMiB],
          ['VSPHERE_WORKER_DISK_GIB', workers.machine.diskGiB],
        ] as Entry[])
      : ([
          ['#! Single-node cluster: the control plane runs workloads (ClusterClass variable controlPlaneTaint: false).'],
          ['#! The Tanzu CLI needs: tanzu config set features.cluster.single-node-clusters true'],
        ] as Entry[])),
    ...section('vSphere configuration'),
    ['VSPHERE_SERVER', c.vcenter.server],
    ['VSPHERE_DATACENTER', c.vcenter.datacenter],
    ['VSPHERE_DATASTORE', c.vcenter.datastore],
    ['VSPHERE_FOLDER', c.vcenter.folder],
    ['VSPHERE_NETWORK', c.vcenter.network],
    ['VSPHERE_RESOURCE_POOL', c.vcenter.resourcePool],
    ...(c.vcenter.storagePolicy !== undefined ? ([['VSPHERE_STORAGE_POLICY_ID', c.vcenter.storagePolicy]] as Entry[]) : []),
    ['VSPHERE_TLS_THUMBPRINT', c.vcenter.tlsThumbprint],
    ['VSPHERE_CLONE_MODE', c.vcenter.cloneMode],
    ['VSPHERE_CONTROL_PLANE_ENDPOINT', c.controlPlane.endpoint],
    ['VIP_NETWORK_INTERFACE', c.vipNetworkInterface],
    ...(c.sshAuthorizedKeys.length > 0 ? ([['VSPHERE_SSH_AUTHORIZED_KEY', c.sshAuthorizedKeys[0]]] as Entry[]) : []),
    ...c.sshAuthorizedKeys.slice(1).map((key): Entry => [`#! Also authorized (the flat file takes one key): ${key}`]),
    ['VSPHERE_USERNAME', c.credentials.username],
    ['#! VSPHERE_PASSWORD is never written here: set it in the environment of the tanzu CLI.'],
    ...section('Machine Health Check configuration'),
    ['ENABLE_MHC', c.machineHealthCheck.enabled],
    ...(c.machineHealthCheck.enabled
      ? ([
          ['NODE_STARTUP_TIMEOUT', c.machineHealthCheck.nodeStartupTimeout],
          ['MHC_UNKNOWN_STATUS_TIMEOUT', c.machineHealthCheck.unknownStatusTimeout],
          ['MHC_FALSE_STATUS_TIMEOUT', c.machineHealthCheck.falseStatusTimeout],
        ] as Entry[])
      : []),
    ...section('Common configuration'),
    ['CLUSTER_CIDR', c.podCidrs.join(',')],
    ['SERVICE_CIDR', c.serviceCidrs.join(',')],
    ...(c.ntpServers.length > 0 ? ([['NTP_SERVERS', c.ntpServers.join(',')]] as Entry[]) : []),
    ...c.additionalImageRegistries.flatMap((r, i): Entry[] => [
      [`ADDITIONAL_IMAGE_REGISTRY_${i + 1}`, r.host],
      [`ADDITIONAL_IMAGE_REGISTRY_${i + 1}_SKIP_TLS_VERIFY`, false],
      ...(r.caCertificate ? ([[`ADDITIONAL_IMAGE_REGISTRY_${i + 1}_CA_CERTIFICATE`, base64(r.caCertificate)]] as Entry[]) : []),
    ]),
    ...c.trustedCAs.map((ca): Entry => [`#! Trusted CA '${ca.name}' has no flat variable: the class-based Cluster carries it (trust.additionalTrustedCAs).`]),
    ['OS_NAME', c.os.name],
    ['OS_VERSION', c.os.version],
    ['OS_ARCH', c.os.arch],
    ...section('Autoscaler configuration'),
    ['ENABLE_AUTOSCALER', workers?.autoscaler !== undefined],
    ...(workers?.autoscaler
      ? ([
          ['AUTOSCALER_MIN_SIZE_0', workers.autoscaler.min],
          ['AUTOSCALER_MAX_SIZE_0', workers.autoscaler.max],
        ] as Entry[])
      : []),
  ];
  const lines: string[] = [];
  entries.forEach((entry, i) => {
    // A blank line before each section and after its heading, as in the TKG templates.
    const opensSection = entry[0] === RULE && entries[i + 2]?.[0] === RULE;
    if (opensSection && lines.length > 0) lines.push('');
    lines.push(entry.length === 1 ? entry[0] : `${entry[0]}: ${scalar(entry[1])}`);
    if (entry[0] === RULE && entries[i - 2]?.[0] === RULE) lines.push('');
  });
  return `${lines.join('\n')}\n`;
}
