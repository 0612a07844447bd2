import { Release } from '@cdktf/provider-helm/lib/release';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { yamlencode } from '../terraform-functions';
import { toYaml } from '../yaml';
import { HubLogSinkOptions, hubLogSinkValues, hubMonitoringValues } from '../addons/values/hub-monitoring';
import { PlainObject, splitTerraformTokens } from '../addons/values/types';
import { DNS_LABEL, FQDN } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';

/** Helm repository of kube-prometheus-stack. */
export const PROMETHEUS_COMMUNITY_REPOSITORY = 'https://prometheus-community.github.io/helm-charts';
/** Helm repository of the fluent-bit chart. */
export const FLUENT_REPOSITORY = 'https://fluent.github.io/helm-charts';
/** Secret (htpasswd file, key `auth`) the remote-write ingress checks the sites against. */
export const REMOTE_WRITE_AUTH_SECRET = 'remote-write-auth';

/** A host the hub serves over TLS through an Ingress. */
export interface HubEndpoint {
  /** FQDN, e.g. `metrics.hub.tanzu.lab`. */
  readonly host: string;
  /** `kubernetes.io/tls` Secret in the monitoring namespace. */
  readonly tlsSecretName: string;
}

/** One site's remote-write credentials. */
export interface RemoteWriteCredential {
  /** The site id: its user name. */
  readonly username: string;
  /** Its password: a Terraform expression (never a literal). */
  readonly password: string;
}

export interface HubMonitoringProps {
  /** Namespace on the shared-services cluster (must exist, with the TLS Secrets). @default "monitoring" */
  readonly namespace?: string;
  /** kube-prometheus-stack chart version. @default "88.5.3" */
  readonly chartVersion?: string;
  /** fluent-bit chart version of the log sink. @default "0.58.2" */
  readonly logSinkChartVersion?: string;
  /** Ingress class of both ingresses (ingress-nginx: it enforces the remote-write basic auth). @default the cluster default */
  readonly ingressClassName?: string;
  /** Where the sites remote-write (path `/api/v1/write`). */
  readonly remoteWrite: HubEndpoint;
  /** The fleet Grafana. */
  readonly grafana: HubEndpoint;
  /** Grafana admin password: a Terraform expression. */
  readonly grafanaAdminPassword: string;
  /** Who may remote-write: one entry per site. */
  readonly remoteWriteCredentials: readonly RemoteWriteCredential[];
  /** How long the hub keeps metrics. @default "30d" */
  readonly retention?: string;
  /** Hub Prometheus volume. @default "500Gi" */
  readonly storage?: string;
  /** @default the cluster default */
  readonly storageClassName?: string;
  /** Sites that must report (one absence alert each): the built sites. @default [] */
  readonly knownSites?: readonly string[];
  /** The log sink the sites forward to. */
  readonly logSink: HubLogSinkOptions;
  /** Helm provider of the shared-services cluster. @default the stack's default */
  readonly helmProvider?: TerraformProvider;
  /** Kubernetes provider of the same cluster (the auth Secret). @default the stack's default */
  readonly kubernetesProvider?: TerraformProvider;
}

/** The htpasswd line of one site: ingress-nginx reads `{PLAIN}` passwords (nginx auth_basic). */
export function htpasswdLine(credential: RemoteWriteCredential): string {
  return `${credential.username}:{PLAIN}${credential.password}`;
}

/**
 * Central monitoring on the hub's shared-services cluster: kube-prometheus-stack with
 * its remote-write receiver behind a TLS Ingress that checks each site's basic-auth
 * credentials, the fleet rules (one absence alert per known site) and the fleet
 * Grafana; and a Fluent Bit Deployment as the log sink the sites forward to over TLS
 * with the shared key. Values that hold secrets are YAML-encoded by Terraform into a
 * second values document, so the synthesized output has none.
 */
export class HubMonitoring extends Construct {
  readonly release: Release;
  readonly logSink: Release;
  readonly authSecret: SecretV1;
  /** Helm values of kube-prometheus-stack without secrets. */
  readonly values: PlainObject;
  /** Helm values of the log sink without secrets. */
  readonly logSinkValues: PlainObject;

  constructor(scope: Construct, id: string, props: HubMonitoringProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'monitoring';
    const violations: PropViolation[] = [];
    if (!DNS_LABEL.test(namespace)) violations.push({ field: 'namespace', message: `'${namespace}' is not allowed; allowed: a DNS label` });
    for (const field of ['remoteWrite', 'grafana'] as const) {
      const endpoint = props[field];
      if (!FQDN.test(endpoint.host)) violations.push({ field: `${field}.host`, message: `'${endpoint.host}' is not allowed; allowed: a fully qualified host name` });
      if (!DNS_LABEL.test(endpoint.tlsSecretName)) violations.push({ field: `${field}.tlsSecretName`, message: `'${endpoint.tlsSecretName}' is not allowed; allowed: a Secret name` });
    }
    if (props.remoteWrite.host === props.grafana.host) violations.push({ field: 'grafana.host', message: `'${props.grafana.host}' is also remoteWrite.host; allowed: a host of its own` });
    const seen = new Set<string>();
    props.remoteWriteCredentials.forEach((c, i) => {
      if (!DNS_LABEL.test(c.username)) violations.push({ field: `remoteWriteCredentials[${i}].username`, message: `'${c.username}' is not allowed; allowed: a site id` });
      if (seen.has(c.username)) violations.push({ field: `remoteWriteCredentials[${i}].username`, message: `'${c.username}' appears twice; allowed: one entry per site` });
      seen.add(c.username);
      if (!/\$\{/.test(c.password)) violations.push({ field: `remoteWriteCredentials[${i}].password`, message: 'a literal is not allowed; allowed: a Terraform expression (a sensitive variable or derived from one)' });
    });
    assertProps(this, 'HubMonitoring', violations);

    this.authSecret = new SecretV1(this, 'remote-write-auth', {
      provider: props.kubernetesProvider,
      metadata: { name: REMOTE_WRITE_AUTH_SECRET, namespace },
      type: 'Opaque',
      // An empty file (no site yet) refuses everyone, which is what we want.
      data: { auth: props.remoteWriteCredentials.map((c) => `${htpasswdLine(c)}\n`).join('') },
    });

    const ingressClass = props.ingressClassName ? { className: props.ingressClassName } : {};
    const monitoring = splitTerraformTokens(
      hubMonitoringValues({
        grafanaAdminPassword: props.grafanaAdminPassword,
        retention: props.retention ?? '30d',
        storage: { size: props.storage ?? '500Gi', ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}) },
        prometheusIngress: {
          host: props.remoteWrite.host,
          tlsSecretName: props.remoteWrite.tlsSecretName,
          ...ingressClass,
          annotations: {
            'nginx.ingress.kubernetes.io/auth-type': 'basic',
            'nginx.ingress.kubernetes.io/auth-secret': REMOTE_WRITE_AUTH_SECRET,
            'nginx.ingress.kubernetes.io/auth-realm': 'edge fleet remote write',
            // A site's backlog after an outage arrives in large batches.
            'nginx.ingress.kubernetes.io/proxy-body-size': '32m',
          },
        },
        grafanaIngress: { host: props.grafana.host, tlsSecretName: props.grafana.tlsSecretName, ...ingressClass },
        knownSites: props.knownSites ?? [],
      }),
    );
    this.values = monitoring.values;
    this.release = new Release(this, 'release', {
      provider: props.helmProvider,
      name: 'kube-prometheus-stack',
      namespace,
      repository: PROMETHEUS_COMMUNITY_REPOSITORY,
      chart: 'kube-prometheus-stack',
      version: props.chartVersion ?? '88.5.3',
      values: valuesDocuments(monitoring),
      atomic: true,
      timeout: 900,
      dependsOn: [this.authSecret],
    });

    const sink = splitTerraformTokens(hubLogSinkValues(props.logSink));
    this.logSinkValues = sink.values;
    this.logSink = new Release(this, 'log-sink', {
      provider: props.helmProvider,
      name: 'fleet-log-sink',
      namespace,
      repository: FLUENT_REPOSITORY,
      chart: 'fluent-bit',
      version: props.logSinkChartVersion ?? '0.58.2',
      values: valuesDocuments(sink),
      atomic: true,
      timeout: 600,
    });
  }
}

/** Plain values as readable YAML; values with Terraform references YAML-encoded by Terraform. */
function valuesDocuments(split: { values: PlainObject; secretValues: PlainObject }): string[] {
  return [toYaml(split.values), ...(Object.keys(split.secretValues).length > 0 ? [yamlencode(split.secretValues)] : [])];
}
