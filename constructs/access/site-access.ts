import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ACCESS_ROLES, AccessGrant, BreakGlass, NAMESPACED_ROLES, isPlatformNamespace } from '../catalog/model';
import { DNS_LABEL } from '../catalog/rules';
import { GROUP_NAME } from '../catalog/schema';
import { KappApp } from '../packages/kapp-app';
import { PropViolation, assertProps } from '../props-error';
import { BREAK_GLASS_NAMESPACE, breakGlassDocuments, existingNamespace, grantBindings, productClusterRoles } from './rbac';

/** Name of the App with the cluster-wide access objects and break-glass. */
export const ACCESS_APP = 'access';
/** Name of the App with the per-namespace bindings (it waits for the namespaces). */
export const NAMESPACED_ACCESS_APP = 'access-namespaces';

export interface SiteAccessProps {
  /** The site's namespace on the management cluster. */
  readonly namespace: string;
  /** The workload cluster's Cluster API kubeconfig Secret (`<cluster>-kubeconfig`). */
  readonly kubeconfigSecretName: string;
  /** Every grant of the site, resolved (constructs/catalog/access.ts). @default [] */
  readonly grants?: readonly AccessGrant[];
  /** The break-glass ServiceAccount. @default none (no break-glass path) */
  readonly breakGlass?: BreakGlass;
  /** How often kapp-controller re-applies the objects (and undoes a hand edit). @default "10m" */
  readonly syncPeriod?: string;
  /** What must be in place first (the cluster, the identity check). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on every object, here and in the workload cluster. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Who may do what on a site's workload cluster, delivered by the management cluster in
 * the same apply as the cluster, like the add-ons: kapp-controller Apps in the site's
 * namespace aimed at `<cluster>-kubeconfig`.
 *
 * - App `access`: the product's ClusterRoles, every cluster-wide binding of a grant, and
 *   the break-glass ServiceAccount with its token request and binding. It needs nothing
 *   but the cluster, so break-glass is in place as soon as the cluster is.
 * - App `access-namespaces` (only with per-namespace grants): the RoleBindings, beside each
 *   namespace marked `kapp.k14s.io/exists`: kapp waits until the application delivery
 *   created the namespace and never owns, changes or deletes it.
 *
 * Neither App waits at apply: a cluster that is not yet reachable is retried by
 * kapp-controller (`kubectl get app access -n <site>` on the management cluster), and a
 * WAN outage never fails an apply at the hub. kapp removes what leaves the catalog
 * (a revoked grant, an old break-glass generation) at the next sync.
 */
export class SiteAccess extends Construct {
  readonly app: KappApp;
  readonly namespacedApp?: KappApp;

  constructor(scope: Construct, id: string, props: SiteAccessProps) {
    super(scope, id);
    const grants = props.grants ?? [];
    const labels = { ...props.labels };
    const violations: PropViolation[] = [];
    for (const field of ['namespace', 'kubeconfigSecretName'] as const) {
      if (!DNS_LABEL.test(props[field])) violations.push({ field, message: `'${props[field]}' is not allowed; allowed: a DNS label` });
    }
    grants.forEach((g, i) => {
      if (!GROUP_NAME.test(g.group)) violations.push({ field: `grants[${i}].group`, message: `'${g.group}' is not allowed; allowed: a group name of 1-256 characters without whitespace, not a system: group` });
      if (!ACCESS_ROLES.includes(g.role)) violations.push({ field: `grants[${i}].role`, message: `'${String(g.role)}' is not allowed; allowed: ${ACCESS_ROLES.join(', ')}` });
      if (NAMESPACED_ROLES.includes(g.role) && !g.namespaces?.length) violations.push({ field: `grants[${i}].namespaces`, message: `missing; required for role ${g.role}: the namespaces it acts in` });
      if (g.role === 'cluster-admin' && g.namespaces !== undefined) violations.push({ field: `grants[${i}].namespaces`, message: 'not allowed with role cluster-admin; allowed: none (it is cluster-wide)' });
      (g.namespaces ?? []).forEach((ns, j) => {
        if (!DNS_LABEL.test(ns) || isPlatformNamespace(ns) || ns === BREAK_GLASS_NAMESPACE) {
          violations.push({ field: `grants[${i}].namespaces[${j}]`, message: `'${ns}' is not allowed; allowed: an application namespace (a DNS label the platform does not own)` });
        }
      });
    });
    if (props.breakGlass && !(Number.isInteger(props.breakGlass.generation) && props.breakGlass.generation >= 1)) {
      violations.push({ field: 'breakGlass.generation', message: `${props.breakGlass.generation} is not allowed; allowed: an integer of at least 1` });
    }
    if (grants.length === 0 && !props.breakGlass) violations.push({ field: 'grants', message: 'nothing to grant; allowed: at least one grant or a break-glass ServiceAccount (or no SiteAccess)' });
    assertProps(this, 'SiteAccess', violations);

    const bindings = grantBindings(grants, labels);
    const common = { namespace: props.namespace, kubeconfigSecretName: props.kubeconfigSecretName, targetNamespace: 'default', waitForReconcile: false, labels, ...(props.syncPeriod ? { syncPeriod: props.syncPeriod } : {}) };
    this.app = new KappApp(this, 'app', {
      ...common,
      name: ACCESS_APP,
      documents: [...productClusterRoles(labels), ...bindings.cluster, ...(props.breakGlass ? breakGlassDocuments(props.breakGlass, labels) : [])],
      dependsOn: props.dependsOn,
    });
    if (bindings.namespaced.size > 0) {
      this.namespacedApp = new KappApp(this, 'namespaced', {
        ...common,
        name: NAMESPACED_ACCESS_APP,
        documents: [...bindings.namespaced].flatMap(([ns, docs]) => [existingNamespace(ns), ...docs]),
        // The RoleBindings refer to the product's ClusterRoles, which the first App creates.
        dependsOn: [this.app.manifest, ...(props.dependsOn ?? [])],
      });
    }
  }
}
