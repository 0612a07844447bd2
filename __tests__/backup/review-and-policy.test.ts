/**
 * A restore in the review, and the store policies that keep each site to its own
 * location.
 */
import { policyAllows, s3Matches, siteStorePolicy, storeUserName } from '../../constructs/backup/store-policy';
import { runReview } from '../../tools/review/cli';
import { spawnSync } from 'child_process';
import { ROOT, SAMPLE_DIR, setPath } from '../support/catalog';
import { runApp, synthAfter } from '../support/synth';

type Warning = { kind: string; address: string; sites: string[]; message: string };
const warnings = (base: string, head: string): Warning[] => (JSON.parse(runReview(['--base', base, '--head', head, '--format', 'json']).stdout) as { warnings: Warning[] }).warnings;

describe('the review shows a restore as its own warning kind', () => {
  const before = runApp({}).outdir;
  const during = synthAfter((c) => setPath(c.sites.edge33, 'restore', { schedule: 'apps' }));

  test('starting: which backup, which namespaces, and that backups stop meanwhile', () => {
    const restore = warnings(before, during).filter((w) => w.kind === 'restore');
    expect(restore).toEqual([
      expect.objectContaining({
        kind: 'restore',
        address: 'kubernetes_manifest.velero_app_B6A449D6',
        type: 'kubernetes_manifest (App)',
        sites: ['edge33'],
        message:
          'restores the newest completed backup of schedule velero-apps (Velero Restore rebuild-apps-latest-1) into the cluster once the backup location is Available and synced; namespaces *, ' +
          "existing objects kept, platform namespaces never restored. Until the site file's restore key is removed, the location is read-only and the schedules are paused (no new backups)",
      }),
    ]);
    const markdown = runReview(['--base', before, '--head', during]).stdout;
    expect(markdown).toContain('restore');
    expect(markdown).toContain('rebuild-apps-latest-1');
  });

  test('ending: the location writable again, the Restore kept as the record', () => {
    expect(warnings(during, before).filter((w) => w.kind === 'restore').map((w) => [w.sites, w.message])).toEqual([
      [['edge33'], 'ends the restore rebuild-apps-latest-1: the backup location is writable again and the schedules resume; the Restore stays in the cluster as the record (kapp orphans it)'],
    ]);
  });

  test('a new attempt is a new restore', () => {
    const again = synthAfter((c) => setPath(c.sites.edge33, 'restore', { schedule: 'apps', attempt: 2 }));
    expect(warnings(during, again).filter((w) => w.kind === 'restore').map((w) => w.message)).toEqual([expect.stringContaining('(Velero Restore rebuild-apps-latest-2)')]);
  });
});

describe('each site’s store user reaches its own location only', () => {
  const edge3 = siteStorePolicy({ bucket: 'edge-backups', prefix: 'sites/edge3' });
  const edge33 = siteStorePolicy({ bucket: 'edge-backups', prefix: 'sites/edge33' });

  test('its own backups: read, write, delete, list', () => {
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) expect(policyAllows(edge33, action, 'edge-backups', 'sites/edge33/backups/velero-apps-1/velero-backup.json')).toBe(true);
    expect(policyAllows(edge33, 's3:ListBucket', 'edge-backups', undefined, 'sites/edge33/backups/')).toBe(true);
    expect(policyAllows(edge33, 's3:PutObject', 'edge-backups', 'sites/edge33/kopia/pos/p1234')).toBe(true);
  });

  test('never another site’s, even one whose id starts the same (edge3 and edge33)', () => {
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      expect(policyAllows(edge3, action, 'edge-backups', 'sites/edge33/backups/velero-apps-1/velero-backup.json')).toBe(false);
      expect(policyAllows(edge33, action, 'edge-backups', 'sites/edge3/backups/velero-apps-1/velero-backup.json')).toBe(false);
    }
    expect(policyAllows(edge3, 's3:ListBucket', 'edge-backups', undefined, 'sites/edge33/backups/')).toBe(false);
    expect(policyAllows(edge3, 's3:ListBucket', 'edge-backups', undefined, '')).toBe(false);
    expect(policyAllows(edge33, 's3:GetObject', 'other-bucket', 'sites/edge33/backups/x')).toBe(false);
    expect(policyAllows(edge33, 's3:DeleteBucket', 'edge-backups', undefined)).toBe(false);
  });

  test('the matcher the checks rely on', () => {
    expect(s3Matches('arn:aws:s3:::b/sites/edge3/*', 'arn:aws:s3:::b/sites/edge3/x')).toBe(true);
    expect(s3Matches('arn:aws:s3:::b/sites/edge3/*', 'arn:aws:s3:::b/sites/edge33/x')).toBe(false);
    expect(s3Matches('a?c', 'abc')).toBe(true);
    expect(storeUserName('edge33')).toBe('edge-backup-edge33');
  });
});

describe('npm run backup-policies', () => {
  const run = (...args: string[]) => spawnSync('node', ['tools/run.js', 'tools/backup/policies.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SITE_CATALOG: SAMPLE_DIR } });

  test('one user and policy per built site that backs up, nothing secret', () => {
    const r = run();
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Array<{ site: string; user: string; location: string; policy: Record<string, unknown> }>;
    expect(out.map((o) => [o.site, o.user, o.location])).toEqual([
      ['edge33', 'edge-backup-edge33', 's3://edge-backups/sites/edge33/'],
      ['edge41', 'edge-backup-edge41', 's3://edge-backups/sites/edge41/'],
      ['edge52', 'edge-backup-edge52', 's3://edge-backups/sites/edge52/'],
    ]);
    expect(out[0].policy).toEqual(siteStorePolicy({ bucket: 'edge-backups', prefix: 'sites/edge33' }));
  });

  test('a site that does not back up yet says why; an unknown site is an error', () => {
    const bootstrap = run('edge60');
    expect([bootstrap.status, bootstrap.stdout.trim(), bootstrap.stderr]).toEqual([0, '[]', 'backup-policies: edge60 does not back up (phase bootstrap: backups start once it is active)\n']);
    const unknown = run('edge99');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("backup-policies: unknown site 'edge99'; the catalog has: edge33, edge41, edge52, edge60\n");
  });
});
