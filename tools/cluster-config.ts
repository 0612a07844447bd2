/**
 * Prints a site's legacy flat cluster configuration, for operators who still run
 * `tanzu cluster create --file`:
 *
 *   npm run --silent cluster-config -- edge33 > tkg-edge33-wld01.yaml
 *
 * Derived from the same resolved site as the Cluster object the site stack creates.
 * Reads the catalog from SITE_CATALOG (default: sites).
 */
import { loadCatalog } from '../constructs/catalog/load';
import { CatalogError, formatProblem } from '../constructs/catalog/problems';
import { clusterConfigFile } from '../constructs/tkg/cluster-config';
import { resolveWorkloadCluster } from '../constructs/tkg/workload-cluster';
import { SiteSelectionError, selectSites } from '../stacks/fleet-app';
import { workloadClusterProps } from '../stacks/site-cluster';

function main(args: readonly string[]): number {
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write('usage: npm run --silent cluster-config -- <site-id>\n');
    return 2;
  }
  const catalog = process.env.SITE_CATALOG || 'sites';
  try {
    const fleet = loadCatalog(catalog);
    const [site] = selectSites(fleet, [args[0]]);
    // The password is never printed: the placeholder only satisfies the props type.
    process.stdout.write(clusterConfigFile(resolveWorkloadCluster(workloadClusterProps(fleet, site, 'not-written'))));
    return 0;
  } catch (error) {
    if (error instanceof CatalogError) {
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`cluster-config: the site catalog in ${catalog} has ${error.problems.length} problem(s)\n`);
      return 1;
    }
    if (error instanceof SiteSelectionError) {
      process.stderr.write(`cluster-config: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
