import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DNS_LABEL } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';
import { FIELD_MANAGER } from '../tkg/workload-cluster';

export interface PackageRepositoryProps {
  /** Repository name, e.g. `tanzu-standard`. */
  readonly name: string;
  /** Namespace (on the cluster running kapp-controller) whose PackageInstalls use it. */
  readonly namespace: string;
  /** imgpkg bundle of the repository, with a tag or digest. */
  readonly image: string;
  /** @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on the objects it creates. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Carvel PackageRepository (packaging.carvel.dev/v1alpha1): makes a repository's
 * Packages available to the PackageInstalls of its namespace. The apply waits until
 * kapp-controller has fetched it, so the installs that follow can resolve packages.
 */
export class PackageRepository extends Construct {
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: PackageRepositoryProps) {
    super(scope, id);
    const violations: PropViolation[] = [];
    if (!DNS_LABEL.test(props.name)) violations.push({ field: 'name', message: `'${props.name}' is not allowed; allowed: a DNS label` });
    if (!DNS_LABEL.test(props.namespace)) violations.push({ field: 'namespace', message: `'${props.namespace}' is not allowed; allowed: a DNS label` });
    if (!/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/.test(props.image)) {
      violations.push({ field: 'image', message: `'${props.image}' is not allowed; allowed: an imgpkg bundle reference with a tag or digest` });
    }
    assertProps(this, 'PackageRepository', violations);
    this.manifest = new Manifest(this, 'repository', {
      manifest: {
        apiVersion: 'packaging.carvel.dev/v1alpha1',
        kind: 'PackageRepository',
        metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
        spec: { fetch: { imgpkgBundle: { image: props.image } } },
      },
      fieldManager: { name: FIELD_MANAGER },
      wait: { condition: [{ type: 'ReconcileSucceeded', status: 'True' }] },
      timeouts: { create: '15m', update: '15m', delete: '15m' },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
