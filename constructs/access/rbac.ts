/**
 * The RBAC objects of the product's access roles, as plain Kubernetes objects for a
 * workload cluster: what `SiteAccess` puts in its kapp-controller Apps, and what the
 * review tool and the policy read back.
 */
import { createHash } from 'crypto';
import { AccessGrant, AccessRole, BreakGlass } from '../catalog/model';
import { BREAK_GLASS_NAMESPACE } from '../policy/fleet-policy';

export { BREAK_GLASS_NAMESPACE };

type Doc = Record<string, unknown>;
type Labels = Readonly<Record<string, string>>;

/** Label keys on every access object: the product role and the layer that granted it. */
export const ROLE_LABEL = 'edge-fleet.tanzu/access-role';
export const LAYER_LABEL = 'edge-fleet.tanzu/access-layer';
/** Annotation holding the group name verbatim (a group need not be a valid label value). */
export const GROUP_ANNOTATION = 'edge-fleet.tanzu/group';

/** Read of the cluster-scoped objects `view` leaves out. */
export const VIEW_CLUSTER_ROLE = 'edge-fleet:view-cluster';
/** Restart workloads: patch Deployments, StatefulSets, DaemonSets (kubectl rollout restart), delete Pods, read Pod logs. */
export const OPERATE_ROLE = 'edge-fleet:operate';

const READ = ['get', 'list', 'watch'];

/** The product's own ClusterRoles. */
export function productClusterRoles(labels: Labels): Doc[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: VIEW_CLUSTER_ROLE, labels: { ...labels } },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'namespaces', 'persistentvolumes'], verbs: READ },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csidrivers', 'csinodes', 'volumeattachments'], verbs: READ },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
        { apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods'], verbs: READ },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: OPERATE_ROLE, labels: { ...labels } },
      rules: [
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: [...READ, 'patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: [...READ, 'delete'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ],
    },
  ];
}

/** A readable, unique name part for a group: the group itself when it is a valid name, else a slug and a hash. */
export function groupSlug(group: string): string {
  const slug = group.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 40);
  return slug === group ? group : `${slug || 'group'}-${createHash('sha256').update(group).digest('hex').slice(0, 8)}`;
}

/** ClusterRoles a role binds cluster-wide, and ClusterRoles it binds in each of its namespaces. */
export function roleBindings(role: AccessRole, namespaced: boolean): { readonly cluster: readonly string[]; readonly perNamespace: readonly string[] } {
  switch (role) {
    case 'cluster-admin':
      return { cluster: ['cluster-admin'], perNamespace: [] };
    case 'view':
      return namespaced ? { cluster: [], perNamespace: ['view'] } : { cluster: ['view', VIEW_CLUSTER_ROLE], perNamespace: [] };
    case 'operate':
      return { cluster: ['view', VIEW_CLUSTER_ROLE], perNamespace: [OPERATE_ROLE] };
    case 'edit':
      return { cluster: [], perNamespace: ['edit'] };
    case 'admin':
      return { cluster: [], perNamespace: ['admin'] };
  }
}

function bindingName(clusterRole: string, group: string): string {
  return `edge-fleet:${clusterRole.replace(/^edge-fleet:/, '')}:${groupSlug(group)}`;
}

function groupSubject(group: string): Doc {
  return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group };
}

/** The bindings of every grant: cluster-wide ones, and per-namespace ones by namespace, each once. */
export function grantBindings(grants: readonly AccessGrant[], labels: Labels): { readonly cluster: Doc[]; readonly namespaced: ReadonlyMap<string, Doc[]> } {
  const cluster = new Map<string, Doc>();
  const namespaced = new Map<string, Map<string, Doc>>();
  for (const grant of grants) {
    const meta = (name: string, namespace?: string) => ({
      name,
      ...(namespace ? { namespace } : {}),
      labels: { ...labels, [ROLE_LABEL]: grant.role, [LAYER_LABEL]: grant.layer },
      annotations: { [GROUP_ANNOTATION]: grant.group },
    });
    const { cluster: clusterRoles, perNamespace } = roleBindings(grant.role, grant.namespaces !== undefined);
    for (const role of clusterRoles) {
      const name = bindingName(role, grant.group);
      if (cluster.has(name)) continue;
      cluster.set(name, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: meta(name),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [groupSubject(grant.group)],
      });
    }
    for (const ns of grant.namespaces ?? []) {
      let docs = namespaced.get(ns);
      if (!docs) namespaced.set(ns, (docs = new Map()));
      for (const role of perNamespace) {
        const name = bindingName(role, grant.group);
        if (docs.has(name)) continue;
        docs.set(name, {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: meta(name, ns),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
          subjects: [groupSubject(grant.group)],
        });
      }
    }
  }
  const sortedNs = [...namespaced.keys()].sort();
  return { cluster: [...cluster.values()], namespaced: new Map(sortedNs.map((ns) => [ns, [...(namespaced.get(ns) as Map<string, Doc>).values()]])) };
}

/** Name of the break-glass ServiceAccount of a generation. */
export function breakGlassAccount(generation: number): string {
  return `break-glass-g${generation}`;
}

/** Name of the token Secret of the break-glass ServiceAccount of a generation. */
export function breakGlassTokenSecret(generation: number): string {
  return `${breakGlassAccount(generation)}-token`;
}

/**
 * The break-glass objects: its namespace, the ServiceAccount of the current generation,
 * a request for its long-lived token (a Secret of type service-account-token with no
 * data: kube-controller-manager's token controller writes the token into it inside the
 * workload cluster, so it never passes through Terraform, the catalog or the App), the
 * binding of its role, and the kapp rule that keeps the token the controller wrote.
 */
export function breakGlassDocuments(breakGlass: BreakGlass, labels: Labels): Doc[] {
  const account = breakGlassAccount(breakGlass.generation);
  const withRole = { ...labels, [ROLE_LABEL]: breakGlass.role, [LAYER_LABEL]: 'break-glass' };
  const roles = roleBindings(breakGlass.role, false).cluster;
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: BREAK_GLASS_NAMESPACE,
        labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: account, namespace: BREAK_GLASS_NAMESPACE, labels: withRole },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: breakGlassTokenSecret(breakGlass.generation),
        namespace: BREAK_GLASS_NAMESPACE,
        labels: withRole,
        annotations: { 'kubernetes.io/service-account.name': account },
      },
      type: 'kubernetes.io/service-account-token',
    },
    ...roles.map((role) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `edge-fleet:break-glass:${role.replace(/^edge-fleet:/, '')}`, labels: withRole },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: account, namespace: BREAK_GLASS_NAMESPACE }],
    })),
    {
      // The token controller fills data (and the uid annotation) after kapp created the
      // Secret; without this rule kapp would remove them again on the next sync.
      apiVersion: 'kapp.k14s.io/v1alpha1',
      kind: 'Config',
      rebaseRules: [
        {
          paths: [['data'], ['metadata', 'annotations', 'kubernetes.io/service-account.uid']],
          type: 'copy',
          sources: ['existing', 'new'],
          resourceMatchers: [{ kindNamespaceNameMatcher: { kind: 'Secret', namespace: BREAK_GLASS_NAMESPACE, name: breakGlassTokenSecret(breakGlass.generation) } }],
        },
      ],
    },
  ];
}

/**
 * A namespace the access App does not own: kapp waits until it exists (the
 * application delivery creates it) and never creates, changes or deletes it.
 */
export function existingNamespace(name: string): Doc {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: { 'kapp.k14s.io/exists': '' } } };
}
