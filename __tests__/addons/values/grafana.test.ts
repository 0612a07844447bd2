/**
 * grafanaValues and the golden-signals dashboards: the package's keys, the Prometheus
 * datasource, the base64 admin password token, the Contour ingress, the dashboard
 * extension, rejections and determinism.
 */
import { parse } from 'yaml';
import { BACKUP_STALE_AFTER_METRIC, EDGE_ALERT_METRICS } from '../../../constructs/addons/values/alerts';
import { BACKUP_DASHBOARD_METRICS, DELIVERY_DASHBOARD_METRICS } from '../../../constructs/addons/values/grafana';
import {
  GRAFANA_DASHBOARD_LABEL,
  GrafanaValuesOptions,
  dashboardJson,
  goldenSignalsDashboard,
  grafanaExtensions,
  grafanaValues,
} from '../../../constructs/addons/values/grafana';
import { toYaml } from '../../../constructs/addons/values/types';
import { CA_PEM, Json, json, list, promqlProblems, terraformHazards, text } from './fixtures';

const TOKEN = '${base64encode(var.grafana_admin_password)}';
const base: GrafanaValuesOptions = { adminPasswordBase64: TOKEN };

describe('grafanaValues', () => {
  test('keys of the package; no ingress unless asked (the package default would create one)', () => {
    const v = json(grafanaValues(base));
    expect(v).toEqual({
      namespace: 'tanzu-system-dashboards',
      grafana: {
        service: { type: 'ClusterIP' },
        config: { datasource_yaml: text(v.grafana.config.datasource_yaml) },
        secret: { admin_password: TOKEN },
      },
      ingress: { enabled: false },
    });
  });

  test('the datasource is the site Prometheus service', () => {
    const ds = json(parse(text(json(grafanaValues(base)).grafana.config.datasource_yaml)));
    expect(ds).toEqual({
      apiVersion: 1,
      datasources: [{ name: 'Prometheus', type: 'prometheus', url: 'http://prometheus-server.tanzu-system-monitoring.svc.cluster.local:80', access: 'proxy', isDefault: true }],
    });
  });

  test('ingress through Contour with a host, optional certificate, and a PVC', () => {
    const v = json(
      grafanaValues({
        ...base,
        ingress: { host: 'grafana.edge33.tanzu.lab', tlsCertificate: { crt: CA_PEM, key: '${var.grafana_tls_key}', ca: CA_PEM } },
        storage: { size: '5Gi', storageClassName: 'vsan-default' },
      }),
    );
    expect(v.ingress).toEqual({
      enabled: true,
      virtual_host_fqdn: 'grafana.edge33.tanzu.lab',
      prefix: '/',
      servicePort: 80,
      tlsCertificate: { 'tls.crt': CA_PEM, 'tls.key': '${var.grafana_tls_key}', 'ca.crt': CA_PEM },
    });
    expect(v.grafana.pvc).toEqual({ storageClassName: 'vsan-default', storage: '5Gi' });
    expect(json(grafanaValues({ ...base, ingress: { host: 'grafana.edge33.tanzu.lab' } })).ingress).toEqual({ enabled: true, virtual_host_fqdn: 'grafana.edge33.tanzu.lab', prefix: '/', servicePort: 80 });
  });

  test('a literal base64 password is accepted', () => {
    expect(json(grafanaValues({ adminPasswordBase64: 'c2VjcmV0LXBhc3N3b3Jk' })).grafana.secret).toEqual({ admin_password: 'c2VjcmV0LXBhc3N3b3Jk' });
  });

  test('deterministic, and only the intended token is Terraform syntax', () => {
    const a = toYaml(grafanaValues({ ...base, ingress: { host: 'grafana.edge33.tanzu.lab' } }));
    expect(toYaml(grafanaValues({ ingress: { host: 'grafana.edge33.tanzu.lab' }, adminPasswordBase64: TOKEN }))).toBe(a);
    expect(terraformHazards(grafanaValues(base), [TOKEN])).toEqual([]);
  });

  const cases: Array<[string, GrafanaValuesOptions, string]> = [
    ['not base64', { adminPasswordBase64: 'plain password!' }, "grafanaValues: adminPasswordBase64 '(redacted, not base64)' is not allowed; allowed: a base64 string or a Terraform reference such as ${base64encode(var.grafana_admin_password)}"],
    ['empty password', { adminPasswordBase64: '' }, "grafanaValues: adminPasswordBase64 '' is not allowed; allowed: a non-empty string, usually a Terraform reference such as ${var.x}"],
    ['host', { ...base, ingress: { host: 'Grafana Site' } }, "grafanaValues: ingress.host 'Grafana Site' is not allowed; allowed: a lowercase DNS name such as grafana.edge33.example.com"],
    ['certificate', { ...base, ingress: { host: 'grafana.edge33.tanzu.lab', tlsCertificate: { crt: 'x', key: 'k' } } }, "grafanaValues: ingress.tlsCertificate.crt 'x' is not allowed; allowed: one PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- ...)"],
    ['service type', { ...base, serviceType: 'ExternalName' as 'ClusterIP' }, "grafanaValues: serviceType 'ExternalName' is not allowed; allowed: ClusterIP, NodePort or LoadBalancer"],
    ['storage', { ...base, storage: { size: '2GB' } }, "grafanaValues: storage.size '2GB' is not allowed; allowed: a storage size in Mi, Gi or Ti such as 50Gi"],
  ];
  test.each(cases)('rejects %s', (_name, options, message) => {
    expect(() => grafanaValues(options)).toThrow(new Error(message));
  });
});

describe('goldenSignalsDashboard', () => {
  const exprs = (dashboard: Json): string[] => list(dashboard.panels).flatMap((p) => list(p.targets).map((t) => text(t.expr)));
  const variables = (dashboard: Json): Json[] => list(dashboard.templating.list);

  test('site dashboard: datasource and service variables, golden-signal panels', () => {
    const d = json(goldenSignalsDashboard('site'));
    expect(variables(d).map((v) => text(v.name))).toEqual(['datasource', 'service']);
    expect(list(d.panels).map((p) => text(p.title))).toEqual([
      'Latency: p99 upstream request time',
      'Traffic: requests per second',
      'Errors: 5xx ratio',
      'Saturation: node CPU busy',
      'Saturation: node memory used',
      'Saturation: fullest filesystem per node',
      'Store and forward: metrics remote write lag',
      'Store and forward: log records read vs. delivered',
      'Backups: age of the newest successful backup',
      'Backups: failed and partially failed per hour',
      'Applications: version per site',
      'Canaries: status per application',
    ]);
    expect(exprs(d)[0]).toBe('histogram_quantile(0.99, sum by (envoy_cluster_name, le) (rate(envoy_cluster_upstream_rq_time_bucket{job="contour-envoy",envoy_cluster_name=~"$service"}[5m])))');
    expect(exprs(d).join('\n')).not.toContain('$site');
  });

  test('fleet dashboard: a site variable over label_values(up, site), every query filtered and split by site', () => {
    const d = json(goldenSignalsDashboard('fleet'));
    const site = variables(d).find((v) => text(v.name) === 'site') as Json;
    expect(site).toMatchObject({ type: 'query', query: 'label_values(up, site)', multi: true, includeAll: true });
    for (const expr of exprs(d)) expect(expr).toContain('site=~"$site"');
    expect(exprs(d).filter((e) => e.includes('sum by (site, envoy_cluster_name')).length).toBeGreaterThanOrEqual(2);
    expect(text(d.uid)).toBe('fleet-golden-signals');
  });

  test('every panel query is plausible PromQL', () => {
    for (const scope of ['site', 'fleet'] as const) {
      for (const expr of exprs(json(goldenSignalsDashboard(scope)))) expect({ expr, problems: promqlProblems(expr, [...EDGE_ALERT_METRICS, ...BACKUP_DASHBOARD_METRICS, ...DELIVERY_DASHBOARD_METRICS, BACKUP_STALE_AFTER_METRIC, 'up']) }).toEqual({ expr, problems: [] });
    }
  });

  test('JSON text is stable and has no Terraform syntax', () => {
    expect(dashboardJson('fleet')).toBe(dashboardJson('fleet'));
    expect(JSON.parse(dashboardJson('site'))).toEqual(goldenSignalsDashboard('site'));
    expect(terraformHazards(dashboardJson('fleet'))).toEqual([]);
  });
});

describe('grafanaExtensions', () => {
  test('a ConfigMap labelled for the dashboard sidecar in the Grafana namespace', () => {
    const [ext] = grafanaExtensions(base);
    expect(ext.secretName).toBe('grafana-site-dashboards-ytt');
    const cm = json(parse(ext.files['site-dashboards.yaml']));
    expect(cm.metadata).toEqual({ name: 'grafana-dashboard-site-golden-signals', namespace: 'tanzu-system-dashboards', labels: { [GRAFANA_DASHBOARD_LABEL]: '1' } });
    expect(JSON.parse(text(cm.data['site-golden-signals.json']))).toEqual(goldenSignalsDashboard('site'));
  });
});
