/**
 * Every credential the product needs, as a Terraform variable. Values are never in
 * the catalog, the code or the synthesized output: set them as `TF_VAR_<name>`
 * locally or in the Terraform Cloud variable sets that the fleet stack attaches.
 *
 * Variables are declared in a stack the first time a construct in it needs them, so
 * each stack declares exactly what it uses.
 */
import { Fn, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

export interface CredentialSpec {
  readonly description: string;
  /** False only for public material (CA certificates) that is still environment-specific. */
  readonly sensitive: boolean;
  /**
   * Terraform Cloud variable set that holds it (see the fleet stack), or
   * `site-workspace`: each site's own workspace variable, never shared between sites.
   */
  readonly variableSet: 'vsphere' | 'kubernetes' | 'harbor' | 'pki' | 'dns' | 'monitoring' | 'site-workspace';
  // No `validation` blocks: Terraform 1.11 prints a sensitive variable's value in the
  // message of a failed validation (measured: __tests__/validate/transitions.test.ts).
}

/** The credential variables, by Terraform variable name. */
export const CREDENTIALS = {
  vsphere_password: { description: 'Password of the vCenter user named in fleet.yaml vcenter.username.', sensitive: true, variableSet: 'vsphere' },
  esxi_password: { description: 'Password of the ESXi user (esxi.username, default root) that vCenter uses to add the site hosts.', sensitive: true, variableSet: 'vsphere' },
  witness_password: { description: 'Root password of the shared vSAN witness appliances (set at first boot; vCenter uses it to register them).', sensitive: true, variableSet: 'vsphere' },
  management_cluster_token: { description: 'Bearer token of a service account on the TKG management cluster.', sensitive: true, variableSet: 'kubernetes' },
  management_cluster_ca_certificate: { description: 'PEM CA certificate of the TKG management cluster API server.', sensitive: false, variableSet: 'kubernetes' },
  shared_services_token: { description: 'Bearer token of a service account on the hub shared-services cluster.', sensitive: true, variableSet: 'kubernetes' },
  shared_services_ca_certificate: { description: 'PEM CA certificate of the hub shared-services cluster API server.', sensitive: false, variableSet: 'kubernetes' },
  hub_harbor_admin_password: { description: 'Password of the hub Harbor user named in fleet.yaml hub.harbor.username (the admin account the chart creates).', sensitive: true, variableSet: 'harbor' },
  site_harbor_admin_password: { description: "Admin password of the site's own Harbor (set at install; may differ per site workspace).", sensitive: true, variableSet: 'harbor' },
  fleet_ca_private_key: { description: 'PEM private key of the fleet CA in fleet.yaml certificateAuthority; signs the site Harbor certificates.', sensitive: true, variableSet: 'pki' },
  site_grafana_admin_password: { description: "Admin password of the site's own Grafana.", sensitive: true, variableSet: 'monitoring' },
  hub_grafana_admin_password: { description: 'Admin password of the fleet Grafana at the hub.', sensitive: true, variableSet: 'monitoring' },
  log_sink_shared_key: { description: 'Secure Forward shared key between the sites\' Fluent Bit and the hub log sink.', sensitive: true, variableSet: 'monitoring' },
  metrics_remote_write_key: {
    description: "Key each site's remote-write password is derived from (sha256 of '<key>:<site id>'): every site has its own password, and the hub checks them all.",
    sensitive: true,
    variableSet: 'monitoring',
  },
  log_store_password: { description: 'Password of the Loki or OpenSearch user in fleet.yaml hub.monitoring.logSink (only when a username is set).', sensitive: true, variableSet: 'monitoring' },
  backup_access_key_id: {
    description: "This site's own access key id at the hub object store (fleet.yaml backup.store): a user allowed only under the site's location (npm run backup-policies prints its policy).",
    sensitive: true,
    variableSet: 'site-workspace',
  },
  backup_secret_access_key: {
    description: "Secret key of this site's own object-store user (backup_access_key_id); every site has its own, so no site can read or delete another's backups.",
    sensitive: true,
    variableSet: 'site-workspace',
  },
  external_dns_tsig_secret: { description: 'TSIG secret (base64) ExternalDNS signs its RFC 2136 updates with, at sites that enable it.', sensitive: true, variableSet: 'dns' },
} as const satisfies Record<string, CredentialSpec>;

export type CredentialName = keyof typeof CREDENTIALS;

/**
 * Credentials that are environment settings, not Terraform variables: what a provider
 * or Terraform itself reads from the environment of the run. No stack declares them.
 */
export const ENVIRONMENT_CREDENTIALS = {
  TFE_TOKEN: {
    description: 'Terraform Cloud or Enterprise API token of the tfe provider in the fleet stack: a team token allowed to manage the workspaces of terraformCloud.project.',
    usedBy: 'fleet',
  },
  TF_TOKEN_app_terraform_io: {
    description: "Terraform's own login to Terraform Cloud (`terraform login`, or TF_TOKEN_<host with dots as underscores> for Terraform Enterprise) for the cloud blocks: cdktf deploy and the review workflow's speculative plans.",
    usedBy: 'every stack, with terraformCloud',
  },
} as const satisfies Record<string, { readonly description: string; readonly usedBy: string }>;

const REGISTRY = Symbol.for('tanzu-edge-fleet.credentials');

type WithRegistry = TerraformStack & { [REGISTRY]?: Map<CredentialName, TerraformVariable> };

/**
 * The variable holding a credential in the stack of `scope`, declared on first use.
 * Returns a token to pass to a provider or resource attribute.
 */
export function credential(scope: Construct, name: CredentialName): string {
  const stack = TerraformStack.of(scope) as WithRegistry;
  const registry = (stack[REGISTRY] ??= new Map());
  let variable = registry.get(name);
  if (!variable) {
    const spec: CredentialSpec = CREDENTIALS[name];
    variable = new TerraformVariable(stack, name, { type: 'string', description: spec.description, sensitive: spec.sensitive, nullable: false });
    registry.set(name, variable);
  }
  return variable.stringValue;
}

/**
 * A site's remote-write password: sha256 of `<metrics_remote_write_key>:<site id>`,
 * computed by Terraform in the site's stack (where Prometheus uses it) and in the hub's
 * (where the ingress checks it). One key to manage, a different password per site: a
 * site's password does not open another site's series.
 */
export function remoteWritePassword(scope: Construct, site: string): string {
  return Fn.sha256(Fn.join(':', [credential(scope, 'metrics_remote_write_key'), site]));
}
