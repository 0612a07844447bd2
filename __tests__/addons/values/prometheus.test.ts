/**
 * prometheusValues: the Tanzu prometheus package's keys, retention, external labels,
 * remote write with its queue and TLS, the alert rules, Alertmanager, the CA extension,
 * every rejection and determinism.
 */
import { parse } from 'yaml';
import { edgeAlertRules } from '../../../constructs/addons/values/alerts';
import {
  PROMETHEUS_HUB_CA_PATH,
  PrometheusValuesOptions,
  prometheusConfigObject,
  prometheusExtensions,
  prometheusValues,
} from '../../../constructs/addons/values/prometheus';
import { toYaml } from '../../../constructs/addons/values/types';
import { CA_PEM, HUB_WRITE_URL, IDENTITY, Json, json, list, terraformHazards, text } from './fixtures';

const base: PrometheusValuesOptions = { identity: IDENTITY, hub: { url: HUB_WRITE_URL } };
const values = (options: PrometheusValuesOptions = base): Json => json(prometheusValues(options));
const promYml = (options: PrometheusValuesOptions = base): Json => json(parse(text(values(options).prometheus.config.prometheus_yml)));

describe('prometheusValues', () => {
  test('top-level keys of the package, in a stable order', () => {
    const v = values();
    expect(Object.keys(v)).toEqual(['namespace', 'prometheus', 'alertmanager']);
    expect(v.namespace).toBe('tanzu-system-monitoring');
    expect(Object.keys(v.prometheus)).toEqual(['deployment', 'pvc', 'config']);
    expect(Object.keys(v.prometheus.config)).toEqual(['prometheus_yml', 'alerting_rules_yml']);
  });

  test('retention for a day or more offline: time and size args, PVC size and class', () => {
    const v = values({ ...base, retention: { time: '2d', size: '80GB' }, storage: { size: '100Gi', storageClassName: 'vsan-default' } });
    expect(v.prometheus.deployment.containers.args).toEqual([
      '--storage.tsdb.retention.time=2d',
      '--storage.tsdb.retention.size=80GB',
      '--config.file=/etc/config/prometheus.yml',
      '--storage.tsdb.path=/data',
      '--web.console.libraries=/etc/prometheus/console_libraries',
      '--web.console.templates=/etc/prometheus/consoles',
      '--web.enable-lifecycle',
    ]);
    expect(v.prometheus.pvc).toEqual({ storageClassName: 'vsan-default', storage: '100Gi' });
    const d = values();
    expect(list(d.prometheus.deployment.containers.args).slice(0, 2)).toEqual(['--storage.tsdb.retention.time=72h', '--storage.tsdb.retention.size=40GB']);
    expect(d.prometheus.pvc).toEqual({ storage: '50Gi' });
  });

  test('external labels site, ring, cluster', () => {
    expect(promYml().global).toEqual({
      scrape_interval: '1m',
      scrape_timeout: '10s',
      evaluation_interval: '1m',
      external_labels: { site: 'edge33', ring: 'canary', cluster: 'tkg-edge33-wld01' },
    });
  });

  test('remote_write: hub URL, queue that survives outages, TLS verified (system trust store by default)', () => {
    const rw = list(promYml().remote_write);
    expect(rw).toHaveLength(1);
    expect(rw[0]).toEqual({
      url: HUB_WRITE_URL,
      name: 'hub',
      remote_timeout: '30s',
      tls_config: { insecure_skip_verify: false },
      queue_config: {
        capacity: 10000,
        max_shards: 10,
        min_shards: 1,
        max_samples_per_send: 2000,
        batch_send_deadline: '5s',
        min_backoff: '1s',
        max_backoff: '1m',
      },
    });
  });

  test('remote_write with a hub CA and basic auth tokens; the queue is configurable', () => {
    const rw = promYml({
      ...base,
      hub: { url: HUB_WRITE_URL, caCertificate: CA_PEM, basicAuth: { username: '${var.rw_user}', password: '${var.rw_password}' } },
      queue: { capacity: 20000, maxShards: 4, maxSamplesPerSend: 5000, batchSendDeadline: '10s', minBackoff: '500ms', maxBackoff: '5m' },
    }).remote_write[0];
    expect(rw.tls_config).toEqual({ ca_file: PROMETHEUS_HUB_CA_PATH, insecure_skip_verify: false });
    expect(rw.basic_auth).toEqual({ username: '${var.rw_user}', password: '${var.rw_password}' });
    expect(rw.queue_config).toEqual({
      capacity: 20000,
      max_shards: 4,
      min_shards: 1,
      max_samples_per_send: 5000,
      batch_send_deadline: '10s',
      min_backoff: '500ms',
      max_backoff: '5m',
    });
  });

  test('scrapes Envoy, node-exporter per node and Fluent Bit, never Envoy twice; in-cluster TLS verified', () => {
    const jobs = list(promYml().scrape_configs);
    expect(jobs.map((j) => text(j.job_name))).toEqual([
      'prometheus', 'kube-state-metrics', 'node-exporter', 'contour-envoy', 'fluent-bit', 'kubernetes-pods', 'kubernetes-nodes-cadvisor', 'kubernetes-apiservers',
    ]);
    const envoy = jobs.find((j) => text(j.job_name) === 'contour-envoy') as Json;
    expect(envoy.metrics_path).toBe('/stats/prometheus');
    expect(envoy.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['tanzu-system-ingress'] } }]);
    expect(envoy.relabel_configs[0]).toEqual({ source_labels: ['__meta_kubernetes_pod_label_app', '__meta_kubernetes_pod_container_port_name'], action: 'keep', regex: 'envoy;metrics' });
    const fb = jobs.find((j) => text(j.job_name) === 'fluent-bit') as Json;
    expect(fb.metrics_path).toBe('/api/v1/metrics/prometheus');
    const pods = jobs.find((j) => text(j.job_name) === 'kubernetes-pods') as Json;
    expect(pods.relabel_configs[1]).toEqual({ source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_label_app'], action: 'drop', regex: 'tanzu-system-ingress;envoy|tanzu-system-logging;fluent-bit' });
    for (const job of jobs.filter((j) => (j.scheme as unknown) === 'https')) expect(job.tls_config.insecure_skip_verify).toBe(false);
    expect(JSON.stringify(jobs)).not.toContain('insecure_skip_verify":true');
  });

  test('the alert rules of alerts.ts are loaded into the local Prometheus', () => {
    const v = values({ ...base, alertThresholds: { errorRatio: 0.02 } });
    expect(parse(text(v.prometheus.config.alerting_rules_yml))).toEqual(JSON.parse(JSON.stringify(edgeAlertRules({ identity: IDENTITY, thresholds: { errorRatio: 0.02 } }))));
    expect(promYml().rule_files).toContain('/etc/config/alerting_rules.yml');
    expect(promYml().alerting).toEqual({ alertmanagers: [{ scheme: 'http', static_configs: [{ targets: ['alertmanager.tanzu-system-monitoring.svc:80'] }] }] });
  });

  test('Alertmanager: default receiver, optional webhook', () => {
    expect(parse(text(values().alertmanager.config.alertmanager_yml))).toEqual({
      route: { receiver: 'default-receiver', group_by: ['alertname', 'site'], group_wait: '30s', group_interval: '5m', repeat_interval: '3h' },
      receivers: [{ name: 'default-receiver' }],
    });
    const hooked = json(parse(text(values({ ...base, alertmanagerWebhookUrl: '${var.alert_webhook}' }).alertmanager.config.alertmanager_yml)));
    expect(hooked.receivers).toEqual([{ name: 'default-receiver', webhook_configs: [{ url: '${var.alert_webhook}', send_resolved: true }] }]);
  });

  test('the CA extension mounts the hub CA where ca_file points; none without a CA', () => {
    expect(prometheusExtensions(base)).toEqual([]);
    const [ext] = prometheusExtensions({ ...base, hub: { url: HUB_WRITE_URL, caCertificate: CA_PEM } });
    expect(ext.secretName).toBe('prometheus-hub-ca-ytt');
    expect(Object.keys(ext.files)).toEqual(['hub-ca-secret.yaml', 'hub-ca-overlay.yaml']);
    expect(parse(ext.files['hub-ca-secret.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'prometheus-hub-ca', namespace: 'tanzu-system-monitoring' },
      type: 'Opaque',
      stringData: { 'ca.crt': CA_PEM },
    });
    const overlay = ext.files['hub-ca-overlay.yaml'];
    expect(overlay).toContain('#@overlay/match by=overlay.subset({"kind": "Deployment", "metadata": {"name": "prometheus-server"}}), expects=1');
    expect(overlay).toContain('      - name: prometheus-server');
    expect(overlay).toContain(`mountPath: ${PROMETHEUS_HUB_CA_PATH.replace('/ca.crt', '')}`);
    expect(overlay).toContain('secretName: prometheus-hub-ca');
  });

  test('prometheusConfigObject is the object behind prometheus_yml', () => {
    expect(toYaml(prometheusConfigObject(base))).toBe(text(values().prometheus.config.prometheus_yml));
  });

  test('only the intended Terraform tokens, no other interpolation or directive', () => {
    const v = prometheusValues({ ...base, hub: { url: HUB_WRITE_URL, basicAuth: { username: '${var.u}', password: '${var.p}' } } });
    expect(terraformHazards(v, ['${var.u}', '${var.p}'])).toEqual([]);
  });

  test('deterministic: same input, identical YAML', () => {
    const a = toYaml(prometheusValues({ ...base, hub: { url: HUB_WRITE_URL, caCertificate: CA_PEM } }));
    const b = toYaml(prometheusValues({ identity: { ...IDENTITY }, hub: { caCertificate: CA_PEM, url: HUB_WRITE_URL } }));
    expect(a).toBe(b);
  });

  const cases: Array<[string, PrometheusValuesOptions, string]> = [
    ['retention words', { ...base, retention: { time: '2 days' } }, "prometheusValues: retention.time '2 days' is not allowed; allowed: a Prometheus duration such as 48h or 2d"],
    ['retention under a day', { ...base, retention: { time: '12h' } }, "prometheusValues: retention.time '12h' is not allowed; allowed: a Prometheus duration of at least 1d"],
    ['size unit', { ...base, retention: { size: '40Gi' } }, "prometheusValues: retention.size '40Gi' is not allowed; allowed: a Prometheus size in B, KB, MB, GB or TB such as 40GB"],
    ['size over PVC', { ...base, retention: { size: '48GB' } }, "prometheusValues: retention.size '48GB' is not allowed; allowed: at most 85% of storage.size 50Gi (42GB), leaving room for the WAL and compaction"],
    ['pvc size', { ...base, storage: { size: '50G' } }, "prometheusValues: storage.size '50G' is not allowed; allowed: a storage size in Mi, Gi or Ti such as 50Gi"],
    ['http url', { ...base, hub: { url: 'http://prometheus.hub.tanzu.lab/api/v1/write' } }, "prometheusValues: hub.url 'http://prometheus.hub.tanzu.lab/api/v1/write' is not allowed; allowed: an https:// URL without credentials, such as https://prometheus.hub.example.com/api/v1/write (TLS is always verified)"],
    ['url with credentials', { ...base, hub: { url: 'https://u:p@prometheus.hub.tanzu.lab/api/v1/write' } }, "prometheusValues: hub.url 'https://u:p@prometheus.hub.tanzu.lab/api/v1/write' is not allowed; allowed: an https:// URL without credentials, such as https://prometheus.hub.example.com/api/v1/write (TLS is always verified)"],
    ['bad CA', { ...base, hub: { url: HUB_WRITE_URL, caCertificate: 'not a certificate' } }, "prometheusValues: hub.caCertificate 'not a certificate' is not allowed; allowed: one PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- ...)"],
    ['empty password', { ...base, hub: { url: HUB_WRITE_URL, basicAuth: { username: 'edge', password: '' } } }, "prometheusValues: hub.basicAuth.password '' is not allowed; allowed: a non-empty string, usually a Terraform reference such as ${var.x}"],
    ['capacity below batch', { ...base, queue: { capacity: 500 } }, 'prometheusValues: queue.capacity 500 is not allowed; allowed: at least queue.maxSamplesPerSend (2000), so a shard can fill a request'],
    ['zero shards', { ...base, queue: { maxShards: 0 } }, 'prometheusValues: queue.maxShards 0 is not allowed; allowed: an integer from 1 to 1000'],
    ['min over max shards', { ...base, queue: { minShards: 20 } }, 'prometheusValues: queue.minShards 20 is not allowed; allowed: at most queue.maxShards (10)'],
    ['backoff order', { ...base, queue: { minBackoff: '2m' } }, "prometheusValues: queue.minBackoff '2m' is not allowed; allowed: at most queue.maxBackoff (1m)"],
    ['backoff too long', { ...base, queue: { maxBackoff: '1h' } }, "prometheusValues: queue.maxBackoff '1h' is not allowed; allowed: at most 10m, so delivery resumes soon after the WAN returns"],
    ['deadline', { ...base, queue: { batchSendDeadline: '5 s' } }, "prometheusValues: queue.batchSendDeadline '5 s' is not allowed; allowed: a Prometheus duration such as 48h or 2d"],
    ['scrape interval', { ...base, scrapeInterval: '5s' }, "prometheusValues: scrapeInterval '5s' is not allowed; allowed: a duration from 10s to 2m (the rules use 5m rate windows)"],
    ['identity', { ...base, identity: { ...IDENTITY, ring: 'Canary' } }, "prometheusValues: identity.ring 'Canary' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"],
    ['unknown key', { ...base, retension: {} } as unknown as PrometheusValuesOptions, 'prometheusValues: retension a mapping is not allowed; allowed: a known key: identity, hub, retention, storage, queue, scrapeInterval, alertThresholds, alertmanagerWebhookUrl, namespace, ingressNamespace, loggingNamespace, backups, delivery'],
    ['namespace', { ...base, namespace: 'Monitoring' }, "prometheusValues: namespace 'Monitoring' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"],
    ['alert threshold', { ...base, alertThresholds: { errorRatio: 2 } }, 'prometheusValues: alertThresholds.errorRatio 2 is not allowed; allowed: a number greater than 0 and less than 1, such as 0.05'],
  ];
  test.each(cases)('rejects %s', (_name, options, message) => {
    expect(() => prometheusValues(options)).toThrow(new Error(message));
  });
});
