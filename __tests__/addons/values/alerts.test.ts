/**
 * The fleet's alert rules: names, expressions, labels, `for:` durations, thresholds as
 * options, the hub's silent-site logic, plausibility of every expression, rejections and
 * determinism.
 */
import { parse } from 'yaml';
import {
  ALERT_THRESHOLD_DEFAULTS,
  BACKUP_STALE_AFTER_METRIC,
  EDGE_ALERT_METRICS,
  HUB_ALERT_METRICS,
  edgeAlertRules,
  hubAlertRules,
  renderRules,
} from '../../../constructs/addons/values/alerts';
import { AlertRule, RuleFile, isAlertGroup } from '../../../constructs/addons/values/types';
import { IDENTITY, promqlProblems } from './fixtures';

const allRules = (file: RuleFile): AlertRule[] => file.groups.filter(isAlertGroup).flatMap((g) => [...g.rules]);
const byName = (file: RuleFile, name: string): AlertRule => {
  const found = allRules(file).filter((r) => r.alert === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('edgeAlertRules', () => {
  const rules = edgeAlertRules({
    identity: IDENTITY,
    backupSchedules: [{ schedule: 'velero-apps', intervalSeconds: 3600 }],
    applications: [{ application: 'storefront', namespace: 'storefront', version: '1.5.0', versionSource: 'ring' }],
  });

  test('without backups: three groups, golden signals, saturation, store and forward', () => {
    expect(edgeAlertRules({ identity: IDENTITY }).groups.map((g) => g.name)).toEqual(['edge-golden-signals', 'edge-saturation', 'edge-store-and-forward']);
  });

  test('with backups: each schedule gets a staleness rule in store and forward and a threshold record for the hub', () => {
    expect(rules.groups.map((g) => g.name)).toEqual(['edge-golden-signals', 'edge-saturation', 'edge-store-and-forward', 'edge-backup-thresholds', 'edge-application-versions']);
    expect(rules.groups[3].rules).toEqual([{ record: BACKUP_STALE_AFTER_METRIC, expr: 'vector(7200)', labels: { schedule: 'velero-apps' } }]);
    const stale = byName(rules, 'EdgeBackupStale');
    // The last success from the site's own history (a Velero restart resets the gauge), or none at all in twice the interval.
    expect(stale.expr).toBe(
      '((time() - max by (schedule) (max_over_time(velero_backup_last_successful_timestamp{job="velero",schedule="velero-apps"}[86400s]))) > 7200) or (absent_over_time(velero_backup_last_successful_timestamp{job="velero",schedule="velero-apps"}[7200s]) * 7200)',
    );
    expect(stale.labels).toEqual({ severity: 'warning', signal: 'backup', site: 'edge33', schedule: 'velero-apps' });
    expect(stale.annotations.description).toContain('While the WAN is down');
    expect(() => edgeAlertRules({ identity: IDENTITY, backupSchedules: [{ schedule: 'Velero Apps', intervalSeconds: 3600 }] })).toThrow("edgeAlertRules: backupSchedules[0].schedule 'Velero Apps' is not allowed");
    expect(() => edgeAlertRules({ identity: IDENTITY, backupSchedules: [{ schedule: 'velero-apps', intervalSeconds: 0 }] })).toThrow('edgeAlertRules: backupSchedules[0].intervalSeconds 0 is not allowed');
  });

  test('alert names, in order', () => {
    expect(allRules(rules).map((r) => r.alert)).toEqual([
      'EdgeServiceLatencyHigh',
      'EdgeServiceErrorRatioHigh',
      'EdgeServiceTrafficDrop',
      'EdgeServiceTrafficSurge',
      'EdgeNodeCpuSaturated',
      'EdgeNodeMemorySaturated',
      'EdgeNodeDiskFilling',
      'EdgeRemoteWriteBehind',
      'EdgeRemoteWriteDataLossImminent',
      'EdgeRemoteWriteFailing',
      'EdgeRemoteWriteDesiredShards',
      'EdgeLogForwardStalled',
      'EdgeLogRecordsDropped',
      'EdgeBackupStale',
      'EdgeCanaryFailed',
    ]);
  });

  test('every rule carries the site label, a severity and a signal, a for: and a summary', () => {
    for (const r of allRules(rules)) {
      expect(r.labels.site).toBe('edge33');
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(['latency', 'traffic', 'errors', 'saturation', 'store-and-forward', 'backup', 'delivery']).toContain(r.labels.signal);
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(r.annotations.summary).toContain('edge33');
      expect(r.annotations.description.length).toBeGreaterThan(10);
    }
  });

  test('every expression is plausible PromQL over the metrics the module declares', () => {
    for (const r of allRules(rules)) expect({ alert: r.alert, problems: promqlProblems(r.expr, EDGE_ALERT_METRICS) }).toEqual({ alert: r.alert, problems: [] });
    const used = allRules(rules).map((r) => r.expr).join('\n');
    for (const metric of EDGE_ALERT_METRICS) expect(used).toContain(metric);
  });

  test('latency: p99 of the Envoy upstream histogram (milliseconds) per service, quiet without traffic', () => {
    const r = byName(rules, 'EdgeServiceLatencyHigh');
    expect(r.expr).toBe(
      '(histogram_quantile(0.99, sum by (envoy_cluster_name, le) (rate(envoy_cluster_upstream_rq_time_bucket{job="contour-envoy"}[5m]))) > 1000)' +
        ' and on (envoy_cluster_name) (sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_total{job="contour-envoy"}[5m])) > 0.1)',
    );
    expect(r.for).toBe('10m');
    expect(r.labels).toEqual({ severity: 'warning', signal: 'latency', site: 'edge33' });
  });

  test('errors: 5xx ratio from envoy_cluster_upstream_rq_xx over envoy_cluster_upstream_rq_total', () => {
    const r = byName(rules, 'EdgeServiceErrorRatioHigh');
    expect(r.expr).toContain('sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_xx{job="contour-envoy",envoy_response_code_class="5"}[5m]))');
    expect(r.expr).toContain('/ sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_total{job="contour-envoy"}[5m])) > 0.05)');
    expect(r.labels.severity).toBe('critical');
  });

  test('traffic: drop and surge against the same window one day earlier', () => {
    const drop = byName(rules, 'EdgeServiceTrafficDrop');
    expect(drop.expr).toContain('< 0.5 * sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_total{job="contour-envoy"}[30m] offset 1d))');
    const surge = byName(rules, 'EdgeServiceTrafficSurge');
    expect(surge.expr).toContain('> 3 * sum by (envoy_cluster_name) (rate(envoy_cluster_upstream_rq_total{job="contour-envoy"}[30m] offset 1d))');
    expect(drop.for).toBe('30m');
    expect(surge.for).toBe('30m');
  });

  test('saturation: node CPU, memory and disk from node-exporter, per node', () => {
    expect(byName(rules, 'EdgeNodeCpuSaturated').expr).toBe('(1 - avg by (node) (rate(node_cpu_seconds_total{job="node-exporter",mode="idle"}[5m]))) > 0.9');
    expect(byName(rules, 'EdgeNodeMemorySaturated').expr).toBe('(1 - (node_memory_MemAvailable_bytes{job="node-exporter"} / node_memory_MemTotal_bytes{job="node-exporter"})) > 0.9');
    expect(byName(rules, 'EdgeNodeDiskFilling').expr).toContain('node_filesystem_avail_bytes{job="node-exporter",fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs"}');
    expect(byName(rules, 'EdgeNodeDiskFilling').expr).toMatch(/\) > 0\.85$/);
  });

  test('store and forward: remote write lag (warning, then data-loss critical), failures, shards, Fluent Bit', () => {
    const behind = byName(rules, 'EdgeRemoteWriteBehind');
    expect(behind.expr).toBe(
      '(max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus"}[5m]) - on (job, instance) group_right max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"}[5m])) > 600',
    );
    expect(behind.labels.severity).toBe('warning');
    const loss = byName(rules, 'EdgeRemoteWriteDataLossImminent');
    expect(loss.expr).toMatch(/> 5400$/);
    expect(loss.labels.severity).toBe('critical');
    expect(byName(rules, 'EdgeRemoteWriteFailing').expr).toBe(
      '(rate(prometheus_remote_storage_failed_samples_total{job="prometheus"}[5m]) or rate(prometheus_remote_storage_samples_failed_total{job="prometheus"}[5m])) > 0',
    );
    expect(byName(rules, 'EdgeLogForwardStalled').expr).toContain('fluentbit_output_proc_records_total{job="fluent-bit",name="hub_forward"}[15m])) == 0');
    expect(byName(rules, 'EdgeLogRecordsDropped').expr).toContain('increase(fluentbit_output_dropped_records_total{job="fluent-bit"}[15m])');
  });

  test('thresholds are options', () => {
    const custom = edgeAlertRules({
      identity: IDENTITY,
      thresholds: { latencyP99Seconds: 0.25, errorRatio: 0.01, minRequestRate: 2, remoteWriteBehindSeconds: 300, latencyFor: '5m', nodeDiskRatio: 0.8 },
    });
    expect(byName(custom, 'EdgeServiceLatencyHigh').expr).toContain('> 250)');
    expect(byName(custom, 'EdgeServiceLatencyHigh').expr).toContain('> 2)');
    expect(byName(custom, 'EdgeServiceLatencyHigh').for).toBe('5m');
    expect(byName(custom, 'EdgeServiceErrorRatioHigh').expr).toContain('> 0.01)');
    expect(byName(custom, 'EdgeRemoteWriteBehind').expr).toMatch(/> 300$/);
    expect(byName(custom, 'EdgeNodeDiskFilling').expr).toMatch(/> 0\.8$/);
  });

  test('rendered YAML parses back to the same rule file, and is deterministic', () => {
    const yaml = renderRules(rules);
    expect(parse(yaml)).toEqual(JSON.parse(JSON.stringify(rules)));
    expect(
      renderRules(
        edgeAlertRules({
          identity: { ...IDENTITY },
          backupSchedules: [{ schedule: 'velero-apps', intervalSeconds: 3600 }],
          applications: [{ application: 'storefront', namespace: 'storefront', version: '1.5.0', versionSource: 'ring' }],
        }),
      ),
    ).toBe(yaml);
    expect(yaml).toMatch(/^groups:\n {2}- name: edge-golden-signals\n/);
  });
});

describe('hubAlertRules', () => {
  const rules = hubAlertRules({ knownSites: ['edge41', 'edge33'] });

  test('silent sites: seen within siteMemory, not within siteSilentAfter; no site list needed', () => {
    const r = byName(rules, 'FleetSiteNotReporting');
    expect(r.expr).toBe(
      'group by (site) (present_over_time(up{job="prometheus",site!=""}[7d])) unless group by (site) (present_over_time(up{job="prometheus",site!=""}[15m]))',
    );
    expect(r.expr).not.toContain('== 0');
    expect(r.labels).toEqual({ severity: 'critical', signal: 'store-and-forward' });
  });

  test('known sites get a never-expiring absence rule each, sorted', () => {
    const absent = allRules(rules).filter((r) => r.alert === 'FleetSiteAbsent');
    expect(absent.map((r) => r.expr)).toEqual([
      'absent_over_time(up{job="prometheus",site="edge33"}[15m])',
      'absent_over_time(up{job="prometheus",site="edge41"}[15m])',
    ]);
    expect(absent.map((r) => r.labels.site)).toEqual(['edge33', 'edge41']);
  });

  test('remote-write lag as each site reports it, newest report within 1h', () => {
    const r = byName(rules, 'FleetSiteRemoteWriteLagging');
    expect(r.expr).toBe(
      'max by (site) (last_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus",site!=""}[1h]) - on (site, job, instance) group_right last_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus",site!=""}[1h])) > 900',
    );
    expect(byName(rules, 'FleetSiteRemoteWriteRejected').expr).toContain('sum by (site)');
    expect(byName(rules, 'FleetSiteLogsDropped').expr).toContain('fluentbit_output_dropped_records_total{job="fluent-bit",site!=""}');
  });

  test('every expression is plausible', () => {
    for (const r of allRules(rules)) expect({ alert: r.alert, problems: promqlProblems(r.expr, HUB_ALERT_METRICS) }).toEqual({ alert: r.alert, problems: [] });
  });

  test('thresholds: silence window, memory and lag', () => {
    const custom = hubAlertRules({ thresholds: { siteSilentAfter: '30m', siteMemory: '3d', hubRemoteWriteLagSeconds: 1200 } });
    expect(byName(custom, 'FleetSiteNotReporting').expr).toContain('[3d]');
    expect(byName(custom, 'FleetSiteNotReporting').expr).toContain('[30m]');
    expect(byName(custom, 'FleetSiteRemoteWriteLagging').expr).toMatch(/> 1200$/);
    expect(allRules(hubAlertRules()).some((r) => r.alert === 'FleetSiteAbsent')).toBe(false);
  });

  test('deterministic: the order of knownSites does not matter', () => {
    expect(renderRules(hubAlertRules({ knownSites: ['edge33', 'edge41'] }))).toBe(renderRules(rules));
  });
});

describe('rejections', () => {
  const identity = IDENTITY;
  const cases: Array<[string, () => unknown, string]> = [
    ['latency 0', () => edgeAlertRules({ identity, thresholds: { latencyP99Seconds: 0 } }), 'edgeAlertRules: thresholds.latencyP99Seconds 0 is not allowed; allowed: a number greater than 0'],
    ['error ratio 5', () => edgeAlertRules({ identity, thresholds: { errorRatio: 5 } }), 'edgeAlertRules: thresholds.errorRatio 5 is not allowed; allowed: a number greater than 0 and less than 1, such as 0.05'],
    ['surge 1', () => edgeAlertRules({ identity, thresholds: { trafficSurgeFactor: 1 } }), 'edgeAlertRules: thresholds.trafficSurgeFactor 1 is not allowed; allowed: a number greater than 1, such as 3'],
    ['for 10 minutes', () => edgeAlertRules({ identity, thresholds: { latencyFor: '10 minutes' } }), "edgeAlertRules: thresholds.latencyFor '10 minutes' is not allowed; allowed: a Prometheus duration such as 48h or 2d"],
    ['loss below behind', () => edgeAlertRules({ identity, thresholds: { remoteWriteBehindSeconds: 900, remoteWriteDataLossSeconds: 600 } }), 'edgeAlertRules: thresholds.remoteWriteDataLossSeconds 600 is not allowed; allowed: more seconds than thresholds.remoteWriteBehindSeconds (900)'],
    ['loss beyond WAL', () => edgeAlertRules({ identity, thresholds: { remoteWriteDataLossSeconds: 9000 } }), 'edgeAlertRules: thresholds.remoteWriteDataLossSeconds 9000 is not allowed; allowed: at most 7200 (the WAL holds about two hours; later the data is already lost)'],
    ['unknown threshold', () => edgeAlertRules({ identity, thresholds: { latencyP99: 1 } as never }), 'edgeAlertRules: thresholds.latencyP99 1 is not allowed; allowed: a known key: ' + Object.keys(ALERT_THRESHOLD_DEFAULTS).join(', ')],
    ['site id', () => edgeAlertRules({ identity: { ...identity, site: 'Edge 33' } }), "edgeAlertRules: identity.site 'Edge 33' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"],
    ['memory not longer', () => hubAlertRules({ thresholds: { siteSilentAfter: '1h', siteMemory: '30m' } }), "hubAlertRules: thresholds.siteMemory '30m' is not allowed; allowed: a duration longer than thresholds.siteSilentAfter (1h)"],
    ['known site', () => hubAlertRules({ knownSites: ['edge_33'] }), "hubAlertRules: knownSites[0] 'edge_33' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"],
    ['duplicate site', () => hubAlertRules({ knownSites: ['edge33', 'edge33'] }), "hubAlertRules: knownSites 'edge33' is not allowed; allowed: each site id once"],
  ];
  test.each(cases)('%s', (_name, call, message) => {
    expect(call).toThrow(new Error(message));
  });
});
