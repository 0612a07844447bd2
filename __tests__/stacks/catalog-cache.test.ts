/**
 * The per-file facts cache and the one-site load that uses it: a site selection
 * resolves the selected sites as a full load does, indexes every site the same way,
 * parses only the files that changed, and rejects exactly what a full load rejects,
 * with the same messages, whether the other files' facts are cached or not.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CatalogError, formatProblem } from '../../constructs/catalog/problems';
import { CatalogSource, CatalogSources, FactsStore, parseCatalog, parseCatalogFor } from '../../constructs/catalog/load';
import { SiteFacts } from '../../constructs/catalog/validate';
import { FACTS_FILE, SiteFactsCache } from '../../stacks/catalog-cache';
import { editableSample, sampleSources, setPath, toSources, writeCatalog } from '../support/catalog';
import { readTree, runApp } from '../support/synth';

const CORPUS = path.join(__dirname, '..', 'corpus');
const cacheDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-cache-'));

/** An in-memory store that counts the files it had to be given (misses). */
function memoryStore(): FactsStore & { misses: number } {
  const entries = new Map<string, SiteFacts>();
  const key = (s: CatalogSource) => `${s.path}\0${s.text}`;
  return {
    misses: 0,
    get: (s) => entries.get(key(s)),
    set(s, facts) {
      this.misses++;
      entries.set(key(s), facts);
    },
  };
}

/** The problem lines a load throws (empty when it accepts the catalog). */
function problems(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof CatalogError) return error.problems.map(formatProblem);
    throw error;
  }
}

describe('parseCatalogFor', () => {
  test('resolves the selected sites as a full load does, and indexes every site the same way', () => {
    const full = parseCatalog(sampleSources());
    const one = parseCatalogFor(sampleSources(), ['edge41'], memoryStore());
    expect(one.sites).toEqual(full.sites.filter((s) => s.id === 'edge41'));
    expect(one.index).toEqual(full.index);
    expect(full.index.map((s) => s.id)).toEqual(full.sites.map((s) => s.id));
    const { sites: _a, index: _b, ...fleetOne } = one;
    const { sites: _c, index: _d, ...fleetFull } = full;
    expect(fleetOne).toEqual(fleetFull);
    expect(Object.isFrozen(one.index[0])).toBe(true);
  });

  test('parses only the files whose text changed', () => {
    const store = memoryStore();
    parseCatalogFor(sampleSources(), ['edge33'], store);
    const sites = sampleSources().sites.length;
    expect(store.misses).toBe(sites);
    parseCatalogFor(sampleSources(), ['edge33'], store);
    expect(store.misses).toBe(sites);
    const base = sampleSources();
    const edited: CatalogSources = { ...base, sites: base.sites.map((s) => (s.path.endsWith('edge52.yaml') ? { ...s, text: `${s.text}\n# edited\n` } : s)) };
    parseCatalogFor(edited, ['edge33'], store);
    expect(store.misses).toBe(sites + 1);
  });

  const cases = fs.readdirSync(CORPUS).filter((name) => !fs.existsSync(path.join(CORPUS, name, 'case.yaml')));
  test('the corpus has catalog faults to compare', () => {
    expect(cases.filter((name) => !name.startsWith('policy-')).length).toBeGreaterThan(10);
  });
  test.each(cases)('rejects the corpus case %s with the messages of a full load, cached or not', (name) => {
    const base = sampleSources();
    const overlay = new Map(
      fs
        .readdirSync(path.join(CORPUS, name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => [`sites/${f}`, fs.readFileSync(path.join(CORPUS, name, f), 'utf8')]),
    );
    const file = (s: CatalogSource) => ({ ...s, text: overlay.get(s.path) ?? s.text });
    const added = [...overlay.keys()].filter((p) => p !== base.fleet.path && !base.sites.some((s) => s.path === p)).map((p) => ({ path: p, text: overlay.get(p) as string }));
    const sources: CatalogSources = { fleet: file(base.fleet), sites: [...base.sites.map(file), ...added] };
    // A policy case is a valid catalog: both loads accept it.
    const expected = problems(() => parseCatalog(sources));
    const warm = memoryStore();
    parseCatalogFor(base, ['edge33'], warm);
    expect(problems(() => parseCatalogFor(sources, ['edge33'], warm))).toEqual(expected);
    expect(problems(() => parseCatalogFor(sources, ['edge33'], memoryStore()))).toEqual(expected);
  });

  test('a fault across sites is found from cached facts: an edited file overlapping a cached one', () => {
    const store = memoryStore();
    parseCatalogFor(sampleSources(), ['edge60'], store);
    const c = editableSample();
    setPath(c.sites.edge41, 'networks.tkg.cidr', '10.33.0.0/24');
    setPath(c.sites.edge41, 'networks.tkg.gateway', '10.33.0.1');
    setPath(c.sites.edge41, 'tkg.controlPlane.endpoint', '10.33.0.10');
    const sources = toSources(c);
    const expected = problems(() => parseCatalog(sources));
    expect(expected.join('\n')).toContain('overlaps');
    expect(problems(() => parseCatalogFor(sources, ['edge60'], store))).toEqual(expected);
  });
});

describe('SiteFactsCache', () => {
  const fleet = sampleSources().fleet;
  const site = sampleSources().sites[0];
  test('an edited or renamed file, another fleet.yaml or another build gets another key', () => {
    const cache = (buildId: string, f: CatalogSource = fleet) => new SiteFactsCache({ dir: cacheDir(), buildId, fleet: f });
    const keys = new Set([
      cache('b1').key(site),
      cache('b1').key({ ...site, text: `${site.text}\n# comment\n` }),
      cache('b1').key({ ...site, path: `other/${site.path}` }),
      cache('b1', { ...fleet, text: `${fleet.text}\n# comment\n` }).key(site),
      cache('b2').key(site),
    ]);
    expect(keys.size).toBe(5);
    expect(cache('b1').key(site)).toBe(cache('b1').key({ ...site }));
  });

  test('facts survive a run through the pack file; an unreadable pack is a miss', () => {
    const dir = cacheDir();
    const first = new SiteFactsCache({ dir, buildId: 'b1', fleet });
    parseCatalogFor(sampleSources(), ['edge33'], first);
    first.save();
    const second = new SiteFactsCache({ dir, buildId: 'b1', fleet });
    parseCatalogFor(sampleSources(), ['edge33'], second);
    expect(second.misses).toBe(0);
    fs.writeFileSync(path.join(dir, FACTS_FILE), 'not a pack');
    const third = new SiteFactsCache({ dir, buildId: 'b1', fleet });
    parseCatalogFor(sampleSources(), ['edge33'], third);
    expect(third.misses).toBe(sampleSources().sites.length);
  });

  test('an invalid catalog throws every time and stores nothing of the faulty file', () => {
    const dir = cacheDir();
    const c = editableSample();
    setPath(c.sites.edge33, 'networks.management.vlan', 5000);
    const sources = toSources(c);
    for (let i = 0; i < 2; i++) {
      const cache = new SiteFactsCache({ dir, buildId: 'b1', fleet: sources.fleet });
      expect(() => parseCatalogFor(sources, ['edge41'], cache)).toThrow(CatalogError);
      cache.save();
    }
  });
});

describe('the app command with the cache', () => {
  test('a second one-site run writes the same output; a later edit of another site is validated, not served stale', () => {
    const c = editableSample();
    const catalog = writeCatalog(toSources(c));
    const first = runApp({ SITE_CATALOG: catalog, SITES: 'edge33' });
    const second = runApp({ SITE_CATALOG: catalog, SITES: 'edge33' });
    const uncached = runApp({ SITE_CATALOG: catalog, SITES: 'edge33', FLEET_CATALOG_CACHE: 'off' });
    expect(second.status).toBe(0);
    expect(readTree(second.outdir)).toEqual(readTree(first.outdir));
    expect(readTree(uncached.outdir)).toEqual(readTree(first.outdir));
    const file = path.join(catalog, 'edge41.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/vlan: (\d+)/, 'vlan: 5000'));
    const third = runApp({ SITE_CATALOG: catalog, SITES: 'edge33' });
    expect(third.status).toBe(1);
    expect(third.stderr).toContain('networks.management.vlan: 5000 is not allowed');
  });

  test('FLEET_CATALOG_CACHE takes on or off, nothing else', () => {
    expect(runApp({ FLEET_CATALOG_CACHE: 'off' }).status).toBe(0);
    const run = runApp({ FLEET_CATALOG_CACHE: 'maybe' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("FLEET_CATALOG_CACHE: 'maybe' is not allowed; allowed: on (default) or off\n");
  });
});
