/**
 * contourValues: Envoy as a LoadBalancer Service on the site's fixed ingress VIP for
 * kube-vip (loadBalancerIP and the kube-vip annotation), certificates, rejections and
 * determinism.
 */
import { ContourValuesOptions, KUBE_VIP_LOADBALANCER_IPS_ANNOTATION, contourValues } from '../../../constructs/addons/values/contour';
import { toYaml } from '../../../constructs/addons/values/types';
import { json } from './fixtures';

const base: ContourValuesOptions = { ingressVip: '10.33.3.20' };

test('defaults: LoadBalancer on the VIP, kube-vip annotation, TLS 1.2, cert lifetimes', () => {
  expect(json(contourValues(base))).toEqual({
    infrastructure_provider: 'vsphere',
    namespace: 'tanzu-system-ingress',
    contour: { replicas: 2, configFileContents: { tls: { 'minimum-protocol-version': '1.2' } } },
    envoy: {
      service: {
        type: 'LoadBalancer',
        loadBalancerIP: '10.33.3.20',
        externalTrafficPolicy: 'Cluster',
        annotations: { 'kube-vip.io/loadbalancerIPs': '10.33.3.20' },
      },
      hostPorts: { enable: false },
    },
    certificates: { duration: '8760h', renewBefore: '360h' },
  });
  expect(KUBE_VIP_LOADBALANCER_IPS_ANNOTATION).toBe('kube-vip.io/loadbalancerIPs');
});

test('options: replicas, policy, extra annotations sorted, TLS 1.3, certificate lifetimes', () => {
  const v = json(
    contourValues({
      ingressVip: '10.41.2.20',
      contourReplicas: 1,
      externalTrafficPolicy: 'Local',
      serviceAnnotations: { 'z.example.com/b': '2', 'a.example.com/a': '1' },
      minimumTlsVersion: '1.3',
      certificates: { duration: '2160h', renewBefore: '720h' },
    }),
  );
  expect(Object.keys(v.envoy.service.annotations)).toEqual(['a.example.com/a', 'kube-vip.io/loadbalancerIPs', 'z.example.com/b']);
  expect(v.envoy.service.annotations['kube-vip.io/loadbalancerIPs']).toBe('10.41.2.20');
  expect(v.envoy.service.externalTrafficPolicy).toBe('Local');
  expect(v.contour).toEqual({ replicas: 1, configFileContents: { tls: { 'minimum-protocol-version': '1.3' } } });
  expect(v.certificates).toEqual({ duration: '2160h', renewBefore: '720h' });
});

test('deterministic: annotation order in the input does not matter', () => {
  const a = toYaml(contourValues({ ...base, serviceAnnotations: { 'b.example.com/x': '1', 'a.example.com/y': '2' } }));
  const b = toYaml(contourValues({ serviceAnnotations: { 'a.example.com/y': '2', 'b.example.com/x': '1' }, ingressVip: '10.33.3.20' }));
  expect(a).toBe(b);
});

const cases: Array<[string, ContourValuesOptions, string]> = [
  ['VIP', { ingressVip: '10.33.3.300' }, "contourValues: ingressVip '10.33.3.300' is not allowed; allowed: an IPv4 address such as 10.33.3.20"],
  ['VIP CIDR', { ingressVip: '10.33.3.20/24' }, "contourValues: ingressVip '10.33.3.20/24' is not allowed; allowed: an IPv4 address such as 10.33.3.20"],
  ['replicas', { ...base, contourReplicas: 0 }, 'contourValues: contourReplicas 0 is not allowed; allowed: an integer from 1 to 5'],
  ['policy', { ...base, externalTrafficPolicy: 'Nearest' as 'Local' }, "contourValues: externalTrafficPolicy 'Nearest' is not allowed; allowed: Cluster or Local"],
  ['kube-vip annotation', { ...base, serviceAnnotations: { 'kube-vip.io/loadbalancerIPs': '10.0.0.1' } }, "contourValues: serviceAnnotations.kube-vip.io/loadbalancerIPs '10.0.0.1' is not allowed; allowed: no value: it is always ingressVip"],
  ['annotation key', { ...base, serviceAnnotations: { 'bad key': 'x' } }, "contourValues: serviceAnnotations key 'bad key' is not allowed; allowed: a Kubernetes annotation or label key such as example.com/name"],
  ['TLS', { ...base, minimumTlsVersion: '1.1' as '1.2' }, "contourValues: minimumTlsVersion '1.1' is not allowed; allowed: '1.2' or '1.3'"],
  ['duration', { ...base, certificates: { duration: '1y' } }, "contourValues: certificates.duration '1y' is not allowed; allowed: a duration in hours, minutes and seconds such as 8760h or 90m"],
  ['renew after expiry', { ...base, certificates: { duration: '360h', renewBefore: '720h' } }, "contourValues: certificates.renewBefore '720h' is not allowed; allowed: a duration shorter than certificates.duration (360h)"],
];
test.each(cases)('rejects %s', (_name, options, message) => {
  expect(() => contourValues(options)).toThrow(new Error(message));
});
