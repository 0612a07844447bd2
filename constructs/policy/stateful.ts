/**
 * What "stateful" means for the fleet: resources whose destruction loses data or takes
 * a running site down. One definition, used by destroy protection (prevent_destroy)
 * and by the review tool's warnings.
 */

/** Resource types that are stateful whatever their content. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'vsphere_host',
  'vsphere_compute_cluster',
  'vsphere_datacenter',
  'vsphere_distributed_virtual_switch',
  'vsphere_virtual_machine',
  'vsphere_content_library',
  'kubernetes_namespace_v1',
  'helm_release',
  'harbor_project',
  'harbor_registry',
  // Harbor's generated secrets: a new secretKey cannot decrypt the registry and robot
  // credentials Harbor stored with the old one, and a new database password locks
  // Harbor out of its own database. Replacing one is not a rotation.
  'random_password',
]);

/** `kubernetes_manifest` kinds that are stateful: the TKG workload cluster and a namespace. */
export const STATEFUL_MANIFEST_KINDS: ReadonlySet<string> = new Set(['Cluster', 'Namespace']);

/**
 * PackageInstalls that are stateful, by name: removing the site Harbor uninstalls the
 * registry the site's pods pull from while the WAN is down.
 */
export const STATEFUL_PACKAGE_INSTALLS: ReadonlySet<string> = new Set(['harbor']);

/** True when destroying a resource of this type (and manifest kind and name) loses data or a running system. */
export function isStateful(type: string | undefined, manifestKind?: string, manifestName?: string): boolean {
  if (type === undefined) return false;
  if (type === 'kubernetes_manifest') {
    if (manifestKind === 'PackageInstall') return manifestName !== undefined && STATEFUL_PACKAGE_INSTALLS.has(manifestName);
    return manifestKind !== undefined && STATEFUL_MANIFEST_KINDS.has(manifestKind);
  }
  return STATEFUL_TYPES.has(type);
}
