/**
 * Hub Helm values: kube-prometheus-stack with the remote-write receiver on, retention,
 * the out-of-order window, external labels, the hub rules as a PrometheusRule map, the
 * Grafana fleet dashboard with its site variable; and the fluent-bit log sink.
 */
import { hubAlertRules } from '../../../constructs/addons/values/alerts';
import { goldenSignalsDashboard } from '../../../constructs/addons/values/grafana';
import { HubLogSinkOptions, HubMonitoringOptions, hubLogSinkValues, hubMonitoringValues } from '../../../constructs/addons/values/hub-monitoring';
import { toYaml } from '../../../constructs/addons/values/types';
import { Json, json, list, terraformHazards, text } from './fixtures';

const PASSWORD = '${var.grafana_admin_password}';
const base: HubMonitoringOptions = { grafanaAdminPassword: PASSWORD };

describe('hubMonitoringValues', () => {
  test('the remote-write receiver is on; retention, OOO window, labels, selectors, storage', () => {
    const v = json(hubMonitoringValues(base));
    expect(Object.keys(v)).toEqual(['prometheus', 'additionalPrometheusRulesMap', 'grafana']);
    expect(v.prometheus.prometheusSpec).toEqual({
      enableRemoteWriteReceiver: true,
      externalLabels: { cluster: 'hub' },
      retention: '30d',
      tsdb: { outOfOrderTimeWindow: '3h' },
      ruleSelectorNilUsesHelmValues: false,
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } } } } },
    });
  });

  test('options: retention and size, class, labels, OOO window', () => {
    const spec = json(
      hubMonitoringValues({
        ...base,
        retention: '90d',
        retentionSize: '400GB',
        storage: { size: '500Gi', storageClassName: 'hub-vsan' },
        outOfOrderTimeWindow: '4h',
        externalLabels: { region: 'emea', cluster: 'tkg-hub-svc' },
      }),
    ).prometheus.prometheusSpec;
    expect(spec.retention).toBe('90d');
    expect(spec.retentionSize).toBe('400GB');
    expect(spec.tsdb).toEqual({ outOfOrderTimeWindow: '4h' });
    expect(spec.externalLabels).toEqual({ cluster: 'tkg-hub-svc', region: 'emea' });
    expect(spec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe('hub-vsan');
  });

  test('hub rules as a PrometheusRule through additionalPrometheusRulesMap', () => {
    const v = json(hubMonitoringValues({ ...base, knownSites: ['edge33'] }));
    expect(v.additionalPrometheusRulesMap).toEqual(json({ 'fleet-hub': { groups: hubAlertRules({ knownSites: ['edge33'] }).groups } }));
    const names = list(v.additionalPrometheusRulesMap['fleet-hub'].groups[0].rules).map((r) => text(r.alert));
    expect(names).toEqual(['FleetSiteNotReporting', 'FleetSiteAbsent', 'FleetSiteRemoteWriteLagging', 'FleetSiteRemoteWriteRejected', 'FleetSiteBackupStale', 'FleetSiteBackupMissing', 'FleetSiteCanaryFailed', 'FleetSiteLogsDropped']);
  });

  test('Grafana: enabled, admin password token, fleet dashboard with the site variable through dashboardProviders', () => {
    const g = json(hubMonitoringValues(base)).grafana;
    expect(g.enabled).toBe(true);
    expect(g.adminPassword).toBe(PASSWORD);
    expect(g.dashboardProviders).toEqual({
      'dashboardproviders.yaml': {
        apiVersion: 1,
        providers: [{ name: 'fleet', orgId: 1, folder: 'Fleet', type: 'file', disableDeletion: true, editable: false, options: { path: '/var/lib/grafana/dashboards/fleet' } }],
      },
    });
    const dashboard = json(JSON.parse(text(g.dashboards.fleet['fleet-golden-signals'].json)));
    expect(dashboard).toEqual(json(goldenSignalsDashboard('fleet')));
    const site = list(dashboard.templating.list).find((variable) => text(variable.name) === 'site') as Json;
    expect(text(site.query)).toBe('label_values(up, site)');
  });

  test('TLS ingresses for Prometheus (remote write) and Grafana', () => {
    const v = json(
      hubMonitoringValues({
        ...base,
        prometheusIngress: { host: 'prometheus.hub.tanzu.lab', tlsSecretName: 'prometheus-tls', className: 'contour', annotations: { 'example.com/auth': 'basic' } },
        grafanaIngress: { host: 'grafana.hub.tanzu.lab', tlsSecretName: 'grafana-tls' },
      }),
    );
    expect(v.prometheus.ingress).toEqual({
      enabled: true,
      ingressClassName: 'contour',
      annotations: { 'example.com/auth': 'basic' },
      hosts: ['prometheus.hub.tanzu.lab'],
      paths: ['/'],
      tls: [{ secretName: 'prometheus-tls', hosts: ['prometheus.hub.tanzu.lab'] }],
    });
    expect(v.grafana.ingress).toEqual({
      enabled: true,
      annotations: {},
      hosts: ['grafana.hub.tanzu.lab'],
      path: '/',
      tls: [{ secretName: 'grafana-tls', hosts: ['grafana.hub.tanzu.lab'] }],
    });
    expect(Object.keys(v.prometheus)).toEqual(['ingress', 'prometheusSpec']);
  });

  test('deterministic, and only the password token is Terraform syntax', () => {
    const yaml = toYaml(hubMonitoringValues({ ...base, knownSites: ['edge41', 'edge33'] }));
    expect(toYaml(hubMonitoringValues({ knownSites: ['edge33', 'edge41'], grafanaAdminPassword: PASSWORD }))).toBe(yaml);
    expect(terraformHazards(hubMonitoringValues(base), [PASSWORD])).toEqual([]);
  });

  const cases: Array<[string, HubMonitoringOptions, string]> = [
    ['password', { grafanaAdminPassword: '' }, "hubMonitoringValues: grafanaAdminPassword '' is not allowed; allowed: a non-empty string, usually a Terraform reference such as ${var.x}"],
    ['retention', { ...base, retention: '30 days' }, "hubMonitoringValues: retention '30 days' is not allowed; allowed: a Prometheus duration such as 48h or 2d"],
    ['retention size', { ...base, retentionSize: '190GB' }, "hubMonitoringValues: retentionSize '190GB' is not allowed; allowed: at most 85% of storage.size 200Gi (170GB)"],
    ['OOO short', { ...base, outOfOrderTimeWindow: '30m' }, "hubMonitoringValues: outOfOrderTimeWindow '30m' is not allowed; allowed: a Prometheus duration of at least 1h"],
    ['site label', { ...base, externalLabels: { site: 'hub' } }, "hubMonitoringValues: externalLabels key 'site' is not allowed; allowed: any label name but site, which the sites own"],
    ['label name', { ...base, externalLabels: { 'fleet-role': 'hub' } }, "hubMonitoringValues: externalLabels key 'fleet-role' is not allowed; allowed: a Prometheus label name"],
    ['ingress host', { ...base, grafanaIngress: { host: 'grafana hub', tlsSecretName: 'grafana-tls' } }, "hubMonitoringValues: grafanaIngress.host 'grafana hub' is not allowed; allowed: a lowercase DNS name such as grafana.edge33.example.com"],
    ['known sites', { ...base, knownSites: ['edge33', 'edge33'] }, "hubMonitoringValues: knownSites 'edge33' is not allowed; allowed: each site id once"],
    ['threshold', { ...base, alertThresholds: { siteMemory: '1x' } }, "hubMonitoringValues: alertThresholds.siteMemory '1x' is not allowed; allowed: a Prometheus duration such as 48h or 2d"],
  ];
  test.each(cases)('rejects %s', (_name, options, message) => {
    expect(() => hubMonitoringValues(options)).toThrow(new Error(message));
  });
});

describe('hubLogSinkValues', () => {
  const sink: HubLogSinkOptions = { sharedKey: '${var.log_shared_key}', tlsSecretName: 'log-sink-tls' };

  test('a Deployment with a TLS forward input, filesystem buffering, stdout by default', () => {
    const v = json(hubLogSinkValues(sink));
    expect(Object.keys(v)).toEqual(['kind', 'replicaCount', 'service', 'extraPorts', 'extraVolumes', 'extraVolumeMounts', 'config']);
    expect(v.kind).toBe('Deployment');
    expect(v.service).toEqual({ type: 'LoadBalancer', annotations: {} });
    expect(v.extraPorts).toEqual([{ port: 24224, containerPort: 24224, protocol: 'TCP', name: 'forward' }]);
    expect(v.extraVolumes).toEqual([{ name: 'buffer', emptyDir: {} }, { name: 'forward-tls', secret: { secretName: 'log-sink-tls' } }]);
    expect(v.extraVolumeMounts).toEqual([{ name: 'buffer', mountPath: '/fluent-bit/buffer' }, { name: 'forward-tls', mountPath: '/fluent-bit/tls', readOnly: true }]);
    const input = text(v.config.inputs);
    for (const line of ['Name          forward', 'Shared_Key    ${var.log_shared_key}', 'tls           On', 'tls.crt_file  /fluent-bit/tls/tls.crt', 'tls.key_file  /fluent-bit/tls/tls.key', 'storage.type  filesystem', 'mem_buf_limit 50M']) {
      expect(input).toContain(`    ${line}\n`);
    }
    expect(text(v.config.service)).toMatch(/^ {4}storage\.path +\/fluent-bit\/buffer\/$/m);
    expect(text(v.config.outputs)).toBe('[OUTPUT]\n    Name                     stdout\n    Match                    *\n    Alias                    stdout\n    Format                   json_lines\n    storage.total_limit_size 10G\n    Retry_Limit              False\n');
    expect(v.config.filters).toBe('');
  });

  test('OpenSearch and Loki outputs, verified TLS, labels from the records; a PVC buffer', () => {
    const v = json(
      hubLogSinkValues({
        ...sink,
        buffer: { claimName: 'log-sink-buffer', totalLimitSize: '50G' },
        outputs: {
          stdout: false,
          opensearch: { host: 'opensearch.hub.tanzu.lab', httpUser: '${var.os_user}', httpPasswd: '${var.os_password}' },
          loki: { host: 'loki.hub.tanzu.lab', tenantId: 'fleet' },
        },
      }),
    );
    expect(list(v.extraVolumes)[0]).toEqual({ name: 'buffer', persistentVolumeClaim: { claimName: 'log-sink-buffer' } });
    const outputs = text(v.config.outputs);
    expect(outputs).not.toContain('stdout');
    expect(outputs).toContain('    Name                     opensearch\n');
    expect(outputs).toContain('    HTTP_Passwd              ${var.os_password}\n');
    expect(outputs).toContain('    Labels                   job=fleet-edge, site=$site, ring=$ring, cluster=$cluster\n');
    expect(outputs.match(/tls\.verify +On/g)).toHaveLength(2);
    expect(outputs.match(/storage\.total_limit_size 50G/g)).toHaveLength(2);
    expect(outputs).not.toContain('{{');
  });

  test('deterministic, and only the intended tokens are Terraform syntax', () => {
    expect(toYaml(hubLogSinkValues(sink))).toBe(toYaml(hubLogSinkValues({ tlsSecretName: 'log-sink-tls', sharedKey: '${var.log_shared_key}' })));
    expect(terraformHazards(hubLogSinkValues(sink), ['${var.log_shared_key}'])).toEqual([]);
  });

  const cases: Array<[string, HubLogSinkOptions, string]> = [
    ['shared key', { ...sink, sharedKey: '' }, "hubLogSinkValues: sharedKey '' is not allowed; allowed: a non-empty string, usually a Terraform reference such as ${var.x}"],
    ['template braces', { ...sink, sharedKey: 'a{{b' }, "hubLogSinkValues: sharedKey '(redacted)' is not allowed; allowed: a value without {{ (the chart templates its configuration)"],
    ['secret name', { ...sink, tlsSecretName: 'Log Sink' }, "hubLogSinkValues: tlsSecretName 'Log Sink' is not allowed; allowed: a lowercase DNS name such as grafana.edge33.example.com"],
    ['metrics port', { ...sink, port: 2020 }, 'hubLogSinkValues: port 2020 is not allowed; allowed: any port but 2020 (the chart metrics port)'],
    ['claim with replicas', { ...sink, replicas: 2, buffer: { claimName: 'buf' } }, 'hubLogSinkValues: replicas 2 is not allowed; allowed: 1 when buffer.claimName is set (a ReadWriteOnce claim has one writer)'],
    ['no output', { ...sink, outputs: { stdout: false } }, "hubLogSinkValues: outputs 'no output' is not allowed; allowed: at least one of stdout, opensearch, loki"],
    ['half credentials', { ...sink, outputs: { opensearch: { host: 'os.hub.tanzu.lab', httpUser: 'u' } } }, 'hubLogSinkValues: outputs.opensearch.httpPasswd undefined is not allowed; allowed: set together with httpUser'],
    ['size', { ...sink, buffer: { totalLimitSize: '10 GB' } }, "hubLogSinkValues: buffer.totalLimitSize '10 GB' is not allowed; allowed: a Fluent Bit size such as 512K, 5M or 2G"],
  ];
  test.each(cases)('rejects %s', (_name, options, message) => {
    expect(() => hubLogSinkValues(options)).toThrow(new Error(message));
  });
});
