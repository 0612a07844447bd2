import { Release } from '@cdktf/provider-helm/lib/release';
import { Password } from '@cdktf/provider-random/lib/password';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { yamlencode } from '../terraform-functions';
import { toYaml } from '../yaml';
import { DNS_LABEL } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';
import { HarborProject } from './binding/project';

/** Repository of the goharbor Helm chart. */
export const HARBOR_CHART_REPOSITORY = 'https://helm.goharbor.io';

export interface HubHarborProject {
  readonly name: string;
  /** @default false */
  readonly public?: boolean;
  /** Storage quota in GiB. @default - unlimited */
  readonly storageQuotaGiB?: number;
}

export interface HubHarborProps {
  /** External URL clients use, e.g. `https://harbor.hub.tanzu.lab`. */
  readonly url: string;
  /** @default "harbor" */
  readonly namespace?: string;
  /** goharbor chart version. @default "1.19.1" */
  readonly chartVersion?: string;
  /** Secret (`tls.crt`, `tls.key`) in `namespace` with the certificate for the URL's host. */
  readonly tlsSecretName: string;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  /** Volume sizes. @default { registry: "500Gi", database: "20Gi", jobservice: "5Gi", redis: "5Gi", trivy: "10Gi" } */
  readonly persistence?: { readonly registry?: string; readonly database?: string; readonly jobservice?: string; readonly redis?: string; readonly trivy?: string };
  /** Admin password: a sensitive variable reference. */
  readonly adminPassword: string;
  /** Projects of the central Harbor. */
  readonly projects: readonly HubHarborProject[];
  /** Harbor provider pointed at this Harbor (for the projects). */
  readonly harborProvider: TerraformProvider;
  /** Helm provider of the cluster Harbor runs on. @default - the stack's default helm provider */
  readonly helmProvider?: TerraformProvider;
  /** What the release waits for (the Prometheus Operator CRDs its ServiceMonitor needs). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The central Harbor on the hub's shared-services cluster (goharbor `harbor` chart)
 * and its projects. Exposed through an ingress on the URL's host with the TLS
 * certificate from `tlsSecretName`; the admin password comes from a sensitive
 * variable and the chart's encryption key (`secretKey`, whose default is the public
 * "not-a-secure-key") is generated once, both in a values document that Terraform
 * encodes at apply (`yamlencode`), so neither is in the synthesized output.
 */
export class HubHarbor extends Construct {
  readonly release: Release;
  readonly projects: readonly HarborProject[];
  /** Helm values the release is installed with (no secrets). */
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: HubHarborProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'harbor';
    const chartVersion = props.chartVersion ?? '1.19.1';
    const persistence = { registry: '500Gi', database: '20Gi', jobservice: '5Gi', redis: '5Gi', trivy: '10Gi', ...props.persistence };
    const violations: PropViolation[] = [];
    let host = '';
    try {
      const url = new URL(props.url);
      host = url.host;
      if (url.protocol !== 'https:') violations.push({ field: 'url', message: `'${props.url}' is not allowed; allowed: an https:// URL` });
    } catch {
      violations.push({ field: 'url', message: `'${props.url}' is not allowed; allowed: an https:// URL` });
    }
    if (!DNS_LABEL.test(namespace)) violations.push({ field: 'namespace', message: `'${namespace}' is not allowed; allowed: a DNS label` });
    if (!DNS_LABEL.test(props.tlsSecretName)) violations.push({ field: 'tlsSecretName', message: `'${props.tlsSecretName}' is not allowed; allowed: a Secret name` });
    for (const [key, size] of Object.entries(persistence)) {
      if (!/^\d+(Mi|Gi|Ti)$/.test(size)) violations.push({ field: `persistence.${key}`, message: `'${size}' is not allowed; allowed: a Kubernetes quantity such as 100Gi` });
    }
    const names = new Set<string>();
    props.projects.forEach((p, i) => {
      if (names.has(p.name)) violations.push({ field: `projects[${i}].name`, message: `'${p.name}' appears twice; allowed: unique names` });
      names.add(p.name);
    });
    assertProps(this, 'HubHarbor', violations);

    const claim = (size: string) => ({ size, ...(props.storageClass ? { storageClass: props.storageClass } : {}) });
    this.values = {
      expose: { type: 'ingress', tls: { enabled: true, certSource: 'secret', secret: { secretName: props.tlsSecretName } }, ingress: { hosts: { core: host } } },
      externalURL: props.url.replace(/\/$/, ''),
      persistence: {
        enabled: true,
        resourcePolicy: 'keep',
        persistentVolumeClaim: {
          registry: claim(persistence.registry),
          database: claim(persistence.database),
          jobservice: { jobLog: claim(persistence.jobservice) },
          redis: claim(persistence.redis),
          trivy: claim(persistence.trivy),
        },
        imageChartStorage: { type: 'filesystem' },
      },
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
    };
    const secretKey = new Password(this, 'secret-key', { length: 16, special: false });
    this.release = new Release(this, 'release', {
      provider: props.helmProvider,
      name: 'harbor',
      namespace,
      createNamespace: false, // the TLS secret lives there already
      repository: HARBOR_CHART_REPOSITORY,
      chart: 'harbor',
      version: chartVersion,
      // Secrets go in a second values document that Terraform YAML-encodes at apply, not
      // in set_sensitive: the helm provider reads a `set` value with Helm's --set syntax
      // (a comma splits it, a leading `{` makes a list, a parse error prints the value).
      values: [toYaml(this.values), yamlencode({ harborAdminPassword: props.adminPassword, secretKey: secretKey.result })],
      atomic: true,
      timeout: 900,
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });

    this.projects = props.projects.map(
      (p) =>
        new HarborProject(this, `project-${p.name}`, {
          provider: props.harborProvider,
          name: p.name,
          public: p.public ?? false,
          vulnerabilityScanning: true,
          ...(p.storageQuotaGiB !== undefined ? { storageQuota: p.storageQuotaGiB } : {}),
          dependsOn: [this.release],
        }),
    );
  }
}
