/** cert-manager, external-dns (RFC2136 with TSIG) and multus values. */
import { certManagerValues } from '../../../constructs/addons/values/cert-manager';
import { ExternalDnsValuesOptions, externalDnsValues } from '../../../constructs/addons/values/external-dns';
import { multusValues } from '../../../constructs/addons/values/multus';
import { toYaml } from '../../../constructs/addons/values/types';
import { json, list, terraformHazards, text } from './fixtures';

describe('certManagerValues', () => {
  test('the namespace, the package’s only data value', () => {
    expect(certManagerValues()).toEqual({ namespace: 'cert-manager' });
    expect(certManagerValues({ namespace: 'tanzu-cert-manager' })).toEqual({ namespace: 'tanzu-cert-manager' });
  });
  test('rejects', () => {
    expect(() => certManagerValues({ namespace: 'Cert_Manager' })).toThrow(
      new Error("certManagerValues: namespace 'Cert_Manager' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"),
    );
    expect(() => certManagerValues({ installCRDs: true } as never)).toThrow(new Error('certManagerValues: installCRDs true is not allowed; allowed: a known key: namespace'));
  });
});

describe('externalDnsValues', () => {
  const base: ExternalDnsValuesOptions = {
    ownerId: 'tkg-edge33-wld01',
    rfc2136: { host: '10.33.0.53', zone: 'edge33.tanzu.lab', tsigKeyName: 'externaldns-key', tsigSecret: '${var.edge33_tsig_secret}' },
  };

  test('RFC2136 args with TSIG; the secret only in the environment', () => {
    const v = json(externalDnsValues(base));
    expect(v.namespace).toBe('tanzu-system-service-discovery');
    expect(v.deployment.args).toEqual([
      '--source=contour-httpproxy',
      '--source=service',
      '--domain-filter=edge33.tanzu.lab',
      '--policy=upsert-only',
      '--registry=txt',
      '--txt-owner-id=tkg-edge33-wld01',
      '--provider=rfc2136',
      '--rfc2136-host=10.33.0.53',
      '--rfc2136-port=53',
      '--rfc2136-zone=edge33.tanzu.lab',
      '--rfc2136-tsig-keyname=externaldns-key',
      '--rfc2136-tsig-secret-alg=hmac-sha256',
      '--rfc2136-tsig-axfr',
    ]);
    expect(v.deployment.env).toEqual([{ name: 'EXTERNAL_DNS_RFC2136_TSIG_SECRET', value: '${var.edge33_tsig_secret}' }]);
    expect(list(v.deployment.args).some((a) => text(a).includes('tsig_secret'))).toBe(false);
    expect(terraformHazards(externalDnsValues(base), ['${var.edge33_tsig_secret}'])).toEqual([]);
  });

  test('sources, policy and algorithm; deterministic', () => {
    const v = json(externalDnsValues({ ...base, sources: ['service', 'ingress', 'service'], policy: 'sync', rfc2136: { ...base.rfc2136, tsigAlgorithm: 'hmac-sha512', port: 5353 } }));
    expect(list(v.deployment.args).slice(0, 3)).toEqual(['--source=ingress', '--source=service', '--domain-filter=edge33.tanzu.lab']);
    expect(list(v.deployment.args)).toContain('--policy=sync');
    expect(list(v.deployment.args)).toContain('--rfc2136-tsig-secret-alg=hmac-sha512');
    expect(list(v.deployment.args)).toContain('--rfc2136-port=5353');
    expect(toYaml(externalDnsValues(base))).toBe(toYaml(externalDnsValues({ rfc2136: { ...base.rfc2136 }, ownerId: 'tkg-edge33-wld01' })));
  });

  const cases: Array<[string, ExternalDnsValuesOptions, string]> = [
    ['zone', { ...base, rfc2136: { ...base.rfc2136, zone: 'Edge33' } }, "externalDnsValues: rfc2136.zone 'Edge33' is not allowed; allowed: a lowercase DNS name such as grafana.edge33.example.com"],
    ['algorithm', { ...base, rfc2136: { ...base.rfc2136, tsigAlgorithm: 'hmac-md5' as 'hmac-sha256' } }, "externalDnsValues: rfc2136.tsigAlgorithm 'hmac-md5' is not allowed; allowed: hmac-sha256, hmac-sha384, hmac-sha512"],
    ['secret', { ...base, rfc2136: { ...base.rfc2136, tsigSecret: '' } }, "externalDnsValues: rfc2136.tsigSecret '' is not allowed; allowed: a non-empty string, usually a Terraform reference such as ${var.x}"],
    ['source', { ...base, sources: ['crd' as 'service'] }, "externalDnsValues: sources[0] 'crd' is not allowed; allowed: service, ingress, contour-httpproxy"],
    ['policy', { ...base, policy: 'create-only' as 'sync' }, "externalDnsValues: policy 'create-only' is not allowed; allowed: sync or upsert-only"],
    ['owner', { ...base, ownerId: 'edge 33' }, "externalDnsValues: ownerId 'edge 33' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"],
  ];
  test.each(cases)('rejects %s', (_name, options, message) => {
    expect(() => externalDnsValues(options)).toThrow(new Error(message));
  });
});

describe('multusValues', () => {
  test('defaults: the package’s own, only the namespace', () => {
    expect(multusValues()).toEqual({ namespace: 'kube-system' });
  });
  test('args replace the package list', () => {
    expect(multusValues({ args: ['--multus-conf-file=auto', '--cni-version=0.3.1'] })).toEqual({ namespace: 'kube-system', daemonset: { args: ['--multus-conf-file=auto', '--cni-version=0.3.1'] } });
  });
  test('rejects', () => {
    expect(() => multusValues({ args: ['multus-conf-file=auto'] })).toThrow(new Error("multusValues: args[0] 'multus-conf-file=auto' is not allowed; allowed: a --flag or --flag=value string without spaces"));
    expect(() => multusValues({ args: [] })).toThrow(new Error('multusValues: args [] is not allowed; allowed: a non-empty list of --flag or --flag=value strings'));
  });
});
