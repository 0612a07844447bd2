import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { BackupSchedule, SiteRestore } from '../catalog/model';
import { DNS_LABEL } from '../catalog/rules';
import { KappApp } from '../packages/kapp-app';
import { SecretPair, pullSecretDocument } from '../packages/pull-secret';
import { PropViolation, assertProps } from '../props-error';
import { yamlencode } from '../terraform-functions';
import {
  CREDENTIALS_SECRET_NAME,
  PULL_SECRET_NAME,
  VELERO_NAMESPACE,
  VELERO_RELEASE,
  VeleroLocation,
  VeleroSource,
  chartRepositoryUrl,
  credentialsFile,
  locationWaitRule,
  restoreObject,
  veleroNamespace,
  veleroValues,
} from './velero-values';

export type { SecretPair } from '../packages/pull-secret';

export interface SiteVeleroProps {
  /** The site's namespace on the management cluster. */
  readonly namespace: string;
  /** The workload cluster's Cluster API kubeconfig Secret. */
  readonly kubeconfigSecretName: string;
  /** Chart and images: the site Harbor's replicated project and the ring's release. */
  readonly source: VeleroSource;
  /** The site's own location in the hub object store. */
  readonly location: VeleroLocation;
  /** The site's own store credentials: access key id (`username`) and secret (`password`). */
  readonly storeCredentials: SecretPair;
  /** Pull credentials of the site Harbor (a pull-only robot): chart and images. */
  readonly registryCredentials: SecretPair;
  /** Enabled schedules; at least one. */
  readonly schedules: readonly BackupSchedule[];
  /** A restore in progress. @default none */
  readonly restore?: SiteRestore;
  /** @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Labels on every object, here and in the workload cluster. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Velero in a site's workload cluster, delivered by the management cluster in the same
 * apply as the cluster: a kapp-controller App renders the velero chart (from the site
 * Harbor) with the site's location, credentials and schedules, and adds the velero
 * Namespace, the image pull and store credentials Secrets and, while restoring, the Restore.
 *
 * The apply does not wait for the App to reconcile: its chart and images reach the
 * site Harbor by replication, which for a new site (or a scheduled ring) comes later;
 * kapp-controller keeps retrying until they are there (`kubectl get app velero -n
 * <site>` on the management cluster; the site's Velero alerts).
 *
 * Secrets never enter the configuration: the store credentials file and the pull
 * Secret are built by Terraform at apply time into one Secret on the management
 * cluster, whose YAML files the App adds to its deploy (`fetch[].inline.pathsFrom`).
 */
export class SiteVelero extends Construct {
  readonly app: KappApp;
  readonly chartSecret: SecretV1;
  /** The Secrets the App creates in the workload cluster (image pull, store credentials), as YAML files. */
  readonly secrets: SecretV1;

  constructor(scope: Construct, id: string, props: SiteVeleroProps) {
    super(scope, id);
    const violations: PropViolation[] = [];
    if (!DNS_LABEL.test(props.namespace)) violations.push({ field: 'namespace', message: `'${props.namespace}' is not allowed; allowed: a DNS label` });
    if (props.schedules.length === 0) violations.push({ field: 'schedules', message: 'an empty list is not allowed; allowed: at least one schedule (or no SiteVelero)' });
    const names = props.schedules.map((s) => s.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) violations.push({ field: 'schedules', message: `'${duplicate}' appears twice; allowed: each schedule name once` });
    const restoreSchedule = props.restore ? props.schedules.find((s) => s.name === props.restore?.schedule) : undefined;
    if (props.restore && !restoreSchedule) {
      violations.push({ field: 'restore.schedule', message: `'${props.restore.schedule}' is not allowed; allowed: one of the schedules (${names.join(', ') || 'none'})` });
    }
    if (!/^https:\/\//.test(props.location.endpoint)) violations.push({ field: 'location.endpoint', message: `'${props.location.endpoint}' is not allowed; allowed: an https:// URL (TLS is always verified)` });
    if (props.location.bucket.includes('{') || props.location.prefix.includes('{')) {
      violations.push({ field: 'location', message: `'${props.location.bucket}/${props.location.prefix}' is not allowed; allowed: the site's own bucket and prefix, {site} replaced` });
    }
    assertProps(this, 'SiteVelero', violations);

    const labels = { ...props.labels };
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;
    const { username, password } = props.registryCredentials;
    const chartSecretName = `${VELERO_RELEASE}-chart-pull`;
    const secretsName = `${VELERO_RELEASE}-secrets`;
    this.chartSecret = new SecretV1(this, 'chart-credentials', {
      metadata: { name: chartSecretName, namespace: props.namespace, labels },
      type: 'Opaque',
      data: { username, password },
      dependsOn,
    });
    this.secrets = new SecretV1(this, 'secrets', {
      metadata: { name: secretsName, namespace: props.namespace, labels },
      type: 'Opaque',
      data: {
        'pull-secret.yaml': pullSecretDocument(PULL_SECRET_NAME, VELERO_NAMESPACE, props.source.registryHost, props.registryCredentials, labels),
        'credentials.yaml': yamlencode({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: CREDENTIALS_SECRET_NAME, namespace: VELERO_NAMESPACE, labels },
          type: 'Opaque',
          data: { cloud: Fn.base64encode(credentialsFile(props.storeCredentials.username, props.storeCredentials.password)) },
        }),
      },
      dependsOn,
    });

    this.app = new KappApp(this, 'app', {
      name: VELERO_RELEASE,
      namespace: props.namespace,
      kubeconfigSecretName: props.kubeconfigSecretName,
      targetNamespace: VELERO_NAMESPACE,
      chart: { name: 'velero', version: props.source.release.chartVersion, repositoryUrl: chartRepositoryUrl(props.source), secretName: chartSecretName },
      values: veleroValues({ source: props.source, location: props.location, schedules: props.schedules, restoring: props.restore !== undefined }),
      documents: [
        veleroNamespace(labels),
        locationWaitRule(),
        ...(props.restore && restoreSchedule ? [restoreObject(props.restore, restoreSchedule, labels)] : []),
      ],
      documentSecrets: [secretsName],
      waitForReconcile: false,
      labels,
      dependsOn: [this.chartSecret, this.secrets, ...(dependsOn ?? [])],
    });
  }
}
