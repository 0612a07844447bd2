/**
 * Prints, for every built site that backs up, the user it needs at the hub object store
 * and the policy that confines that user to the site's own location:
 *
 *   npm run --silent backup-policies                 # every site, as JSON
 *   npm run --silent backup-policies -- edge33       # one site
 *
 * The store admin creates the user (for MinIO: `mc admin user add`, `mc admin policy
 * create`, `mc admin policy attach`), and its access key id and secret key become the
 * variables backup_access_key_id and backup_secret_access_key of that site's workspace
 * only (docs/backup-and-restore.md). Nothing secret is printed. Reads the catalog from
 * SITE_CATALOG (default: sites).
 */
import { siteStorePolicy, storeUserName } from '../../constructs/backup/store-policy';
import { isBuilt } from '../../constructs/catalog/model';
import { loadCatalog } from '../../constructs/catalog/load';
import { selectSites } from '../../stacks/fleet-app';
import { withCatalog } from '../catalog/run-tool';

function main(args: readonly string[]): number {
  if (args.some((a) => a.startsWith('-'))) {
    process.stderr.write('usage: npm run --silent backup-policies -- [site-id ...]\n');
    return 2;
  }
  return withCatalog('backup-policies', (catalog) => {
    const fleet = loadCatalog(catalog);
    const sites = args.length ? selectSites(fleet, args) : fleet.sites;
    for (const site of sites.filter((s) => args.includes(s.id) && !(isBuilt(s) && s.backup.enabled))) {
      process.stderr.write(`backup-policies: ${site.id} does not back up (${isBuilt(site) ? 'backup is off for it' : `phase ${site.phase}: backups start once it is active`})\n`);
    }
    const out = sites
      .filter((site) => isBuilt(site) && site.backup.enabled && site.backup.location)
      .map((site) => {
        const location = site.backup.location as NonNullable<typeof site.backup.location>;
        return { site: site.id, user: storeUserName(site.id), location: `s3://${location.bucket}/${location.prefix}/`, policy: siteStorePolicy(location) };
      });
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  });
}

process.exitCode = main(process.argv.slice(2));
