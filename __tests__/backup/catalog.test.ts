/**
 * Backups in the catalog: every refused input names its file and field, the layers
 * (built-in, fleet defaults, ring, site) resolve in order, each site gets its own
 * location.
 */
import { PLATFORM_NAMESPACES } from '../../constructs/catalog/model';
import { EditableCatalog, problemsAfter, sampleFleet, setPath, siteAfter } from '../support/catalog';

const site = siteAfter;

describe('backup settings resolve per site', () => {
  test('the default catalog backs up every built site to its own location, applications hourly, kept 7 days', () => {
    const fleet = sampleFleet();
    const built = fleet.sites.filter((s) => s.phase !== 'bootstrap');
    expect(built.map((s) => s.id)).toEqual(['edge33', 'edge41', 'edge52']);
    for (const s of built) {
      expect(s.backup.enabled).toBe(true);
      expect(s.backup.location).toEqual({ bucket: 'edge-backups', prefix: `sites/${s.id}` });
      expect(s.backup.schedules).toEqual([
        expect.objectContaining({ name: 'apps', cron: '0 * * * *', retention: '7d', retentionHours: 168, intervalSeconds: 3600, namespaces: ['*'], volumes: 'filesystem', labelSelector: {} }),
      ]);
      // Every platform namespace is left out, whatever the catalog says.
      expect(s.backup.schedules[0].excludeNamespaces).toEqual([...PLATFORM_NAMESPACES]);
    }
    expect(new Set(built.map((s) => s.backup.location?.prefix)).size).toBe(built.length);
    expect(fleet.rings.map((r) => [r.name, r.velero?.chartVersion])).toEqual([
      ['canary', '11.4.0'],
      ['production', '10.1.3'],
    ]);
  });

  test('layers: the site file over its ring over the fleet defaults over the built-in schedule, key by key', () => {
    const s = site((c) => {
      setPath(c.fleet, 'defaults.backup.schedules.apps.retention', '14d');
      setPath(c.fleet, 'defaults.backup.schedules.pos', { cron: '*/15 * * * *', retention: '2d', namespaces: ['pos'] });
      setPath(c.fleet, 'rings.canary.backup.schedules.apps.cron', '0 */2 * * *');
      setPath(c.sites.edge33, 'backup.schedules.pos', { enabled: false });
      setPath(c.sites.edge33, 'backup.schedules.apps.excludeNamespaces', ['scratch']);
    }, 'edge33');
    expect(s.backup.schedules.map((x) => [x.name, x.cron, x.retention, x.intervalSeconds, x.excludeNamespaces[0]])).toEqual([['apps', '0 */2 * * *', '14d', 7200, 'scratch']]);
    const other = site((c) => setPath(c.fleet, 'defaults.backup.schedules.pos', { cron: '*/15 * * * *', retention: '2d', namespaces: ['pos'] }), 'edge52');
    expect(other.backup.schedules.map((x) => x.name)).toEqual(['apps', 'pos']);
  });

  test('without backup.store no site backs up, and a site may opt out', () => {
    expect(site((c) => delete (c.fleet as { backup?: unknown }).backup, 'edge33').backup).toEqual({ enabled: false, schedules: [] });
    expect(site((c) => setPath(c.sites.edge33, 'backup.enabled', false), 'edge33').backup.enabled).toBe(false);
  });

  test('a bucket per site', () => {
    const s = site((c) => {
      setPath(c.fleet, 'backup.store.bucket', 'backup-{site}');
      setPath(c.fleet, 'backup.store.prefix', 'velero');
    }, 'edge41');
    expect(s.backup.location).toEqual({ bucket: 'backup-edge41', prefix: 'velero' });
  });

  test('a restore resolves with its defaults', () => {
    expect(site((c) => setPath(c.sites.edge33, 'restore', { schedule: 'apps' }), 'edge33').backup.restore).toEqual({ schedule: 'apps', backup: 'latest', attempt: 1 });
  });
});

describe('refused backup settings name the file and the field, all in one run', () => {
  test.each<[string, (c: EditableCatalog) => void, string[]]>([
    [
      'a schedule that is not a Velero cron, in the fleet defaults',
      (c) => setPath(c.fleet, 'defaults.backup.schedules.apps.cron', '0 0 2 * * *'),
      ['sites/fleet.yaml: defaults.backup.schedules.apps.cron: \'0 0 2 * * *\' has 6 fields; allowed: five fields (minute hour day-of-month month day-of-week) such as "0 * * * *", or @hourly, @daily, @weekly, @monthly, @yearly, @every 6h'],
    ],
    [
      'a retention shorter than the interval, in a site file (reported once, where it is written)',
      (c) => setPath(c.sites.edge33, 'backup.schedules.apps', { cron: '0 2 * * *', retention: '12h' }),
      ["sites/edge33.yaml: backup.schedules.apps.retention: retention 12h is shorter than the longest gap between two runs of '0 2 * * *' (1d), so at times no backup would be kept; allowed: a retention of at least 1d"],
    ],
    [
      'a ring cron that outgrows the fleet retention is reported at the ring, not at every site',
      (c) => setPath(c.fleet, 'rings.production.backup.schedules.apps.cron', '0 3 1 * *'),
      ["sites/fleet.yaml: rings.production.backup.schedules.apps.cron: retention 7d is shorter than the longest gap between two runs of '0 3 1 * *' (31d), so at times no backup would be kept; allowed: a retention of at least 31d"],
    ],
    [
      'a schedule that never runs',
      (c) => setPath(c.sites.edge41, 'backup.schedules.apps.cron', '0 0 30 2 *'),
      ["sites/edge41.yaml: backup.schedules.apps.cron: '0 0 30 2 *' never runs (no date matches); allowed: a schedule that runs"],
    ],
    [
      'backup enabled without a store, at each layer',
      (c) => {
        delete (c.fleet as { backup?: unknown }).backup;
        setPath(c.fleet, 'defaults.backup.enabled', true);
        setPath(c.fleet, 'rings.canary.backup.enabled', true);
        setPath(c.sites.edge52, 'backup.enabled', true);
      },
      [
        'sites/fleet.yaml: defaults.backup.enabled: true, but fleet.yaml declares no backup.store; allowed: declare backup.store (endpoint, bucket), or leave backup off',
        'sites/fleet.yaml: rings.canary.backup.enabled: true, but fleet.yaml declares no backup.store; allowed: declare backup.store (endpoint, bucket), or leave backup off',
        'sites/edge52.yaml: backup.enabled: true, but fleet.yaml declares no backup.store; allowed: declare backup.store in fleet.yaml, or leave backup off',
      ],
    ],
    [
      'a platform namespace in a schedule',
      (c) => setPath(c.sites.edge33, 'backup.schedules.apps.namespaces', ['pos', 'kube-system', 'tanzu-system-custom']),
      [
        "sites/edge33.yaml: backup.schedules.apps.namespaces[1]: 'kube-system' is a platform namespace, never backed up or restored; allowed: application namespaces, or * for all of them",
        "sites/edge33.yaml: backup.schedules.apps.namespaces[2]: 'tanzu-system-custom' is a platform namespace, never backed up or restored; allowed: application namespaces, or * for all of them",
      ],
    ],
    [
      'a location every site shares',
      (c) => setPath(c.fleet, 'backup.store.prefix', 'velero'),
      ["sites/fleet.yaml: backup.store.prefix: 'velero' and bucket 'edge-backups' are the same for every site, so sites would share one location; allowed: {site} in the prefix (such as sites/{site}) or in the bucket"],
    ],
    [
      'a site id inside a path segment (edge3 would be a prefix of edge33)',
      (c) => setPath(c.fleet, 'backup.store.prefix', 'sites/site-{site}'),
      ["sites/fleet.yaml: backup.store.prefix: 'sites/site-{site}' puts {site} inside a path segment, so one site's location could be a prefix of another's (edge3, edge33); allowed: {site} as a whole segment, such as sites/{site}"],
    ],
    [
      'a bucket name too long for the longest site id',
      (c) => setPath(c.fleet, 'backup.store.bucket', 'the-edge-fleet-backups-of-every-store-{site}'),
      [
        "sites/fleet.yaml: backup.store.bucket: 'the-edge-fleet-backups-of-every-store-{site}' gives the bucket name 'the-edge-fleet-backups-of-every-store-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' for a site id of 32 characters; allowed: S3 bucket names of 3-63 lower-case letters, digits, dots and hyphens for every site id (2-32 characters)",
      ],
    ],
    [
      'a checksum algorithm the plugin does not know',
      (c) => setPath(c.fleet, 'backup.store.checksumAlgorithm', 'MD5'),
      ['sites/fleet.yaml: backup.store.checksumAlgorithm: \'MD5\' is not allowed; allowed: "" (no checksum), CRC32, CRC32C, SHA1 or SHA256'],
    ],
    [
      'a Harbor project that is not declared, or not replicated',
      (c) => setPath(c.fleet, 'backup.harborProject', 'velero'),
      ["sites/fleet.yaml: backup.harborProject: 'velero' is not declared in hub.harbor.projects; allowed: a declared, replicated project that holds the velero chart and images"],
    ],
    [
      'a Harbor project that stays at the hub',
      (c) => setPath(c.fleet, 'backup.harborProject', 'ci-scratch'),
      ["sites/fleet.yaml: backup.harborProject: 'ci-scratch' has replicate: false, so its images never reach the site Harbors; allowed: a replicated project"],
    ],
    [
      "a ring whose sites back up without Velero, and one that does not replicate Velero's project",
      (c) => {
        setPath(c.fleet, 'rings.production.velero', undefined);
        setPath(c.fleet, 'rings.canary.replication.projects', ['edge-apps']);
      },
      [
        "sites/fleet.yaml: rings.canary.replication.projects: does not replicate 'edge-platform' (backup.harborProject), so Velero's chart and images never reach the sites of ring 'canary' that back up: edge33; allowed: add 'edge-platform'",
        "sites/fleet.yaml: rings.production.velero: missing; required because built sites of ring 'production' back up: edge41, edge52; allowed: the velero chartVersion, version and awsPluginVersion this ring runs",
        // The delivery project is the same project: its rule says so too.
        "sites/fleet.yaml: rings.canary.replication.projects: does not replicate 'edge-platform' (delivery.harborProject), so its charts and images never reach the site Harbors of ring 'canary': edge33; allowed: add 'edge-platform'",
      ],
    ],
    [
      "a plugin that does not match the ring's Velero",
      (c) => setPath(c.fleet, 'rings.canary.velero.awsPluginVersion', 'v1.12.2'),
      ['sites/fleet.yaml: rings.canary.velero.awsPluginVersion: v1.12.2 does not match Velero v1.17.1; allowed: a v1.13.x plugin (velero-plugin-for-aws v1.N pairs with Velero v1.N+4)'],
    ],
    [
      'backups at a built site whose Harbor is off',
      (c) => setPath(c.sites.edge41, 'addons.harbor.enabled', false),
      [
        "sites/edge41.yaml: backup.enabled: Velero's chart and images come from the site Harbor, which this site switches off (addons.harbor.enabled: false); allowed: backup.enabled: false, or the site Harbor on",
        "sites/edge41.yaml: delivery.enabled: Argo CD's and Flagger's charts and images, and the applications' charts, come from the site Harbor, which this site switches off (addons.harbor.enabled: false); allowed: delivery.enabled: false, or harbor on",
      ],
    ],
    [
      'a restore of an unknown schedule, and of a backup another schedule made',
      (c) => {
        setPath(c.sites.edge33, 'restore', { schedule: 'pos' });
        setPath(c.sites.edge41, 'restore', { schedule: 'apps', backup: 'velero-pos-20261129010000' });
      },
      [
        "sites/edge33.yaml: restore.schedule: 'pos' is not an enabled backup schedule of this site; allowed: apps",
        "sites/edge41.yaml: restore.backup: 'velero-pos-20261129010000' is not a backup of schedule 'apps' (its backups are named velero-apps-<timestamp>); allowed: latest, or one of its backup names",
      ],
    ],
    [
      'a restore where there are no backups, and one at a site being decommissioned',
      (c) => {
        setPath(c.sites.edge33, 'backup.enabled', false);
        setPath(c.sites.edge33, 'restore', { schedule: 'apps' });
        setPath(c.sites.edge41, 'phase', 'decommissioning');
        setPath(c.sites.edge41, 'restore', { schedule: 'apps' });
      },
      [
        'sites/edge33.yaml: restore: a restore needs backups, which are off for this site; allowed: remove restore, or turn backup on (fleet.yaml backup.store and backup.enabled)',
        'sites/edge41.yaml: restore: a site being decommissioned is not restored; allowed: remove restore, or phase active',
      ],
    ],
    [
      'schema: a retention without a unit, a volume mode, an attempt out of range',
      (c) => {
        setPath(c.sites.edge33, 'backup.schedules.apps.retention', '7');
        setPath(c.sites.edge33, 'backup.schedules.apps.volumes', 'snapshot');
        setPath(c.sites.edge41, 'restore', { schedule: 'apps', attempt: 0 });
      },
      [
        "sites/edge33.yaml: backup.schedules.apps.retention: '7' is not allowed; allowed: a retention such as 72h, 7d or 4w",
        "sites/edge33.yaml: backup.schedules.apps.volumes: 'snapshot' is not allowed; allowed: filesystem, none",
        'sites/edge41.yaml: restore.attempt: 0 is not allowed; allowed: an attempt number from 1 to 99',
      ],
    ],
  ])('%s', (_title, edit, expected) => {
    expect(problemsAfter(edit)).toEqual(expected);
  });
});
