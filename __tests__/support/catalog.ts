/**
 * Test catalogs: the tests' own sample catalog (__tests__/fixtures/sites, a copy of the
 * default catalog as it was when the tests were written) and variants of it built by
 * editing its parsed YAML, so each negative test states only its fault. The tests never
 * read the product's sites/: a team edits that catalog, and CI checks it with
 * `npm run validate`, not with the product's tests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { CatalogSource, CatalogSources, parseCatalog, readCatalog } from '../../constructs/catalog/load';
import { Fleet, Site } from '../../constructs/catalog/model';
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { FleetFile, SiteFile } from '../../constructs/catalog/schema';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The folder that holds the fixture catalog as `sites/`, so messages read `sites/edge33.yaml`. */
export const FIXTURES = path.join(ROOT, '__tests__', 'fixtures');
export const SAMPLE_DIR = path.join(FIXTURES, 'sites');

/** The fixture catalog's files, paths as the app shows them from the project (sites/edge33.yaml). */
export function sampleSources(): CatalogSources {
  return readCatalog(SAMPLE_DIR, FIXTURES);
}

/** The default catalog, resolved. */
export function sampleFleet(): Fleet {
  return parseCatalog(sampleSources());
}

/** A mutable copy of the default catalog: fleet.yaml and sites by file name, as YAML trees. */
export interface EditableCatalog {
  fleet: FleetFile;
  sites: Record<string, SiteFile>;
  /** Raw text by file name (for malformed YAML); wins over the trees. */
  raw: Record<string, string>;
}

export function editableSample(): EditableCatalog {
  const sources = sampleSources();
  const sites: Record<string, SiteFile> = {};
  for (const s of sources.sites) sites[path.basename(s.path, '.yaml')] = parse(s.text) as SiteFile;
  return { fleet: parse(sources.fleet.text) as FleetFile, sites, raw: {} };
}

/**
 * The `terraformCloud` mapping the tests use, a fresh copy on each call (setPath stores
 * the object itself, so a shared one would carry one test's edits into the next).
 */
export function terraformCloudSettings() {
  return {
    organization: 'tanzu-edge',
    project: 'edge-fleet',
    workspacePrefix: 'edge-fleet-',
    agentPool: 'hub-agents',
    terraformVersion: '1.11.4',
    variableSets: { hub: ['vsphere-credentials', 'kubernetes-credentials'], sites: ['vsphere-credentials', 'kubernetes-credentials', 'edge-pki'] },
  };
}

/**
 * Sets a value at a dotted path (`networks.vsan.vlan`, `hosts.1.fqdn`), creating
 * mappings on the way; `undefined` deletes the key. For edits the types forbid.
 */
export function setPath(tree: object, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/**
 * A copy of a site tree under a new id, with networks moved to 10.<octet>.x.x, hosts
 * renamed, and host thumbprints of its own (their last two bytes: octet, host index),
 * since the validator refuses a thumbprint used twice.
 */
export function cloneSite(site: SiteFile, id: string, octet: number): SiteFile {
  const text = stringify(site)
    .replace(new RegExp(`\\b${site.id}\\b`, 'g'), id)
    .replace(/\b10\.\d+\./g, `10.${octet}.`);
  const clone = parse(text) as SiteFile;
  const hex = (value: number) => value.toString(16).toUpperCase().padStart(2, '0');
  clone.hosts.forEach((host, h) => {
    host.thumbprint = `${host.thumbprint.slice(0, -5)}${hex(octet)}:${hex(h)}`;
  });
  return clone;
}

/** Serializes an edited catalog into sources (`sites/<name>.yaml`). */
export function toSources(catalog: EditableCatalog): CatalogSources {
  const file = (name: string, tree: unknown): CatalogSource => ({ path: `sites/${name}.yaml`, text: catalog.raw[name] ?? stringify(tree) });
  const names = new Set([...Object.keys(catalog.sites), ...Object.keys(catalog.raw).filter((n) => n !== 'fleet')]);
  return { fleet: file('fleet', catalog.fleet), sites: [...names].map((n) => file(n, catalog.sites[n] ?? null)) };
}

/** The problem lines a catalog produces (empty when it is valid). */
export function problemLines(sources: CatalogSources): string[] {
  try {
    parseCatalog(sources);
    return [];
  } catch (error) {
    if (error instanceof CatalogError) return error.problems.map(formatProblem);
    throw error;
  }
}

/** Applies an edit to the default catalog and returns the problem lines. */
export function problemsAfter(edit: (catalog: EditableCatalog) => void): string[] {
  const catalog = editableSample();
  edit(catalog);
  return problemLines(toSources(catalog));
}

/** One resolved site of the sample catalog after an edit. */
export function siteAfter(edit: (catalog: EditableCatalog) => void, id: string): Site {
  const catalog = editableSample();
  edit(catalog);
  const found = parseCatalog(toSources(catalog)).sites.find((s) => s.id === id);
  if (!found) throw new Error(`no site ${id}`);
  return found;
}

/** Writes sources to a fresh temporary catalog folder and returns its path. */
export function writeCatalog(sources: CatalogSources): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  for (const s of [sources.fleet, ...sources.sites]) fs.writeFileSync(path.join(dir, path.basename(s.path)), s.text);
  return dir;
}
