/**
 * Data values of the Tanzu contour package (`contour.tanzu.vmware.com`) for an edge
 * site: Envoy behind a `LoadBalancer` Service on the site's fixed ingress VIP, announced
 * by kube-vip running as the Service load balancer.
 *
 * Sources (TKG package versions targeted: 1.22.3 to 1.24.x +vmware.1-tkg.1 of TKG 2.x;
 * UNCONFIRMED for others):
 * - Keys `infrastructure_provider`, `namespace`, `contour.{replicas,configFileContents}`,
 *   `envoy.service.{type,loadBalancerIP,externalTrafficPolicy,annotations}`,
 *   `envoy.hostPorts.enable`, `certificates.{duration,renewBefore}`: the package's values
 *   schema as printed by `tanzu package available get contour.tanzu.vmware.com/1.24.4
 *   --values-schema` in pivotal/docs-tap `contour/install.hbs.md` (same package name),
 *   and the data-values example of VMware vSphere 8 "Contour package reference"
 *   (docs.vmware.com GUID-F970545A, `infrastructure_provider: vsphere`, `namespace:
 *   tanzu-system-ingress`, `envoy.service.type: LoadBalancer`, `certificates.duration
 *   8760h`, `renewBefore 360h`). The schema says of `loadBalancerIP`: "It is up to the
 *   cloud provider whether to honor this request" and that the Service field is
 *   deprecated since Kubernetes 1.24 in favour of provider annotations.
 * - kube-vip: the annotation `kube-vip.io/loadbalancerIPs` (kube-vip/kube-vip
 *   `pkg/kubevip/annotations.go`, `LoadbalancerIPAnnotation`) asks kube-vip for that
 *   address. Both the annotation and `loadBalancerIP` carry the VIP, so kube-vip
 *   versions that read either one give Envoy the same fixed address.
 * - `contour.configFileContents.tls.minimum-protocol-version` ("1.2" or "1.3"): Contour
 *   configuration file reference (TLS Configuration block).
 * - Certificates: `certificates.duration` / `renewBefore` are the lifetime of the
 *   cert-manager certificates securing the Contour-Envoy xDS channel (the package
 *   issues them through cert-manager, which must be installed first). Certificates of
 *   the apps behind Contour are theirs (HTTPProxy `tls.secretName`), not the package's.
 */
import {
  ADDON_NAMESPACES,
  PlainObject,
  checkDnsLabel,
  checkGoDuration,
  checkIpv4,
  checkKnownKeys,
  checkPositiveInt,
  checkStringMap,
  reject,
} from './types';

/** Annotation kube-vip reads for a Service's requested address. */
export const KUBE_VIP_LOADBALANCER_IPS_ANNOTATION = 'kube-vip.io/loadbalancerIPs';

export interface ContourValuesOptions {
  /** The site's ingress VIP (IPv4, on the TKG node network, outside any DHCP range). */
  readonly ingressVip: string;
  /** Replicas of the Contour control plane (Envoy runs on every node). @default 2 */
  readonly contourReplicas?: number;
  /** Envoy Service external traffic policy. @default "Cluster" */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** Extra annotations on the Envoy Service; the kube-vip one is always set from ingressVip. @default {} */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** Minimum TLS version Envoy accepts. @default "1.2" */
  readonly minimumTlsVersion?: '1.2' | '1.3';
  /** Lifetime of the Contour-Envoy certificates. */
  readonly certificates?: {
    /** @default "8760h" */
    readonly duration?: string;
    /** @default "360h" */
    readonly renewBefore?: string;
  };
  /** @default "tanzu-system-ingress" */
  readonly namespace?: string;
}

function hours(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  return m ? Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600 : 0;
}

/** Data values of `contour.tanzu.vmware.com` for one site. */
export function contourValues(options: ContourValuesOptions): PlainObject {
  const fn = 'contourValues';
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with ingressVip');
  checkKnownKeys(fn, '', options, ['ingressVip', 'contourReplicas', 'externalTrafficPolicy', 'serviceAnnotations', 'minimumTlsVersion', 'certificates', 'namespace']);
  const vip = checkIpv4(fn, 'ingressVip', options.ingressVip);
  const replicas = checkPositiveInt(fn, 'contourReplicas', options.contourReplicas ?? 2, 5);
  const policy = options.externalTrafficPolicy ?? 'Cluster';
  if (policy !== 'Cluster' && policy !== 'Local') reject(fn, 'externalTrafficPolicy', policy, 'Cluster or Local');
  const extra = checkStringMap(fn, 'serviceAnnotations', options.serviceAnnotations);
  if (KUBE_VIP_LOADBALANCER_IPS_ANNOTATION in extra) {
    reject(fn, `serviceAnnotations.${KUBE_VIP_LOADBALANCER_IPS_ANNOTATION}`, extra[KUBE_VIP_LOADBALANCER_IPS_ANNOTATION], 'no value: it is always ingressVip');
  }
  const tlsVersion = options.minimumTlsVersion ?? '1.2';
  if (tlsVersion !== '1.2' && tlsVersion !== '1.3') reject(fn, 'minimumTlsVersion', tlsVersion, "'1.2' or '1.3'");
  checkKnownKeys(fn, 'certificates', options.certificates, ['duration', 'renewBefore']);
  const duration = checkGoDuration(fn, 'certificates.duration', options.certificates?.duration ?? '8760h');
  const renewBefore = checkGoDuration(fn, 'certificates.renewBefore', options.certificates?.renewBefore ?? '360h');
  if (hours(renewBefore) >= hours(duration)) reject(fn, 'certificates.renewBefore', renewBefore, `a duration shorter than certificates.duration (${duration})`);
  if (hours(duration) < 1) reject(fn, 'certificates.duration', duration, 'at least 1h');

  const annotations: Record<string, string> = {};
  for (const key of Object.keys({ ...extra, [KUBE_VIP_LOADBALANCER_IPS_ANNOTATION]: vip }).sort()) {
    annotations[key] = key === KUBE_VIP_LOADBALANCER_IPS_ANNOTATION ? vip : extra[key];
  }
  return {
    infrastructure_provider: 'vsphere',
    namespace: checkDnsLabel(fn, 'namespace', options.namespace ?? ADDON_NAMESPACES.ingress),
    contour: {
      replicas,
      configFileContents: { tls: { 'minimum-protocol-version': tlsVersion } },
    },
    envoy: {
      service: {
        type: 'LoadBalancer',
        loadBalancerIP: vip,
        externalTrafficPolicy: policy,
        annotations,
      },
      // The VIP is the way in; no Envoy on every node's ports 80/443 besides it.
      hostPorts: { enable: false },
    },
    certificates: { duration, renewBefore },
  };
}
