/**
 * The frame of a tool that reads the catalog: the catalog's problems and a bad site
 * selection are messages and exit code 1, never a stack trace.
 */
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { SiteSelectionError } from '../../stacks/fleet-app';

/** Runs `body` with the catalog folder (SITE_CATALOG, default `sites`); returns the exit code. */
export function withCatalog(tool: string, body: (catalog: string) => number): number {
  const catalog = process.env.SITE_CATALOG || 'sites';
  try {
    return body(catalog);
  } catch (error) {
    if (error instanceof CatalogError) {
      for (const problem of error.problems) process.stderr.write(`${formatProblem(problem)}\n`);
      process.stderr.write(`${tool}: the site catalog in ${catalog} has ${error.problems.length} problem(s)\n`);
      return 1;
    }
    if (error instanceof SiteSelectionError) {
      process.stderr.write(`${tool}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
