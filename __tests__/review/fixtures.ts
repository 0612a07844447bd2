/**
 * Fixtures of the review tests: cdktf output folders written from object literals,
 * and a realistic edge-site stack (vSphere datacenter, cluster, hosts, switch, TKG
 * namespace and workload cluster) to edit.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { JsonObject, JsonValue, ReviewReport } from '../../tools/review/types';

export const ROOT = path.resolve(__dirname, '..', '..');

/** A Terraform JSON document (a stack's cdk.tf.json). */
export type Stack = JsonObject;

/**
 * Writes a cdktf output folder (manifest.json and stacks/<name>/cdk.tf.json) and returns its path;
 * `annotations` are the manifest's annotations of each stack (none by default).
 */
export function writeSynth(stacks: Record<string, Stack>, annotations: Record<string, JsonValue[]> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-synth-'));
  const manifest: JsonObject = { version: '0.21.0', stacks: {} };
  for (const [name, json] of Object.entries(stacks)) {
    (manifest.stacks as JsonObject)[name] = {
      name,
      constructPath: name,
      annotations: annotations[name] ?? [],
      dependencies: [],
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
      stackMetadataPath: `stacks/${name}/metadata.json`,
    };
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** cdktf's per-resource metadata (differs per stack; the review ignores it). */
function meta(stack: string, id: string): JsonObject {
  return { metadata: { path: `${stack}/${id}`, uniqueId: `${id}_${stack.length}` } };
}

/** A deep copy. */
export function clone<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Sets a value at a dotted path (`resource.vsphere_datacenter.dc.name`, `a.0.b`); undefined deletes. */
export function set(tree: JsonObject, dotted: string, value: JsonValue | undefined): void {
  const keys = dotted.split('.');
  let node = tree as Record<string, JsonValue>;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, JsonValue>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** An edge site stack as the app would synthesize it. */
export function siteStack(id: string, ring: string, tkgVersion = 'v1.28.8---vmware.1-tkg.2'): Stack {
  return {
    '//': { metadata: { backend: 'local', stackName: id, version: '0.21.0' }, outputs: { [id]: { ring: 'ring' } } },
    output: { ring: { description: 'Rollout ring of the site.', value: ring } },
    provider: {
      vsphere: [{ allow_unverified_ssl: false, password: '${var.vsphere_password}', user: 'administrator@vsphere.local', vsphere_server: 'vcenter-edge.tanzu.lab' }],
      kubernetes: [{ host: 'https://tkg-mgmt.hub.tanzu.lab:6443', insecure: false, token: '${var.management_cluster_token}' }],
    },
    terraform: {
      backend: { local: { path: `../../../terraform.${id}.tfstate` } },
      required_providers: { vsphere: { source: 'vmware/vsphere', version: '~> 2.15' }, kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' } },
      required_version: '>= 1.6.0',
    },
    variable: {
      vsphere_password: { description: 'vCenter password', nullable: false, sensitive: true, type: 'string' },
      management_cluster_token: { description: 'token', nullable: false, sensitive: true, type: 'string' },
    },
    data: {
      vsphere_datacenter: { hub: { '//': meta(id, 'hub'), name: 'hub-dc' } },
    },
    resource: {
      vsphere_datacenter: { dc: { '//': meta(id, 'dc'), name: `${id}-dc`, lifecycle: { prevent_destroy: true } } },
      vsphere_compute_cluster: {
        cluster: {
          '//': meta(id, 'cluster'),
          name: `${id}-Cloud`,
          datacenter_id: '${vsphere_datacenter.dc.moid}',
          host_system_ids: ['${vsphere_host.esx01.id}', '${vsphere_host.esx02.id}'],
          vsan_enabled: true,
          vsan_stretched_cluster: [{ preferred_fault_domain_host_ids: ['${vsphere_host.esx01.id}'], secondary_fault_domain_host_ids: ['${vsphere_host.esx02.id}'], witness_node: 'witness-01.hub.tanzu.lab' }],
        },
      },
      vsphere_host: {
        esx01: { '//': meta(id, 'esx01'), hostname: `esx01.${id}.tanzu.lab`, username: 'root', password: '${var.esxi_password}', datacenter: '${vsphere_datacenter.dc.moid}', thumbprint: '2F:ED' },
        esx02: { '//': meta(id, 'esx02'), hostname: `esx02.${id}.tanzu.lab`, username: 'root', password: '${var.esxi_password}', datacenter: '${vsphere_datacenter.dc.moid}', thumbprint: '91:E8' },
      },
      vsphere_distributed_virtual_switch: { vds: { '//': meta(id, 'vds'), name: `${id}-vds01`, datacenter_id: '${vsphere_datacenter.dc.moid}', max_mtu: 1500 } },
      vsphere_distributed_port_group: { mgmt: { '//': meta(id, 'mgmt'), name: `${id}-vds01-mgmt`, distributed_virtual_switch_uuid: '${vsphere_distributed_virtual_switch.vds.id}', vlan_id: 330 } },
      kubernetes_manifest: {
        namespace: { '//': meta(id, 'namespace'), manifest: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: id } } },
        cluster: {
          '//': meta(id, 'cluster'),
          manifest: {
            apiVersion: 'cluster.x-k8s.io/v1beta1',
            kind: 'Cluster',
            metadata: { name: `tkg-${id}-wld01`, namespace: id, labels: { 'tkg.tanzu.vmware.com/cluster-name': `tkg-${id}-wld01` } },
            spec: { topology: { class: 'tkg-vsphere-default-v1.0.0', version: tkgVersion, controlPlane: { replicas: 1 } } },
          },
        },
      },
    },
  };
}

/** The hub stack (fleet-level: no ring output). */
export function hubStack(): Stack {
  return {
    '//': { metadata: { backend: 'local', stackName: 'hub', version: '0.21.0' } },
    provider: { vsphere: [{ password: '${var.vsphere_password}', user: 'administrator@vsphere.local', vsphere_server: 'vcenter-edge.tanzu.lab' }] },
    terraform: { backend: { local: { path: '../../../terraform.hub.tfstate' } }, required_version: '>= 1.6.0' },
    variable: { vsphere_password: { sensitive: true, type: 'string' } },
    resource: {
      vsphere_content_library: { images: { '//': meta('hub', 'images'), name: 'tkg-images', description: 'TKG node images', storage_backing: ['${data.vsphere_datastore.hub.id}'] } },
    },
  };
}

/** A fleet: the hub and sites `edge01`..`edgeNN` of a ring, as name → stack. */
export function fleet(sites: Record<string, string>, version?: (id: string) => string | undefined): Record<string, Stack> {
  const stacks: Record<string, Stack> = { hub: hubStack() };
  for (const [id, ring] of Object.entries(sites)) stacks[id] = siteStack(id, ring, version?.(id));
  return stacks;
}

/** Site ids `${prefix}01`... */
export function siteIds(prefix: string, count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);
}

/** Result of running the CLI as a process. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node tools/run.js tools/review/main.ts ...args` in the project folder. */
export function runCli(args: readonly string[]): CliRun {
  const result = spawnSync('node', ['tools/run.js', 'tools/review/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI with `--format json` and parses the report. */
export function runJson(base: string, head: string): { status: number | null; report: ReviewReport } {
  const run = runCli(['--base', base, '--head', head, '--format', 'json']);
  if (run.stderr !== '') throw new Error(run.stderr);
  return { status: run.status, report: JSON.parse(run.stdout) as ReviewReport };
}
