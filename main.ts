/**
 * The app: reads the environment and the site catalog, builds the stacks.
 *
 *   SITE_CATALOG  folder holding fleet.yaml and the site files   (default: sites)
 *   SITES         comma-separated site ids to synthesize         (default: all)
 *
 * A catalog with any problem prints every problem, one per line, and exits 1
 * without writing stacks.
 */
import { App } from 'cdktf';
import { loadCatalog } from './constructs/catalog/load';
import { CatalogError, formatProblem } from './constructs/catalog/problems';
import { SiteSelectionError, buildFleet } from './stacks/fleet-app';

function parseSites(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

function main(): void {
  const catalogDir = process.env.SITE_CATALOG || 'sites';
  const siteIds = parseSites(process.env.SITES);
  try {
    const fleet = loadCatalog(catalogDir);
    const app = new App();
    buildFleet(app, fleet, { siteIds });
    app.synth();
  } catch (error) {
    if (error instanceof CatalogError) {
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`error: the site catalog in ${catalogDir} has ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; nothing was synthesized\n`);
      process.exit(1);
    }
    if (error instanceof SiteSelectionError) {
      process.stderr.write(`SITES: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main();
