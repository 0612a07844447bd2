import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { yamlencode } from '../terraform-functions';
import { toYaml } from '../yaml';
import { DNS_LABEL } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';
import { FIELD_MANAGER } from '../tkg/workload-cluster';

/** Keys of the values Secret. */
export const VALUES_KEY = 'values.yaml';
export const SECRET_VALUES_KEY = 'secret-values.yaml';

export interface PackageInstallProps {
  /** PackageInstall name, e.g. `contour`. */
  readonly name: string;
  /** Namespace on the management cluster (the site's namespace). */
  readonly namespace: string;
  /** Package refName, e.g. `contour.tanzu.vmware.com`. */
  readonly packageName: string;
  /** Version constraint, e.g. `1.23.5+vmware.1-tkg.1` (an exact version pins it). */
  readonly version: string;
  /** Name of the workload cluster's Cluster API kubeconfig Secret (`<cluster>-kubeconfig`, key `value`). */
  readonly kubeconfigSecretName: string;
  /**
   * Namespace in the workload cluster where kapp keeps the install's state. The
   * package's own objects go where its templates put them.
   * @default "default"
   */
  readonly targetNamespace?: string;
  /** Data values without secrets: written as readable YAML. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
  /**
   * Data values that hold secrets, as Terraform references (variables, generated
   * passwords): YAML-encoded by Terraform at apply time, so no secret is ever in the
   * synthesized output. Merged over `values`. @default none
   */
  readonly secretValues?: Readonly<Record<string, unknown>>;
  /** How often kapp-controller reconciles the package. @default "10m" */
  readonly syncPeriod?: string;
  /** Wait until the package has reconciled, so dependents install after it. @default true */
  readonly waitForReconcile?: boolean;
  /** What must be in place first: the repository, the cluster, other add-ons. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on the PackageInstall and its values Secret. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra ytt files for what the package's data values cannot express (mounting a CA,
   * provisioning dashboards): each becomes a Secret, referenced by the annotation
   * `ext.packaging.carvel.dev/ytt-paths-from-secret-name.<n>`.
   * @default []
   */
  readonly extensions?: ReadonlyArray<{ readonly secretName: string; readonly files: Readonly<Record<string, string>> }>;
}

/** Seconds in a kapp-controller duration such as `10m` or `90s`; NaN when not one. */
function durationSeconds(value: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(value);
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : NaN;
}

/** PackageInstall annotation prefix that adds ytt files from a Secret (kapp-controller). */
export const YTT_PATHS_ANNOTATION = 'ext.packaging.carvel.dev/ytt-paths-from-secret-name.';

/**
 * One Carvel PackageInstall created on the management cluster that installs a package
 * into a workload cluster through its Cluster API kubeconfig Secret, with its data
 * values in a Secret it references: the whole site is one apply, and the management
 * cluster keeps reconciling the add-on afterwards.
 */
export class PackageInstall extends Construct {
  readonly manifest: Manifest;
  readonly valuesSecret: SecretV1;
  /** The PackageInstall object as applied. */
  readonly object: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: PackageInstallProps) {
    super(scope, id);
    const targetNamespace = props.targetNamespace ?? 'default';
    const syncPeriod = props.syncPeriod ?? '10m';
    const wait = props.waitForReconcile ?? true;
    const violations: PropViolation[] = [];
    if (!DNS_LABEL.test(props.name)) violations.push({ field: 'name', message: `'${props.name}' is not allowed; allowed: a DNS label` });
    if (!DNS_LABEL.test(props.namespace)) violations.push({ field: 'namespace', message: `'${props.namespace}' is not allowed; allowed: a DNS label` });
    if (!DNS_LABEL.test(targetNamespace)) violations.push({ field: 'targetNamespace', message: `'${targetNamespace}' is not allowed; allowed: a DNS label` });
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(props.packageName)) violations.push({ field: 'packageName', message: `'${props.packageName}' is not allowed; allowed: a package refName such as contour.tanzu.vmware.com` });
    if (props.version.trim() === '') violations.push({ field: 'version', message: "'' is not allowed; allowed: a version or semver constraint" });
    (props.extensions ?? []).forEach((ext, i) => {
      if (!DNS_LABEL.test(ext.secretName)) violations.push({ field: `extensions[${i}].secretName`, message: `'${ext.secretName}' is not allowed; allowed: a Secret name (DNS label)` });
    });
    if (!(durationSeconds(syncPeriod) >= 30)) violations.push({ field: 'syncPeriod', message: `'${syncPeriod}' is not allowed; allowed: a duration of at least 30s, such as 10m` });
    assertProps(this, 'PackageInstall', violations);

    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;
    const secretName = `${props.name}-values`;
    const extensions = (props.extensions ?? []).map(
      (ext) =>
        new SecretV1(this, `extension-${ext.secretName}`, {
          metadata: { name: ext.secretName, namespace: props.namespace, labels: { ...props.labels } },
          type: 'Opaque',
          data: { ...ext.files },
          dependsOn,
        }),
    );
    this.valuesSecret = new SecretV1(this, 'values', {
      metadata: { name: secretName, namespace: props.namespace, labels: { ...props.labels } },
      type: 'Opaque',
      data: {
        [VALUES_KEY]: toYaml(props.values ?? {}),
        ...(props.secretValues ? { [SECRET_VALUES_KEY]: yamlencode(props.secretValues) } : {}),
      },
      dependsOn,
    });

    this.object = {
      apiVersion: 'packaging.carvel.dev/v1alpha1',
      kind: 'PackageInstall',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels },
        ...(props.extensions?.length ? { annotations: Object.fromEntries(props.extensions.map((ext, i) => [`${YTT_PATHS_ANNOTATION}${i}`, ext.secretName])) } : {}),
      },
      spec: {
        packageRef: { refName: props.packageName, versionSelection: { constraints: props.version } },
        cluster: { kubeconfigSecretRef: { name: props.kubeconfigSecretName, key: 'value' }, namespace: targetNamespace },
        values: [
          { secretRef: { name: secretName, key: VALUES_KEY } },
          ...(props.secretValues ? [{ secretRef: { name: secretName, key: SECRET_VALUES_KEY } }] : []),
        ],
        syncPeriod,
      },
    };
    this.manifest = new Manifest(this, 'install', {
      manifest: this.object,
      fieldManager: { name: FIELD_MANAGER },
      ...(wait ? { wait: { condition: [{ type: 'ReconcileSucceeded', status: 'True' }] } } : {}),
      timeouts: { create: '30m', update: '30m', delete: '15m' },
      dependsOn: [this.valuesSecret, ...extensions, ...(dependsOn ?? [])],
    });
  }
}
