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
import { clusterConfigFile } from '../constructs/tkg/cluster-config';
import { resolveWorkloadCluster } from '../constructs/tkg/workload-cluster';
import { selectSites } from '../stacks/fleet-app';
import { withCatalog } from './catalog/run-tool';
import { workloadClusterProps } from '../stacks/site-cluster';

function main(args: readonly string[]): number {
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write('usage: npm run --silent cluster-config -- <site-id>\n');
    return 2;
  }
  return withCatalog('cluster-config', (catalog) => {
    const fleet = loadCatalog(catalog);
    const [site] = selectSites(fleet, [args[0]]);
    // The password is never printed: the placeholder only satisfies the props type.
    process.stdout.write(clusterConfigFile(resolveWorkloadCluster(workloadClusterProps(fleet, site, 'not-written'))));
    return 0;
  });
}

process.exitCode = main(process.argv.slice(2));
