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
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { SiteSelectionError, selectSites } from '../../stacks/fleet-app';

function main(args: readonly string[]): number {
  if (args.some((a) => a.startsWith('-'))) {
    process.stderr.write('usage: npm run --silent backup-policies -- [site-id ...]\n');
    return 2;
  }
  const catalog = process.env.SITE_CATALOG || 'sites';
  try {
    const fleet = loadCatalog(catalog);
    const sites = args.length ? selectSites(fleet, args) : fleet.sites;
    const out = sites
      .filter((site) => isBuilt(site) && site.backup.enabled && site.backup.location)
      .map((site) => {
        const location = site.backup.location as NonNullable<typeof site.backup.location>;
        return { site: site.id, user: storeUserName(site.id), location: `s3://${location.bucket}/${location.prefix}/`, policy: siteStorePolicy(location) };
      });
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CatalogError) {
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`backup-policies: the site catalog in ${catalog} has ${error.problems.length} problem(s)\n`);
      return 1;
    }
    if (error instanceof SiteSelectionError) {
      process.stderr.write(`backup-policies: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
