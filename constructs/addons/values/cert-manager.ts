/**
 * Data values of the Tanzu cert-manager package (`cert-manager.tanzu.vmware.com`).
 *
 * Source: vmware-tanzu/community-edition `addons/packages/cert-manager/1.8.0/bundle/config/values.yaml`
 * (the package's only data value: `namespace`, default `cert-manager`) and
 * `addons/packages/cert-manager/1.7.2/test/unittest/fixtures/values/custom-namespace.yaml`.
 * TKG 2.x ships cert-manager.tanzu.vmware.com 1.7.2+vmware.x-tkg.x and later
 * (../shared/reference/04-packages-and-charts.md); that those versions accept no other
 * key is UNCONFIRMED, so nothing else is emitted. cert-manager must run before Contour
 * (its certificates for the Contour-Envoy channel) and before Grafana's ingress
 * certificate.
 */
import { ADDON_NAMESPACES, PlainObject, checkDnsLabel, checkKnownKeys, reject } from './types';

export interface CertManagerValuesOptions {
  /** Namespace of cert-manager in the workload cluster. @default "cert-manager" */
  readonly namespace?: string;
}

/** Data values of `cert-manager.tanzu.vmware.com`. */
export function certManagerValues(options: CertManagerValuesOptions = {}): PlainObject {
  const fn = 'certManagerValues';
  if (options === null || typeof options !== 'object') reject(fn, 'options', options, 'a mapping with an optional namespace');
  checkKnownKeys(fn, '', options, ['namespace']);
  return { namespace: checkDnsLabel(fn, 'namespace', options.namespace ?? ADDON_NAMESPACES.certManager) };
}
