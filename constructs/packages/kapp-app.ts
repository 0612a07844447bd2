import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_LABEL, durationSeconds } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';
import { FIELD_MANAGER } from '../tkg/workload-cluster';
import { toYaml } from '../yaml';

/**
 * A Helm chart fetched by kapp-controller (`spec.fetch[].helmChart`). kapp-controller
 * fetches OCI charts (`oci://` URLs) since v0.19.0; authentication is a Secret with
 * `username` and `password` in the App's namespace.
 */
export interface KappHelmChart {
  /** Chart name, e.g. `velero`. */
  readonly name: string;
  /** Exact chart version, e.g. `12.1.0`. */
  readonly version: string;
  /** Repository URL: `oci://<registry>/<project>/<path>` or `https://...`. */
  readonly repositoryUrl: string;
  /** Secret (keys `username`, `password`) kapp-controller authenticates with. @default none (anonymous) */
  readonly secretName?: string;
}

export interface KappAppProps {
  /** App name: the Helm release name as well (`helmTemplate.name` defaults to it). */
  readonly name: string;
  /** Namespace on the management cluster (the site's namespace). */
  readonly namespace: string;
  /** The workload cluster's Cluster API kubeconfig Secret (`<cluster>-kubeconfig`, key `value`). */
  readonly kubeconfigSecretName: string;
  /**
   * Namespace in the workload cluster that the App's namespaced objects default to
   * (and the Helm release namespace). It must exist there, or be one of `documents`.
   */
  readonly targetNamespace: string;
  /** A chart to render with `helm template` (kapp-controller passes `--include-crds`). @default none */
  readonly chart?: KappHelmChart;
  /**
   * Chart values, as readable YAML: never a secret (secrets reach the cluster as
   * Secrets through `documentSecrets`, and the chart names them). @default {}
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /**
   * Kubernetes objects deployed with the chart (or alone): written as readable YAML
   * into the App (`fetch[].inline`), so never put a secret here (a
   * `kubernetes.io/service-account-token` Secret without data is allowed: it asks the
   * cluster's token controller for a token and holds none). @default []
   */
  readonly documents?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /**
   * Secrets on the management cluster (in `namespace`) whose keys are YAML files of
   * further objects (`fetch[].inline.pathsFrom`): how secret objects, such as an image
   * pull Secret, reach the workload cluster without being in the App. @default []
   */
  readonly documentSecrets?: readonly string[];
  /** How often kapp-controller reconciles the App. @default "10m" */
  readonly syncPeriod?: string;
  /** Wait until the App has reconciled (`ReconcileSucceeded`). @default true */
  readonly waitForReconcile?: boolean;
  /**
   * Deleting the App leaves its objects in the workload cluster (`spec.noopDelete`).
   * @default false
   */
  readonly noopDelete?: boolean;
  /** What must be in place first. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on the App and the Secrets it creates. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Key of the App's values Secret. */
export const APP_VALUES_KEY = 'values.yaml';
/** Directory of the inline documents in the App's fetch output. */
const DOCUMENTS_FILE = 'documents.yaml';

/**
 * A Carvel kapp-controller `App` (kappctrl.k14s.io/v1alpha1) created on the management
 * cluster that deploys into a workload cluster through its Cluster API kubeconfig
 * Secret: a Helm chart rendered with its values (`helmTemplate`, values from a Secret),
 * plus objects of our own (`inline`) added by a `ytt` step after the chart, in one kapp
 * deploy, so kapp orders them (namespaces and CRDs first, then change rules). It is the
 * route for what is not a Tanzu package; like a PackageInstall, the whole site stays
 * one apply and the management cluster keeps reconciling it.
 *
 * Template: `helmTemplate` on fetch `0/` (the chart), then `ytt` over its output (`-`)
 * and the inline documents (`1/`), with `ignoreUnknownComments` because Helm output is
 * not ytt-annotated YAML. Without a chart, `ytt` alone over the documents.
 */
export class KappApp extends Construct {
  readonly manifest: Manifest;
  /** The values Secret (with a chart). */
  readonly valuesSecret?: SecretV1;
  /** The App object as applied. */
  readonly object: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: KappAppProps) {
    super(scope, id);
    const syncPeriod = props.syncPeriod ?? '10m';
    const wait = props.waitForReconcile ?? true;
    const documents = props.documents ?? [];
    const documentSecrets = props.documentSecrets ?? [];
    const violations: PropViolation[] = [];
    for (const field of ['name', 'namespace', 'targetNamespace', 'kubeconfigSecretName'] as const) {
      if (!DNS_LABEL.test(props[field])) violations.push({ field, message: `'${props[field]}' is not allowed; allowed: a DNS label` });
    }
    if (props.chart) {
      const c = props.chart;
      if (!DNS_LABEL.test(c.name)) violations.push({ field: 'chart.name', message: `'${c.name}' is not allowed; allowed: a chart name (DNS label)` });
      if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(c.version)) violations.push({ field: 'chart.version', message: `'${c.version}' is not allowed; allowed: an exact chart version such as 12.1.0` });
      if (!/^(oci|https):\/\/[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(c.repositoryUrl)) {
        violations.push({ field: 'chart.repositoryUrl', message: `'${c.repositoryUrl}' is not allowed; allowed: an oci:// or https:// repository URL` });
      }
      if (c.secretName !== undefined && !DNS_LABEL.test(c.secretName)) violations.push({ field: 'chart.secretName', message: `'${c.secretName}' is not allowed; allowed: a Secret name (DNS label)` });
    } else if (props.values !== undefined) {
      violations.push({ field: 'values', message: 'chart values without a chart are not allowed; allowed: set chart, or pass objects as documents' });
    }
    if (!props.chart && documents.length === 0 && documentSecrets.length === 0) {
      violations.push({ field: 'chart', message: 'nothing to deploy; allowed: a chart, documents or documentSecrets' });
    }
    documents.forEach((doc, i) => {
      if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') violations.push({ field: `documents[${i}]`, message: 'an object without apiVersion and kind is not allowed; allowed: a Kubernetes object' });
      // A service-account-token Secret without data is a request: the token controller writes the token inside the cluster.
      const tokenRequest = doc.type === 'kubernetes.io/service-account-token' && doc.data === undefined && doc.stringData === undefined;
      if (doc.kind === 'Secret' && !tokenRequest) {
        violations.push({ field: `documents[${i}]`, message: 'a Secret is not allowed in documents (they are readable in the App); allowed: pass it through documentSecrets, or a service-account-token Secret without data' });
      }
    });
    documentSecrets.forEach((name, i) => {
      if (!DNS_LABEL.test(name)) violations.push({ field: `documentSecrets[${i}]`, message: `'${name}' is not allowed; allowed: a Secret name (DNS label)` });
    });
    if (!((durationSeconds(syncPeriod) ?? 0) >= 30)) violations.push({ field: 'syncPeriod', message: `'${syncPeriod}' is not allowed; allowed: a duration of at least 30s, such as 10m` });
    assertProps(this, 'KappApp', violations);

    const labels = { ...props.labels };
    const dependsOn = props.dependsOn ? [...props.dependsOn] : [];
    const secretName = `${props.name}-values`;
    if (props.chart) {
      this.valuesSecret = new SecretV1(this, 'values', {
        metadata: { name: secretName, namespace: props.namespace, labels },
        type: 'Opaque',
        data: { [APP_VALUES_KEY]: toYaml(props.values ?? {}) },
        dependsOn: dependsOn.length ? dependsOn : undefined,
      });
    }

    const inline = documents.length > 0 || documentSecrets.length > 0;
    const fetch: Record<string, unknown>[] = [];
    if (props.chart) {
      const c = props.chart;
      fetch.push({ helmChart: { name: c.name, version: c.version, repository: { url: c.repositoryUrl, ...(c.secretName ? { secretRef: { name: c.secretName } } : {}) } } });
    }
    if (inline) {
      fetch.push({
        inline: {
          ...(documents.length ? { paths: { [DOCUMENTS_FILE]: documents.map((d) => toYaml(d)).join('---\n') } } : {}),
          ...(documentSecrets.length ? { pathsFrom: documentSecrets.map((name) => ({ secretRef: { name } })) } : {}),
        },
      });
    }
    const template: Record<string, unknown>[] = [];
    if (props.chart) {
      template.push({
        helmTemplate: {
          name: props.name,
          namespace: props.targetNamespace,
          path: '0/',
          valuesFrom: [
            { secretRef: { name: secretName } },
          ],
        },
      });
      if (inline) template.push({ ytt: { ignoreUnknownComments: true, paths: ['-', '1/'] } });
    } else {
      template.push({ ytt: { ignoreUnknownComments: true } });
    }

    this.object = {
      apiVersion: 'kappctrl.k14s.io/v1alpha1',
      kind: 'App',
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        cluster: { kubeconfigSecretRef: { name: props.kubeconfigSecretName, key: 'value' }, namespace: props.targetNamespace },
        ...(props.noopDelete ? { noopDelete: true } : {}),
        syncPeriod,
        fetch,
        template,
        deploy: [{ kapp: {} }],
      },
    };
    this.manifest = new Manifest(this, 'app', {
      manifest: this.object,
      fieldManager: { name: FIELD_MANAGER },
      ...(wait ? { wait: { condition: [{ type: 'ReconcileSucceeded', status: 'True' }] } } : {}),
      timeouts: { create: '30m', update: '30m', delete: '15m' },
      dependsOn: [...(this.valuesSecret ? [this.valuesSecret] : []), ...dependsOn],
    });
  }
}
