/**
 * Catalog loading: YAML text → schema check → cross-file rules → resolved, frozen
 * `Fleet`. `parseCatalog` is pure (text in, model out); `readCatalog` is the only
 * function here that touches the file system.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { mergeSite } from './defaults';
import { Fleet, deepFreeze } from './model';
import { CatalogError, CatalogProblem, DOCUMENT, findSecrets, problemsFromIssues } from './problems';
import { resolveFleet } from './resolve';
import { FleetFileSchema, SiteFileSchema } from './schema';
import { ParsedFleet, ParsedSite, validateCatalog } from './validate';
import { DeepPartial, salvage } from './zod-walk';
import { WholeSite } from './resolve';

/** One catalog file: its path (used in messages) and its text. */
export interface CatalogSource {
  readonly path: string;
  readonly text: string;
}

/** The files of a catalog folder. */
export interface CatalogSources {
  readonly fleet: CatalogSource;
  readonly sites: readonly CatalogSource[];
}

export const FLEET_FILE = 'fleet.yaml';

/** Parses one YAML document; syntax problems carry line and column. */
function parseYaml(source: CatalogSource, problems: CatalogProblem[]): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    // The first syntax error is the one to fix: the parser's later errors usually follow from it.
    const [error] = doc.errors;
    const pos = lineCounter.linePos(error.pos[0]);
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const more = doc.errors.length > 1 ? ` (${doc.errors.length - 1} more error${doc.errors.length > 2 ? 's' : ''} may follow from it)` : '';
    problems.push({ file: source.path, path: `line ${pos.line}, column ${pos.col}`, message: `malformed YAML: ${message}${more}` });
    return undefined;
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) {
    problems.push({ file: source.path, path: DOCUMENT, message: 'the file is empty; allowed: a YAML mapping' });
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file: source.path, path: DOCUMENT, message: 'the file is not a YAML mapping; allowed: a mapping of keys to values' });
    return undefined;
  }
  return value;
}

/** A checked document: the whole value when valid, and its valid parts in any case. */
interface Checked<T> {
  readonly data?: T;
  readonly partial: DeepPartial<T>;
}

/** Parses a document against a schema, collecting YAML, secret and schema problems. */
function check<T extends z.ZodType>(source: CatalogSource, schema: T, problems: CatalogProblem[]): Checked<z.output<T>> | undefined {
  const value = parseYaml(source, problems);
  if (value === undefined) return undefined;
  const secrets = findSecrets(source.path, value);
  problems.push(...secrets);
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { data: result.data, partial: result.data as DeepPartial<z.output<T>> };
  problems.push(...problemsFromIssues(source.path, schema, result.error.issues, new Set(secrets.map((s) => s.path))));
  return { partial: salvage(schema, value) ?? ({} as DeepPartial<z.output<T>>) };
}

/**
 * Parses, validates and resolves a catalog. Throws `CatalogError` listing every
 * problem of every file when anything is wrong. The result does not depend on the
 * order of `sources.sites`.
 */
export function parseCatalog(sources: CatalogSources): Fleet {
  const problems: CatalogProblem[] = [];
  const fleetChecked = check(sources.fleet, FleetFileSchema, problems);
  const fleet: ParsedFleet | undefined = fleetChecked && { source: sources.fleet.path, file: fleetChecked.partial };

  const sorted = [...sources.sites].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parsed: ParsedSite[] = [];
  const whole: WholeSite[] = [];
  for (const source of sorted) {
    const checked = check(source, SiteFileSchema, problems);
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

  if (problems.length > 0 || !fleetChecked?.data) {
    const order = new Map([sources.fleet.path, ...sorted.map((s) => s.path)].map((p, i) => [p, i]));
    const stable = problems.map((p, i) => ({ p, i }));
    stable.sort((a, b) => (order.get(a.p.file) ?? 0) - (order.get(b.p.file) ?? 0) || a.i - b.i);
    throw new CatalogError(stable.map((s) => s.p));
  }
  return deepFreeze(resolveFleet(fleetChecked.data, whole));
}

/** Site files in a catalog folder: every .yaml/.yml file below it except fleet.yaml, skipping dot-files. */
function listSiteFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name) && !(current === dir && entry.name === FLEET_FILE)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

/** Reads a catalog folder. Paths in messages are relative to `cwd`. */
export function readCatalog(dir: string, cwd: string = process.cwd()): CatalogSources {
  // Inside the working folder, paths read as relative (sites/edge33.yaml); outside it, as given.
  const display = (file: string) => {
    const rel = path.relative(cwd, path.resolve(cwd, file));
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  };
  const fleetPath = path.join(dir, FLEET_FILE);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new CatalogError([{ file: display(dir), path: DOCUMENT, message: 'the catalog folder does not exist; allowed: a folder holding fleet.yaml and one <site-id>.yaml per site' }]);
  }
  if (!fs.existsSync(fleetPath)) {
    throw new CatalogError([{ file: display(fleetPath), path: DOCUMENT, message: 'the file is missing; allowed: every catalog folder has a fleet.yaml' }]);
  }
  return {
    fleet: { path: display(fleetPath), text: fs.readFileSync(fleetPath, 'utf8') },
    sites: listSiteFiles(dir).map((file) => ({ path: display(file), text: fs.readFileSync(file, 'utf8') })),
  };
}

/** Reads, validates and resolves the catalog in a folder. */
export function loadCatalog(dir: string, cwd: string = process.cwd()): Fleet {
  return parseCatalog(readCatalog(dir, cwd));
}
