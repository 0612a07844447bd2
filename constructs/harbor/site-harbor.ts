import { Password } from '@cdktf/provider-random/lib/password';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { FQDN, isPemCertificate } from '../catalog/rules';
import { PackageInstall } from '../packages/package-install';
import { PropViolation, assertProps } from '../props-error';

/** refName of the Tanzu Harbor package. */
export const HARBOR_PACKAGE = 'harbor.tanzu.vmware.com';
/** Namespace the Harbor package runs in, in the workload cluster. */
export const HARBOR_NAMESPACE = 'tanzu-system-registry';

export interface SiteHarborProps {
  /** Namespace of the site on the management cluster. */
  readonly namespace: string;
  /** The workload cluster's Cluster API kubeconfig Secret. */
  readonly kubeconfigSecretName: string;
  /** Harbor package version, e.g. `2.7.1+vmware.1-tkg.1`. */
  readonly version: string;
  /** Host name of the site Harbor, e.g. `harbor.edge33.tanzu.lab`. */
  readonly hostname: string;
  /** PEM certificate of the CA that signs the Harbor certificate (nodes and the hub trust it). */
  readonly caCertificate: string;
  /** Private key of that CA: a sensitive variable reference. */
  readonly caPrivateKey: string;
  /** Harbor admin password: a sensitive variable reference. */
  readonly adminPassword: string;
  /** Registry volume size. @default "100Gi" */
  readonly registryStorage?: string;
  /** Certificate lifetime in hours; re-issued by an apply in its last 30 days. @default 8760 */
  readonly certificateValidityHours?: number;
  /** @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on its Kubernetes objects. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The site's own Harbor, installed into the workload cluster as the Tanzu Harbor
 * package from the management cluster (one apply), behind Contour. Its certificate is
 * issued here and signed by the fleet CA, so the hub and the nodes verify it; its
 * internal secrets are generated once and kept in the stack's state. Keys in the
 * values are those of the Tanzu Harbor package (`hostname`, `port.https`,
 * `tlsCertificate.{tls.crt,tls.key,ca.crt}`, `enableContourHttpProxy`,
 * `harborAdminPassword`, `secretKey`, `database.password`, `core.secret`,
 * `core.xsrfKey`, `jobservice.secret`, `registry.secret`,
 * `persistence.persistentVolumeClaim.registry.size`, `trivy.enabled`,
 * `notary.enabled`, `metrics.enabled`).
 */
export class SiteHarbor extends Construct {
  readonly install: PackageInstall;
  readonly certificate: LocallySignedCert;
  /** `https://<hostname>` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SiteHarborProps) {
    super(scope, id);
    const registryStorage = props.registryStorage ?? '100Gi';
    const validity = props.certificateValidityHours ?? 8760;
    const violations: PropViolation[] = [];
    if (!FQDN.test(props.hostname)) violations.push({ field: 'hostname', message: `'${props.hostname}' is not allowed; allowed: a fully qualified host name` });
    if (!isPemCertificate(props.caCertificate)) violations.push({ field: 'caCertificate', message: 'not a PEM certificate; allowed: one PEM-encoded X.509 certificate' });
    if (!/^\d+(Mi|Gi|Ti)$/.test(registryStorage)) violations.push({ field: 'registryStorage', message: `'${registryStorage}' is not allowed; allowed: a Kubernetes quantity such as 100Gi` });
    if (!Number.isInteger(validity) || validity < 720) violations.push({ field: 'certificateValidityHours', message: `${validity} is not allowed; allowed: whole hours, at least 720 (the renewal window)` });
    assertProps(this, 'SiteHarbor', violations);
    this.url = `https://${props.hostname}`;

    const key = new PrivateKey(this, 'tls-key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    const request = new CertRequest(this, 'tls-request', { privateKeyPem: key.privateKeyPem, subject: [{ commonName: props.hostname }], dnsNames: [props.hostname] });
    this.certificate = new LocallySignedCert(this, 'tls-certificate', {
      certRequestPem: request.certRequestPem,
      caCertPem: props.caCertificate,
      caPrivateKeyPem: props.caPrivateKey,
      validityPeriodHours: validity,
      earlyRenewalHours: 720,
      allowedUses: ['digital_signature', 'key_encipherment', 'server_auth'],
    });

    // Harbor's internal secrets: secretKey must be 16 characters, xsrfKey 32.
    const secret = (name: string, length: number) => new Password(this, name, { length, special: false }).result;

    this.install = new PackageInstall(this, 'package', {
      name: 'harbor',
      namespace: props.namespace,
      packageName: HARBOR_PACKAGE,
      version: props.version,
      kubeconfigSecretName: props.kubeconfigSecretName,
      labels: props.labels,
      values: {
        namespace: HARBOR_NAMESPACE,
        hostname: props.hostname,
        port: { https: 443 },
        enableContourHttpProxy: true,
        persistence: { persistentVolumeClaim: { registry: { size: registryStorage } } },
        trivy: { enabled: true },
        notary: { enabled: false },
        metrics: { enabled: true },
      },
      secretValues: {
        harborAdminPassword: props.adminPassword,
        secretKey: secret('secret-key', 16),
        database: { password: secret('database-password', 24) },
        core: { secret: secret('core-secret', 24), xsrfKey: secret('xsrf-key', 32) },
        jobservice: { secret: secret('jobservice-secret', 24) },
        registry: { secret: secret('registry-secret', 24) },
        tlsCertificate: { 'tls.crt': this.certificate.certPem, 'tls.key': key.privateKeyPem, 'ca.crt': props.caCertificate },
      },
      dependsOn: props.dependsOn,
    });
  }
}
