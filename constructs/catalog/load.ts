/**
 * Catalog loading: YAML text → schema check → cross-file rules → resolved, frozen
 * `Fleet`. `parseCatalog` is pure (text in, model out); `readCatalog` (with folder.ts,
 * which decides what a catalog folder may hold) is the only part that touches the file
 * system.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { mergeSite } from './defaults';
import { CatalogSource, FLEET_FILE, failure, isErrno, readCatalogFolder } from './folder';
import { Fleet, SiteEntry, deepFreeze } from './model';
import { CatalogError, CatalogProblem, DOCUMENT, findSecrets, problemsFromIssues } from './problems';
import { resolveFleet } from './resolve';
import { FleetFileSchema, SiteFileSchema } from './schema';
import { ParsedFleet, ParsedSite, Report, SiteFacts, checkAcrossSites, checkFleetFile, checkSiteFile, siteFacts, validateCatalog } from './validate';
import { readYaml } from './yaml-text';
import { DeepPartial, salvage } from './zod-walk';
import { WholeSite } from './resolve';

export type { CatalogSource };
export { FLEET_FILE };

/** The files of a catalog folder. */
export interface CatalogSources {
  readonly fleet: CatalogSource;
  readonly sites: readonly CatalogSource[];
}

/** A checked document: the whole value when valid, and its valid parts in any case. */
interface Checked<T> {
  readonly data?: T;
  readonly partial: DeepPartial<T>;
}

/** Parses a document against a schema, collecting YAML, secret and schema problems. */
function check<T extends z.ZodType>(source: CatalogSource, schema: T, problems: CatalogProblem[]): Checked<z.output<T>> | undefined {
  const value = readYaml(source.path, source.text, problems);
  if (value === undefined) return undefined;
  const secrets = findSecrets(source.path, value);
  problems.push(...secrets);
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { data: result.data, partial: result.data as DeepPartial<z.output<T>> };
  problems.push(...problemsFromIssues(source.path, schema, result.error.issues, new Set(secrets.map((s) => s.path))));
  return { partial: salvage(schema, value) ?? ({} as DeepPartial<z.output<T>>) };
}

/** A site file checked on its own (YAML, secrets, schema): what it holds, and its problems. */
export interface SiteCheck {
  readonly checked?: Checked<z.output<typeof SiteFileSchema>>;
  readonly problems: readonly CatalogProblem[];
}

/**
 * Checks one site file on its own. Pure (text in, value and problems out) and the
 * costliest part of loading a large catalog (YAML parsing), so another thread may run
 * it and hand the result to `parseCatalog` or `parseCatalogFor` as `prechecked`.
 */
export function checkSiteSource(source: CatalogSource): SiteCheck {
  const problems: CatalogProblem[] = [];
  const checked = check(source, SiteFileSchema, problems);
  return checked ? { checked, problems } : { problems };
}

/** Site files already checked, by the source object they were checked from. */
export type PrecheckedSites = ReadonlyMap<CatalogSource, SiteCheck>;

/** A site file's check: taken from `prechecked` when it is there, else run now. */
function checkSite(source: CatalogSource, problems: CatalogProblem[], prechecked: PrecheckedSites | undefined): Checked<z.output<typeof SiteFileSchema>> | undefined {
  const known = prechecked?.get(source) ?? checkSiteSource(source);
  problems.push(...known.problems);
  return known.checked;
}

/** Every problem of a catalog's files, and what passed: the input of `parseCatalog`. */
interface CatalogCheck {
  readonly problems: CatalogProblem[];
  readonly fleet?: Checked<z.output<typeof FleetFileSchema>>;
  readonly whole: WholeSite[];
}

/** Checks fleet.yaml (when there is one) and the site files, each on its own and then together. */
function checkCatalog(fleetSource: CatalogSource | undefined, sites: readonly CatalogSource[], prechecked?: PrecheckedSites): CatalogCheck {
  const problems: CatalogProblem[] = [];
  const fleetChecked = fleetSource && check(fleetSource, FleetFileSchema, problems);
  const fleet: ParsedFleet | undefined = fleetSource && fleetChecked && { source: fleetSource.path, file: fleetChecked.partial };

  const sorted = [...sites].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parsed: ParsedSite[] = [];
  const whole: WholeSite[] = [];
  for (const source of sorted) {
    const checked = checkSite(source, problems, prechecked);
    if (!checked) continue;
    if (checked.data) {
      const site: WholeSite = { source: source.path, file: checked.data, merged: mergeSite(fleetChecked?.partial.defaults, checked.data) };
      parsed.push(site as ParsedSite);
      whole.push(site);
    } else {
      parsed.push({ source: source.path, file: checked.partial, merged: mergeSite(fleetChecked?.partial.defaults, checked.partial) });
    }
  }
  problems.push(...validateCatalog(fleet, parsed));
  return { problems, fleet: fleetChecked, whole };
}

/** Problems in file order: fleet.yaml first, then by path; a file's own problems keep their order. */
function inFileOrder(fleetPath: string, problems: readonly CatalogProblem[]): CatalogProblem[] {
  const rank = (file: string) => (file === fleetPath ? 0 : 1);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.file) - rank(b.p.file) || (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : 0) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Parses, validates and resolves a catalog. Throws `CatalogError` listing every
 * problem of every file when anything is wrong. The result does not depend on the
 * order of `sources.sites`. `prechecked` holds site files another thread already
 * checked (`checkSiteSource`); the result is the same with or without it.
 */
export function parseCatalog(sources: CatalogSources, prechecked?: PrecheckedSites): Fleet {
  const { problems, fleet, whole } = checkCatalog(sources.fleet, sources.sites, prechecked);
  if (problems.length > 0 || !fleet?.data) throw new CatalogError(inFileOrder(sources.fleet.path, problems));
  return deepFreeze(resolveFleet(fleet.data, whole));
}

/** Where a site selection keeps the facts of site files between runs (stacks/catalog-cache.ts keeps them on disk). */
export interface FactsStore {
  /** The facts of a site file whose own checks passed, when known for this text (and fleet.yaml). */
  get(site: CatalogSource): SiteFacts | undefined;
  set(site: CatalogSource, facts: SiteFacts): void;
}

/** A valid site's index entry, from its facts (the same as `siteEntry` of its resolved site). */
function factsEntry(facts: SiteFacts): SiteEntry {
  const { id, phase, ring } = facts.file;
  if (id === undefined || phase === undefined || ring === undefined) throw new Error(`internal error: ${facts.source} passed validation without an id, phase or ring`);
  const region = facts.merged.region;
  return { id, file: facts.source, phase, ring, ...(region !== undefined ? { region } : {}), prometheus: facts.merged.addons?.prometheus?.enabled === true };
}

/** A valid site's id is its file name, so a file is selected by its name. */
function selectedFile(source: CatalogSource, wanted: ReadonlySet<string>): boolean {
  return wanted.has(source.path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, ''));
}

/** The site files `parseCatalogFor` parses: those `store` has no facts for, and the selected ones. */
export function sitesToParse(sources: CatalogSources, siteIds: readonly string[], store: FactsStore): CatalogSource[] {
  const wanted = new Set(siteIds);
  return sources.sites.filter((source) => store.get(source) === undefined || selectedFile(source, wanted));
}

/**
 * The catalog resolved for a site selection: fleet.yaml and the selected sites in
 * full, every other site only through its facts (what the checks across sites and
 * the fleet-wide stacks need), taken from `store` when a file has not changed and
 * parsed and checked otherwise. The whole catalog is still validated: every file's
 * own rules (once per text), and every rule across sites on every run. It accepts
 * exactly the catalogs `parseCatalog` accepts, and on any problem runs it, so the
 * problems are reported in full and as always. `fleet.sites` holds the selected
 * sites; `fleet.index` every site.
 */
export function parseCatalogFor(sources: CatalogSources, siteIds: readonly string[], store: FactsStore, prechecked?: PrecheckedSites): Fleet {
  const problems: CatalogProblem[] = [];
  const report: Report = (file, path, message) => problems.push({ file, path, message });
  const everything = () => parseCatalog(sources, prechecked); // throws with every problem
  const fleetChecked = check(sources.fleet, FleetFileSchema, problems);
  if (!fleetChecked?.data || problems.length > 0) return everything();
  const fleetData = fleetChecked.data;
  const fleet: ParsedFleet = { source: sources.fleet.path, file: fleetData };
  checkFleetFile(report, fleet);
  if (problems.length > 0) return everything();

  const wanted = new Set(siteIds);
  const sorted = [...sources.sites].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const facts: SiteFacts[] = [];
  const selected: WholeSite[] = [];
  for (const source of sorted) {
    let known = store.get(source);
    if (known === undefined || selectedFile(source, wanted)) {
      const checked = checkSite(source, problems, prechecked);
      if (!checked?.data || problems.length > 0) return everything();
      const site: WholeSite = { source: source.path, file: checked.data, merged: mergeSite(fleetData.defaults, checked.data) };
      if (known === undefined) {
        const networks = checkSiteFile(report, site as ParsedSite, fleet);
        if (problems.length > 0) return everything();
        known = siteFacts(site as ParsedSite, networks, fleet);
        store.set(source, known);
      }
      if (wanted.has(site.file.id)) selected.push(site);
    }
    facts.push(known);
  }
  checkAcrossSites(report, fleet, facts);
  if (problems.length > 0) return everything();
  return deepFreeze(resolveFleet(fleetData, selected, facts.map(factsEntry)));
}

const FOLDER_ALLOWED = 'allowed: a folder holding fleet.yaml and one <site-id>.yaml per site';

/**
 * Reads a catalog folder (see `readCatalogFolder` for what it reads and refuses). Paths
 * in messages are relative to `cwd`. Throws `CatalogError` when the folder cannot be
 * read as a whole, or when any entry is refused: then with every problem at once, the
 * refused entries' and those of the files that could be read.
 */
export function readCatalog(dir: string, cwd: string = process.cwd()): CatalogSources {
  // Inside the working folder, paths read as relative (sites/edge33.yaml); outside it, as given.
  const display = (file: string) => {
    const rel = path.relative(cwd, path.resolve(cwd, file));
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    const code = isErrno(error) ? error.code : undefined;
    const what = code === 'ENOENT' || code === 'ENOTDIR' ? 'the catalog folder does not exist' : `the catalog folder cannot be read: ${failure(error)}`;
    throw new CatalogError([{ file: display(dir), path: DOCUMENT, message: `${what}; ${FOLDER_ALLOWED}` }]);
  }
  if (!stat.isDirectory()) {
    throw new CatalogError([{ file: display(dir), path: DOCUMENT, message: `the catalog folder is a file, not a folder; ${FOLDER_ALLOWED}` }]);
  }
  const folder = readCatalogFolder(dir, display);
  const fleetPath = display(path.join(dir, FLEET_FILE));
  if (folder.problems.length > 0 || !folder.fleet) {
    // What could be read is checked too, so one run lists every problem.
    const { problems } = checkCatalog(folder.fleet, folder.sites);
    throw new CatalogError(inFileOrder(fleetPath, [...folder.problems, ...problems]));
  }
  return { fleet: folder.fleet, sites: folder.sites };
}

/** Reads, validates and resolves the catalog in a folder. */
export function loadCatalog(dir: string, cwd: string = process.cwd()): Fleet {
  return parseCatalog(readCatalog(dir, cwd));
}
