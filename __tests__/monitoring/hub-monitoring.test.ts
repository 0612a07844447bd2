/**
 * Central monitoring at the hub: the kube-prometheus-stack and log-sink releases, the
 * remote-write credentials the ingress checks, and that what the hub accepts is what
 * the sites send (host, port, per-site password).
 */
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { TerraformVariable } from 'cdktf';
import { parse } from 'yaml';
import { parseCatalog } from '../../constructs/catalog/load';
import { FLUENT_REPOSITORY, HubMonitoring, HubMonitoringProps, PROMETHEUS_COMMUNITY_REPOSITORY, REMOTE_WRITE_AUTH_SECRET } from '../../constructs/monitoring/hub-monitoring';
import { editableSample, sampleFleet, setPath, toSources } from '../support/catalog';
import { all, synthJson, testStack } from '../support/stack';
import { TerraformJson, buildStacks, stackJson } from '../support/synth';

type Release = { name: string; chart: string; repository: string; version: string; namespace: string; values: string[]; depends_on?: string[] };

function monitoring(overrides: Partial<HubMonitoringProps> = {}) {
  const stack = testStack();
  new HelmProvider(stack, 'helm', {});
  const password = new TerraformVariable(stack, 'grafana_password', { type: 'string', sensitive: true }).stringValue;
  const key = new TerraformVariable(stack, 'key', { type: 'string', sensitive: true }).stringValue;
  const construct = new HubMonitoring(stack, 'monitoring', {
    remoteWrite: { host: 'metrics.hub.tanzu.lab', tlsSecretName: 'monitoring-tls' },
    grafana: { host: 'grafana.hub.tanzu.lab', tlsSecretName: 'monitoring-tls' },
    ingressClassName: 'nginx',
    grafanaAdminPassword: password,
    remoteWriteCredentials: [
      { username: 'edge33', password: key },
      { username: 'edge41', password: key },
    ],
    knownSites: ['edge33', 'edge41'],
    logSink: { sharedKey: key, tlsSecretName: 'log-sink-tls' },
    ...overrides,
  });
  return { construct, json: synthJson(stack) };
}

const releases = (json: TerraformJson) => Object.values(all(json, 'helm_release')) as unknown as Release[];
const release = (json: TerraformJson, name: string) => releases(json).find((r) => r.name === name) as Release;

describe('HubMonitoring', () => {
  const { json } = monitoring();

  test('kube-prometheus-stack and the log sink from their chart repositories, into the monitoring namespace', () => {
    expect(releases(json).map((r) => [r.name, r.repository, r.chart, r.version, r.namespace])).toEqual([
      ['fleet-log-sink', FLUENT_REPOSITORY, 'fluent-bit', '0.58.2', 'monitoring'],
      ['kube-prometheus-stack', PROMETHEUS_COMMUNITY_REPOSITORY, 'kube-prometheus-stack', '88.5.3', 'monitoring'],
    ]);
  });

  test('the remote-write ingress is TLS with basic auth against one htpasswd line per site', () => {
    const values = parse(release(json, 'kube-prometheus-stack').values[0]) as { prometheus: { ingress: Record<string, unknown>; prometheusSpec: Record<string, unknown> } };
    expect(values.prometheus.ingress).toMatchObject({
      enabled: true,
      ingressClassName: 'nginx',
      hosts: ['metrics.hub.tanzu.lab'],
      tls: [{ secretName: 'monitoring-tls', hosts: ['metrics.hub.tanzu.lab'] }],
      annotations: expect.objectContaining({ 'nginx.ingress.kubernetes.io/auth-type': 'basic', 'nginx.ingress.kubernetes.io/auth-secret': REMOTE_WRITE_AUTH_SECRET }),
    });
    expect(values.prometheus.prometheusSpec).toMatchObject({ enableRemoteWriteReceiver: true, retention: '30d', tsdb: { outOfOrderTimeWindow: '3h' } });
    const [secret] = Object.values(all(json, 'kubernetes_secret_v1')) as Array<{ metadata: { name: string }; data: { auth: string } }>;
    expect(secret.metadata.name).toBe(REMOTE_WRITE_AUTH_SECRET);
    expect(secret.data.auth).toBe('edge33:{PLAIN}${var.key}\nedge41:{PLAIN}${var.key}\n');
    expect(release(json, 'kube-prometheus-stack').depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\.monitoring_remote-write-auth_/)]);
  });

  test('one absence alert per known site', () => {
    const text = release(json, 'kube-prometheus-stack').values[0];
    expect(text).toContain('FleetSiteNotReporting');
    const rules = (parse(text) as { additionalPrometheusRulesMap: Record<string, { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }> })
      .additionalPrometheusRulesMap;
    const exprs = Object.values(rules).flatMap((file) => file.groups.flatMap((g) => g.rules.map((r) => r.expr)));
    expect(exprs.filter((e) => e.includes('site="edge33"') && e.startsWith('absent_over_time'))).toHaveLength(1);
    expect(exprs.filter((e) => e.includes('site="edge41"') && e.startsWith('absent_over_time'))).toHaveLength(1);
  });

  test('secrets only in the Terraform-encoded values document', () => {
    const prometheus = release(json, 'kube-prometheus-stack').values;
    expect(prometheus).toHaveLength(2);
    expect(prometheus[0]).not.toContain('${');
    expect(prometheus[1]).toBe('${yamlencode({"grafana" = {"adminPassword" = var.grafana_password}})}');
    const sink = release(json, 'fleet-log-sink').values;
    expect(sink[0]).not.toContain('${');
    expect(sink[1]).toMatch(/^\$\{yamlencode\(\{"config" = \{"inputs" = ".*Shared_Key +\$\{var\.key\}/s);
  });

  test('the log sink: TLS forward input, filesystem buffer, stdout without a store', () => {
    const values = parse(release(json, 'fleet-log-sink').values[0]) as { kind: string; service: { type: string }; extraVolumes: unknown[]; config: { outputs: string } };
    expect(values.kind).toBe('Deployment');
    expect(values.service.type).toBe('LoadBalancer');
    expect(values.extraVolumes).toEqual([{ name: 'buffer', emptyDir: {} }, { name: 'forward-tls', secret: { secretName: 'log-sink-tls' } }]);
    expect(values.config.outputs).toMatch(/Name +stdout/);
  });

  test('rejects bad hosts, Secret names, shared hosts and literal or duplicate credentials', () => {
    expect(() =>
      monitoring({
        namespace: 'Monitoring',
        remoteWrite: { host: 'metrics', tlsSecretName: 'tls' },
        grafana: { host: 'metrics', tlsSecretName: 'Bad' },
        remoteWriteCredentials: [
          { username: 'edge33', password: 'hunter2' },
          { username: 'edge33', password: '${var.k}' },
        ],
      }),
    ).toThrow(
      [
        "HubMonitoring 'test/monitoring': namespace: 'Monitoring' is not allowed; allowed: a DNS label",
        "HubMonitoring 'test/monitoring': remoteWrite.host: 'metrics' is not allowed; allowed: a fully qualified host name",
        "HubMonitoring 'test/monitoring': grafana.host: 'metrics' is not allowed; allowed: a fully qualified host name",
        "HubMonitoring 'test/monitoring': grafana.tlsSecretName: 'Bad' is not allowed; allowed: a Secret name",
        "HubMonitoring 'test/monitoring': grafana.host: 'metrics' is also remoteWrite.host; allowed: a host of its own",
        "HubMonitoring 'test/monitoring': remoteWriteCredentials[0].password: a literal is not allowed; allowed: a Terraform expression (a sensitive variable or derived from one)",
        "HubMonitoring 'test/monitoring': remoteWriteCredentials[1].username: 'edge33' appears twice; allowed: one entry per site",
      ].join('\n'),
    );
  });
});

describe('the hub stack accepts what the sites send', () => {
  const stacks = buildStacks(sampleFleet());
  const hub = stackJson(stacks.hub);
  const site = (id: string) => stackJson(stacks.sites.find((s) => s.node.id === id) as never);

  test('each built site has its own derived password, the same expression on both sides; a bootstrapping site none', () => {
    const [secret] = Object.values(all(hub, 'kubernetes_secret_v1')) as Array<{ data: { auth: string } }>;
    const lines = secret.data.auth.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['edge33', 'edge41', 'edge52']);
    for (const id of ['edge33', 'edge41', 'edge52']) {
      const expression = `\${sha256(join(":", [var.metrics_remote_write_key, "${id}"]))}`;
      expect(lines).toContain(`${id}:{PLAIN}${expression}`);
      const values = (Object.values(all(site(id), 'kubernetes_secret_v1')) as Array<{ metadata: { name: string }; data: Record<string, string> }>).find((v) => v.metadata.name === 'prometheus-values');
      expect(values?.data['secret-values.yaml']).toContain(`username: ${id}\\n      password: \\"${expression}\\"`);
    }
    expect(hub.variable?.metrics_remote_write_key).toMatchObject({ sensitive: true });
  });

  test('the remote-write host and the log-sink port are those the sites are configured with', () => {
    const fleet = sampleFleet();
    const values = parse(release(hub, 'kube-prometheus-stack').values[0]) as { prometheus: { ingress: { hosts: string[] } } };
    expect(values.prometheus.ingress.hosts).toEqual([new URL(fleet.hub.monitoring.remoteWriteUrl).hostname]);
    const sink = release(hub, 'fleet-log-sink').values[1];
    expect(sink).toContain(`Port          ${fleet.hub.monitoring.logSink.port}`);
    expect(JSON.stringify(site('edge33'))).toMatch(new RegExp(`Port +${fleet.hub.monitoring.logSink.port}`));
  });

  test('Harbor installs after the monitoring CRDs; the releases keep their addresses', () => {
    const address = (name: string) => Object.entries(all(hub, 'helm_release')).find(([, r]) => r.name === name)?.[0];
    expect([address('kube-prometheus-stack'), address('fleet-log-sink'), address('harbor')]).toEqual(['monitoring_release_603032FF', 'monitoring_log-sink_1BDE3652', 'harbor_release_53889924']);
    expect(release(hub, 'harbor').depends_on).toEqual(['helm_release.monitoring_release_603032FF']);
  });

  test('a Loki store with a user: the password is a sensitive variable, never in the catalog', () => {
    const c = editableSample();
    setPath(c.fleet, 'hub.monitoring.logSink.loki', { host: 'loki.hub.tanzu.lab', tenantId: 'fleet', username: 'fleet-sink' });
    const json = stackJson(buildStacks(parseCatalog(toSources(c))).hub);
    const sink = release(json, 'fleet-log-sink').values;
    expect(sink[0]).not.toMatch(/Name +stdout/);
    expect(sink[1]).toMatch(/Name +loki/);
    expect(sink[1]).toMatch(/Host +loki\.hub\.tanzu\.lab/);
    expect(sink[1]).toMatch(/HTTP_Passwd +\$\{var\.log_store_password\}/);
    expect(json.variable?.log_store_password).toMatchObject({ sensitive: true });
    expect(hub.variable?.log_store_password).toBeUndefined();
  });
});

describe('sites that never report', () => {
  test('a built site without Prometheus gets no remote-write password and no absence alert', () => {
    const c = editableSample();
    setPath(c.sites.edge41, 'addons.prometheus', { enabled: false });
    setPath(c.sites.edge41, 'addons.grafana', { enabled: false });
    // Flagger measures canaries with the site Prometheus: delivery goes off with it.
    setPath(c.sites.edge41, 'delivery', { enabled: false });
    const hub = stackJson(buildStacks(parseCatalog(toSources(c))).hub);
    const [secret] = Object.values(all(hub, 'kubernetes_secret_v1')) as Array<{ data: { auth: string } }>;
    expect(secret.data.auth.trim().split('\n').map((l) => l.split(':')[0])).toEqual(['edge33', 'edge52']);
    expect(release(hub, 'kube-prometheus-stack').values[0]).not.toContain('edge41');
  });
});
