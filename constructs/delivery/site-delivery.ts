import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { forbiddenNamespace } from '../catalog/applications';
import { ARGOCD_NAMESPACE, FLAGGER_NAMESPACE, SiteApplication } from '../catalog/model';
import { DNS_LABEL, isPemCertificate } from '../catalog/rules';
import { KappApp } from '../packages/kapp-app';
import { SecretPair, pullSecretDocument } from '../packages/pull-secret';
import { PropViolation, assertProps } from '../props-error';
import { yamlencode } from '../terraform-functions';
import {
  APPLICATIONS_APP,
  APPLICATION_PULL_SECRET,
  ARGOCD_PULL_SECRET,
  ARGOCD_RELEASE,
  DeliverySource,
  FLAGGER_PULL_SECRET,
  FLAGGER_RELEASE,
  applicationObject,
  applicationSource,
  argoCdValues,
  canaryObject,
  deliveryChartRepositoryUrl,
  flaggerValues,
  namespaceObject,
} from './delivery-values';

export interface SiteDeliveryProps {
  /** The site's namespace on the management cluster. */
  readonly namespace: string;
  /** The workload cluster's Cluster API kubeconfig Secret. */
  readonly kubeconfigSecretName: string;
  /** The site Harbor, the delivery project and the ring's Argo CD and Flagger. */
  readonly source: DeliverySource;
  /** PEM CA that signed the site Harbor's certificate (the fleet CA): Argo CD verifies the site Harbor with it. */
  readonly caCertificate: string;
  /** Pull credentials of the site Harbor (a pull-only robot): charts and images of Argo CD, Flagger and the applications. */
  readonly registryCredentials: SecretPair;
  /** URL of the site Prometheus, Flagger's metrics server. */
  readonly metricsServer: string;
  /** The site id: Flagger's cluster name, and `fleet.site` in every application's values. */
  readonly site: string;
  /** The site's ring: `fleet.ring` in every application's values. */
  readonly ring: string;
  /** Scrape interval of the site Prometheus in seconds: the canary queries span at least two. */
  readonly scrapeIntervalSeconds: number;
  /** Enabled applications at the site's versions. @default [] */
  readonly applications?: readonly SiteApplication[];
  /** @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on every object, here and in the workload cluster. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Document Secret keys: one YAML object each. */
type Documents = Record<string, string>;

/**
 * Argo CD, Flagger and the applications in a site's workload cluster, delivered by the
 * management cluster in the same apply as the cluster: three kapp-controller Apps.
 * `argocd` renders the argo-cd chart from the site Harbor and adds the `argocd`
 * Namespace, the image pull Secret and one repository Secret per chart repository of
 * the applications (Helm over OCI, the site Harbor robot, the fleet CA trusted);
 * `flagger` renders the flagger chart (Contour, the site Prometheus); `applications`
 * holds each application's Namespace (with a pull Secret of the site Harbor), its Argo CD
 * `Application` at the version the site runs, and its Flagger `Canary`.
 *
 * Nothing reaches beyond the site: every chart and image is pulled from the site
 * Harbor, so a site whose WAN is down still starts, syncs and rolls back what has been
 * replicated. The apply does not wait for the Apps to reconcile: their charts and
 * images reach the site Harbor by replication, and the Application and Canary kinds
 * exist only once the charts' CRDs are in; kapp-controller retries until they are.
 * Secrets (robot credentials) are built by Terraform at apply time into Secrets on the
 * management cluster, never into the Apps.
 */
export class SiteDelivery extends Construct {
  readonly argocd: KappApp;
  readonly flagger: KappApp;
  /** Present when the site runs at least one application. */
  readonly applications?: KappApp;
  readonly chartSecret: SecretV1;

  constructor(scope: Construct, id: string, props: SiteDeliveryProps) {
    super(scope, id);
    const applications = props.applications ?? [];
    const violations: PropViolation[] = [];
    for (const field of ['namespace', 'site', 'ring'] as const) {
      if (!DNS_LABEL.test(props[field])) violations.push({ field, message: `'${props[field]}' is not allowed; allowed: a DNS label` });
    }
    if (!isPemCertificate(props.caCertificate)) violations.push({ field: 'caCertificate', message: 'not a PEM certificate; allowed: the PEM CA certificate of the site Harbor' });
    if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?(\/\S*)?$/.test(props.metricsServer)) violations.push({ field: 'metricsServer', message: `'${props.metricsServer}' is not allowed; allowed: an http(s):// URL of the site Prometheus` });
    if (!(props.scrapeIntervalSeconds >= 1)) violations.push({ field: 'scrapeIntervalSeconds', message: `${props.scrapeIntervalSeconds} is not allowed; allowed: a positive number of seconds` });
    const names = applications.map((a) => a.application.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) violations.push({ field: 'applications', message: `'${duplicate}' appears twice; allowed: each application once` });
    applications.forEach((a, i) => {
      const why = forbiddenNamespace(a.application.namespace);
      if (why) violations.push({ field: `applications[${i}].application.namespace`, message: `${why}; allowed: a namespace of the application's own` });
    });
    assertProps(this, 'SiteDelivery', violations);

    const labels = { ...props.labels };
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;
    const { username, password } = props.registryCredentials;
    const host = props.source.registryHost;
    const pullSecret = (name: string, namespace: string) => pullSecretDocument(name, namespace, host, props.registryCredentials, labels);
    const documentSecret = (name: string, data: Documents) => new SecretV1(this, name, { metadata: { name, namespace: props.namespace, labels }, type: 'Opaque', data, dependsOn });

    const chartSecretName = 'delivery-chart-pull';
    this.chartSecret = new SecretV1(this, 'chart-credentials', {
      metadata: { name: chartSecretName, namespace: props.namespace, labels },
      type: 'Opaque',
      data: { username, password },
      dependsOn,
    });
    const chart = (name: string, version: string) => ({ name, version, repositoryUrl: deliveryChartRepositoryUrl(props.source), secretName: chartSecretName });

    // One Argo CD repository Secret per chart repository of the applications (Helm over OCI).
    const repositories = [...new Set(applications.map((a) => applicationSource(host, a.application).repoURL))].sort();
    const argocdDocuments: Documents = { 'pull-secret.yaml': pullSecret(ARGOCD_PULL_SECRET, ARGOCD_NAMESPACE) };
    repositories.forEach((url, i) => {
      argocdDocuments[`repository-${i}.yaml`] = yamlencode({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `site-harbor-${i}`, namespace: ARGOCD_NAMESPACE, labels: { ...labels, 'argocd.argoproj.io/secret-type': 'repository' } },
        type: 'Opaque',
        stringData: { name: `site-harbor-${i}`, url, type: 'helm', enableOCI: 'true', username, password },
      });
    });
    const argocdSecret = documentSecret('argocd-documents', argocdDocuments);
    this.argocd = new KappApp(this, 'argocd', {
      name: ARGOCD_RELEASE,
      namespace: props.namespace,
      kubeconfigSecretName: props.kubeconfigSecretName,
      targetNamespace: ARGOCD_NAMESPACE,
      chart: chart('argo-cd', props.source.argocd.chartVersion),
      values: argoCdValues(props.source, props.caCertificate),
      documents: [namespaceObject(ARGOCD_NAMESPACE, labels)],
      documentSecrets: ['argocd-documents'],
      waitForReconcile: false,
      labels,
      dependsOn: [this.chartSecret, argocdSecret, ...(dependsOn ?? [])],
    });

    const flaggerSecret = documentSecret('flagger-documents', { 'pull-secret.yaml': pullSecret(FLAGGER_PULL_SECRET, FLAGGER_NAMESPACE) });
    this.flagger = new KappApp(this, 'flagger', {
      name: FLAGGER_RELEASE,
      namespace: props.namespace,
      kubeconfigSecretName: props.kubeconfigSecretName,
      targetNamespace: FLAGGER_NAMESPACE,
      chart: chart('flagger', props.source.flagger.chartVersion),
      values: flaggerValues(props.source, props.metricsServer, props.site),
      documents: [namespaceObject(FLAGGER_NAMESPACE, labels)],
      documentSecrets: ['flagger-documents'],
      waitForReconcile: false,
      labels,
      dependsOn: [this.chartSecret, flaggerSecret, ...(dependsOn ?? [])],
    });

    if (applications.length === 0) return;
    const namespaces = [...new Set(applications.map((a) => a.application.namespace))].sort();
    const appSecret = documentSecret(
      'applications-documents',
      Object.fromEntries(namespaces.map((ns) => [`pull-secret-${ns}.yaml`, pullSecret(APPLICATION_PULL_SECRET, ns)])),
    );
    this.applications = new KappApp(this, 'applications', {
      name: APPLICATIONS_APP,
      namespace: props.namespace,
      kubeconfigSecretName: props.kubeconfigSecretName,
      targetNamespace: ARGOCD_NAMESPACE,
      documents: [
        ...namespaces.map((ns) => namespaceObject(ns, labels)),
        ...applications.map((a) => applicationObject(host, a, ARGOCD_NAMESPACE, { site: props.site, ring: props.ring }, labels)),
        ...applications.flatMap((a) => {
          const app = a.application;
          return app.canary ? [canaryObject({ ...app, canary: app.canary }, props.scrapeIntervalSeconds, labels)] : [];
        }),
      ],
      documentSecrets: ['applications-documents'],
      waitForReconcile: false,
      labels,
      dependsOn: [appSecret, this.argocd.manifest, this.flagger.manifest, ...(dependsOn ?? [])],
    });
  }
}
