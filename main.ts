/**
 * The app: reads the environment and the site catalog, builds the stacks.
 *
 *   SITE_CATALOG  folder holding fleet.yaml and the site files   (default: sites)
 *   SITES         comma-separated site ids to synthesize         (default: all)
 *
 * A catalog with any problem prints every problem, one per line, and exits 1
 * without writing stacks; so does a policy violation. A site whose file is gone
 * while its local state still manages resources gets a warning.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadCatalog } from './constructs/catalog/load';
import { CatalogError, formatProblem } from './constructs/catalog/problems';
import { PolicyError, formatViolation } from './constructs/policy/fleet-policy';
import { FleetApp, SiteSelectionError, buildFleet } from './stacks/fleet-app';
import { StateFile, orphanWarnings } from './stacks/orphans';

function parseSites(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

/** Local state files in the project folder (`terraform.<stack>.tfstate`) and how many resources each manages. */
function localStates(dir: string): StateFile[] {
  const states: StateFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = /^terraform\.(.+)\.tfstate$/.exec(name);
    if (!match) continue;
    try {
      const state = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { resources?: unknown[] };
      states.push({ stack: match[1], resources: Array.isArray(state.resources) ? state.resources.length : 0 });
    } catch {
      states.push({ stack: match[1], resources: 1 }); // unreadable: assume it manages something
    }
  }
  return states;
}

function main(): void {
  const catalogDir = process.env.SITE_CATALOG || 'sites';
  const siteIds = parseSites(process.env.SITES);
  try {
    const fleet = loadCatalog(catalogDir);
    if (!fleet.terraformCloud) {
      for (const warning of orphanWarnings(fleet, localStates(process.cwd()))) process.stderr.write(`${warning}\n`);
    }
    const app = new FleetApp();
    buildFleet(app, fleet, { siteIds });
    app.synth();
  } catch (error) {
    if (error instanceof CatalogError) {
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`error: the site catalog in ${catalogDir} has ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; nothing was synthesized\n`);
      process.exit(1);
    }
    if (error instanceof PolicyError) {
      for (const violation of error.violations) process.stderr.write(`policy: ${formatViolation(violation)}\n`);
      process.stderr.write(`error: ${error.violations.length} policy violation${error.violations.length === 1 ? '' : 's'}; nothing was synthesized (README, section Security, says how to waive a rule)\n`);
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
