/**
 * Data values of the Tanzu external-dns package (`external-dns.tanzu.vmware.com`),
 * optional: publishes the DNS names of the site's Services and Contour HTTPProxies in
 * the site's on-prem DNS zone with RFC2136 dynamic updates signed with TSIG (BIND,
 * Windows DNS with GSS excluded). RFC2136 is chosen because an edge store's DNS is an
 * on-prem server, not a cloud API, and keeps working while the WAN is down when the
 * server is local.
 *
 * Sources (TKG package versions targeted: 0.10.x to 0.13.x +vmware.1-tkg.1; UNCONFIRMED
 * that later ones keep the layout):
 * - Keys `namespace`, `deployment.args`, `deployment.env`: vmware-tanzu/community-edition
 *   `addons/packages/external-dns/0.12.0/bundle/config/schema.yaml` (its example uses the
 *   rfc2136 args below and namespace `tanzu-system-service-discovery`) and
 *   `addons/packages/external-dns/0.12.2/README.md` (RFC2136 example,
 *   `--source=contour-httpproxy`: "The ExternalDNS package is preconfigured with the
 *   correct RBAC permissions to watch for HTTPProxies").
 * - Flags `--provider=rfc2136`, `--rfc2136-host`, `--rfc2136-port`, `--rfc2136-zone`,
 *   `--rfc2136-tsig-keyname`, `--rfc2136-tsig-secret-alg`, `--rfc2136-tsig-axfr`,
 *   `--domain-filter`, `--txt-owner-id`, `--registry=txt`, `--policy`: the same example.
 * - The TSIG secret goes in the environment variable `EXTERNAL_DNS_RFC2136_TSIG_SECRET`
 *   (external-dns reads every flag from `EXTERNAL_DNS_<FLAG>`; used this way in many
 *   published deployments), not in the args, so it is not in the pod's command line. It
 *   is still in the Deployment spec; the value is an opaque Terraform reference.
 */
import {
  ADDON_NAMESPACES,
  PlainObject,
  checkDnsLabel,
  checkDnsName,
  checkIpv4,
  checkKnownKeys,
  checkPositiveInt,
  checkSecret,
  reject,
} from './types';

export const TSIG_ALGORITHMS = ['hmac-sha256', 'hmac-sha384', 'hmac-sha512'] as const;
export const EXTERNAL_DNS_SOURCES = ['service', 'ingress', 'contour-httpproxy'] as const;

export interface ExternalDnsValuesOptions {
  /** Site cluster name: the TXT owner id, so sites never overwrite each other's records. */
  readonly ownerId: string;
  /** The DNS server taking RFC2136 updates. */
  readonly rfc2136: {
    /** IPv4 address or host name of the DNS server. */
    readonly host: string;
    /** @default 53 */
    readonly port?: number;
    /** Zone updated, e.g. `edge33.example.com`; also the domain filter. */
    readonly zone: string;
    /** TSIG key name. */
    readonly tsigKeyName: string;
    /** TSIG secret (base64), opaque: usually a Terraform reference. */
    readonly tsigSecret: string;
    /** @default "hmac-sha256" */
    readonly tsigAlgorithm?: (typeof TSIG_ALGORITHMS)[number];
  };
  /** Kubernetes sources to publish. @default ["service", "contour-httpproxy"] */
  readonly sources?: ReadonlyArray<(typeof EXTERNAL_DNS_SOURCES)[number]>;
  /** `sync` also deletes records it owns; `upsert-only` never deletes. @default "upsert-only" */
  readonly policy?: 'sync' | 'upsert-only';
  /** @default "tanzu-system-service-discovery" */
  readonly namespace?: string;
}

/** Data values of `external-dns.tanzu.vmware.com` with the RFC2136 provider. */
export function externalDnsValues(options: ExternalDnsValuesOptions): PlainObject {
  const fn = 'externalDnsValues';
  if (options === undefined || options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with ownerId and rfc2136');
  checkKnownKeys(fn, '', options, ['ownerId', 'rfc2136', 'sources', 'policy', 'namespace']);
  const ownerId = checkDnsLabel(fn, 'ownerId', options.ownerId);
  const d = options.rfc2136;
  if (d === undefined || d === null || typeof d !== 'object') reject(fn, 'rfc2136', d, 'a mapping with host, zone, tsigKeyName and tsigSecret');
  checkKnownKeys(fn, 'rfc2136', d, ['host', 'port', 'zone', 'tsigKeyName', 'tsigSecret', 'tsigAlgorithm']);
  const host = typeof d.host === 'string' && /^\d+(\.\d+){3}$/.test(d.host) ? checkIpv4(fn, 'rfc2136.host', d.host) : checkDnsName(fn, 'rfc2136.host', d.host);
  const port = checkPositiveInt(fn, 'rfc2136.port', d.port ?? 53, 65535);
  const zone = checkDnsName(fn, 'rfc2136.zone', d.zone);
  const keyName = d.tsigKeyName;
  if (typeof keyName !== 'string' || !/^[A-Za-z0-9]([A-Za-z0-9._-]{0,252})$/.test(keyName)) reject(fn, 'rfc2136.tsigKeyName', keyName, 'a TSIG key name such as externaldns-key');
  const secret = checkSecret(fn, 'rfc2136.tsigSecret', d.tsigSecret);
  const algorithm = d.tsigAlgorithm ?? 'hmac-sha256';
  if (!TSIG_ALGORITHMS.includes(algorithm)) reject(fn, 'rfc2136.tsigAlgorithm', algorithm, TSIG_ALGORITHMS.join(', '));
  const sources = options.sources ?? ['service', 'contour-httpproxy'];
  if (!Array.isArray(sources) || sources.length === 0) reject(fn, 'sources', sources, `a non-empty list of ${EXTERNAL_DNS_SOURCES.join(', ')}`);
  sources.forEach((s, i) => {
    if (!EXTERNAL_DNS_SOURCES.includes(s)) reject(fn, `sources[${i}]`, s, EXTERNAL_DNS_SOURCES.join(', '));
  });
  const uniqueSources = [...new Set(sources)].sort();
  const policy = options.policy ?? 'upsert-only';
  if (policy !== 'sync' && policy !== 'upsert-only') reject(fn, 'policy', policy, 'sync or upsert-only');

  return {
    namespace: checkDnsLabel(fn, 'namespace', options.namespace ?? ADDON_NAMESPACES.serviceDiscovery),
    deployment: {
      args: [
        ...uniqueSources.map((s) => `--source=${s}`),
        `--domain-filter=${zone}`,
        `--policy=${policy}`,
        '--registry=txt',
        `--txt-owner-id=${ownerId}`,
        '--provider=rfc2136',
        `--rfc2136-host=${host}`,
        `--rfc2136-port=${port}`,
        `--rfc2136-zone=${zone}`,
        `--rfc2136-tsig-keyname=${keyName}`,
        `--rfc2136-tsig-secret-alg=${algorithm}`,
        '--rfc2136-tsig-axfr',
      ],
      env: [{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', value: secret }],
    },
  };
}
