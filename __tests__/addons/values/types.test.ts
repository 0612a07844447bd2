/** Shared constants and checks of the values modules, and the test helpers themselves. */
import {
  ADDON_NAMESPACES,
  PACKAGE_REF_NAMES,
  YTT_PATHS_FROM_SECRET_ANNOTATION_PREFIX,
  promDurationSeconds,
  promSizeBytes,
  quantityBytes,
  splitTerraformTokens,
  toYaml,
} from '../../../constructs/addons/values/types';
import { promqlProblems } from './fixtures';

test('package refNames and namespaces', () => {
  expect(PACKAGE_REF_NAMES).toEqual({
    certManager: 'cert-manager.tanzu.vmware.com',
    contour: 'contour.tanzu.vmware.com',
    prometheus: 'prometheus.tanzu.vmware.com',
    grafana: 'grafana.tanzu.vmware.com',
    fluentBit: 'fluent-bit.tanzu.vmware.com',
    externalDns: 'external-dns.tanzu.vmware.com',
    multus: 'multus-cni.tanzu.vmware.com',
  });
  expect(ADDON_NAMESPACES).toEqual({
    certManager: 'cert-manager',
    ingress: 'tanzu-system-ingress',
    monitoring: 'tanzu-system-monitoring',
    dashboards: 'tanzu-system-dashboards',
    logging: 'tanzu-system-logging',
    serviceDiscovery: 'tanzu-system-service-discovery',
    multus: 'kube-system',
  });
  expect(YTT_PATHS_FROM_SECRET_ANNOTATION_PREFIX + '0').toBe('ext.packaging.carvel.dev/ytt-paths-from-secret-name.0');
});

test('durations and sizes', () => {
  expect(promDurationSeconds('2d')).toBe(172800);
  expect(promDurationSeconds('1h30m')).toBe(5400);
  expect(promDurationSeconds('500ms')).toBe(0.5);
  expect(promDurationSeconds('30m1h')).toBeUndefined();
  expect(promDurationSeconds('0s')).toBeUndefined();
  expect(promDurationSeconds('2 days')).toBeUndefined();
  expect(promSizeBytes('40GB')).toBe(40 * 2 ** 30);
  expect(promSizeBytes('40Gi')).toBeUndefined();
  expect(quantityBytes('50Gi')).toBe(50 * 2 ** 30);
  expect(quantityBytes('50G')).toBeUndefined();
});

test('splitTerraformTokens keeps secrets apart and merges back', () => {
  const values = {
    namespace: 'tanzu-system-dashboards',
    grafana: { service: { type: 'ClusterIP' }, secret: { type: 'Opaque', admin_password: '${var.p}' } },
    deployment: { env: [{ name: 'A', value: '${var.a}' }], args: ['--x'] },
  };
  expect(splitTerraformTokens(values)).toEqual({
    values: { namespace: 'tanzu-system-dashboards', grafana: { service: { type: 'ClusterIP' }, secret: { type: 'Opaque' } }, deployment: { args: ['--x'] } },
    secretValues: { grafana: { secret: { admin_password: '${var.p}' } }, deployment: { env: [{ name: 'A', value: '${var.a}' }] } },
  });
});

test('toYaml keeps insertion order and does not fold long lines', () => {
  const long = 'x'.repeat(200);
  expect(toYaml({ b: 1, a: long })).toBe(`b: 1\na: ${long}\n`);
});

test('the PromQL plausibility check catches broken expressions', () => {
  expect(promqlProblems('sum(rate(up[5m])', ['up'])).toEqual(['unclosed (']);
  expect(promqlProblems('sum(rate(up[5m]))) > 1', ['up'])).toEqual(['unbalanced )']);
  expect(promqlProblems('rate(nothing[5m]) > 0', ['up'])).toEqual(['references no known metric']);
  expect(promqlProblems('up{} > ', ['up'])).toEqual(['empty selector', 'dangling operator']);
  expect(promqlProblems('up{job="a)("} == 0', ['up'])).toEqual([]);
});
