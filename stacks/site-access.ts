/**
 * A site's access from the resolved catalog: the check that the management cluster's
 * Pinniped is the one the catalog names (every workload cluster inherits it), and the
 * RBAC objects and break-glass path delivered into the workload cluster.
 */
import { DataKubernetesConfigMapV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-config-map-v1';
import { Construct } from 'constructs';
import { SiteAccess } from '../constructs/access/site-access';
import { Fleet, FleetIdentity, Site } from '../constructs/catalog/model';
import { WorkloadCluster } from '../constructs/tkg/workload-cluster';
import { siteLabels } from './site-cluster';

/** Where TKG publishes the management cluster's Pinniped supervisor (tanzu-framework pinniped-config-controller). */
export const PINNIPED_INFO = { namespace: 'kube-public', name: 'pinniped-info' } as const;

export interface SiteAccessParts {
  /** The management cluster's pinniped-info, checked at every plan (with fleet.yaml identity). */
  readonly identityCheck?: DataKubernetesConfigMapV1;
  readonly access?: SiteAccess;
}

/** HCL string literal of a value (the issuer is an https URL the schema checked; quotes and backslashes escaped anyway). */
function hclString(value: string): string {
  return JSON.stringify(value).replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{');
}

/**
 * Reads ConfigMap kube-public/pinniped-info on the management cluster and fails the plan
 * unless its issuer is the catalog's. TKG's pinniped-config-controller copies that issuer
 * into each workload cluster's Pinniped package (the concierge's JWTAuthenticator); without
 * the ConfigMap it sets identity_management_type none, and the only way into the cluster
 * would be the admin kubeconfig. So a site never builds on a management cluster whose
 * Pinniped is off or points elsewhere.
 */
export function identityCheck(scope: Construct, identity: FleetIdentity): DataKubernetesConfigMapV1 {
  return new DataKubernetesConfigMapV1(scope, 'pinniped-info', {
    metadata: { namespace: PINNIPED_INFO.namespace, name: PINNIPED_INFO.name },
    lifecycle: {
      postcondition: [
        {
          condition: `\${try(self.data["issuer"], "") == ${hclString(identity.supervisorIssuer)}}`,
          errorMessage:
            `The management cluster's Pinniped supervisor is not the one fleet.yaml names (identity.supervisorIssuer ${identity.supervisorIssuer}): ` +
            `ConfigMap ${PINNIPED_INFO.namespace}/${PINNIPED_INFO.name} is missing or its issuer differs, so the workload cluster would get no identity provider ` +
            '(only the shared admin kubeconfig). Turn identity management on in the management cluster (IDENTITY_MANAGEMENT_TYPE), or correct identity in fleet.yaml (docs/access.md, Identity).',
        },
      ],
    },
  });
}

/** Access of a built site: undefined parts where the catalog has nothing. */
export function buildSiteAccess(scope: Construct, fleet: Fleet, site: Site, cluster: WorkloadCluster): SiteAccessParts {
  const check = fleet.identity ? identityCheck(scope, fleet.identity) : undefined;
  const { grants, breakGlass } = site.access;
  if (grants.length === 0 && !breakGlass) return check ? { identityCheck: check } : {};
  const access = new SiteAccess(scope, 'access', {
    namespace: site.names.namespace,
    kubeconfigSecretName: cluster.kubeconfigSecretName,
    grants,
    ...(breakGlass ? { breakGlass } : {}),
    labels: siteLabels(site),
    dependsOn: [cluster.cluster, ...(check ? [check] : [])],
  });
  return { ...(check ? { identityCheck: check } : {}), access };
}
