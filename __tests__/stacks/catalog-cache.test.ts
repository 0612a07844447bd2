/**
 * The content-hashed catalog cache: a hit is the same model validation returns; any
 * change to a file, a file name or the build misses; invalid catalogs are never stored.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CatalogError } from '../../constructs/catalog/problems';
import { CatalogSources, parseCatalog } from '../../constructs/catalog/load';
import { Fleet } from '../../constructs/catalog/model';
import { catalogKey, parseCached } from '../../stacks/catalog-cache';
import { editableSample, sampleSources, setPath, toSources, writeCatalog } from '../support/catalog';
import { readTree, runApp } from '../support/synth';

const cacheDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-cache-'));

/** parseCatalog, counting calls. */
function counting(): { parse: (s: CatalogSources) => Fleet; calls: () => number } {
  let calls = 0;
  return { parse: (s) => (calls++, parseCatalog(s)), calls: () => calls };
}

describe('parseCached', () => {
  test('a hit returns the validated model, frozen, without validating again', () => {
    const dir = cacheDir();
    const counter = counting();
    const first = parseCached(sampleSources(), counter.parse, { dir, buildId: 'b1' });
    const second = parseCached(sampleSources(), counter.parse, { dir, buildId: 'b1' });
    expect(counter.calls()).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(Object.isFrozen(second.sites[0].hosts[0])).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([`${catalogKey(sampleSources(), 'b1')}.v8`]);
  });

  test('an edited file, a renamed file or another build misses', () => {
    const base = sampleSources();
    const edited: CatalogSources = { ...base, sites: base.sites.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n# comment\n` } : s)) };
    const renamed: CatalogSources = { ...base, sites: base.sites.map((s, i) => (i === 0 ? { ...s, path: `other/${s.path}` } : s)) };
    const keys = new Set([catalogKey(base, 'b1'), catalogKey(edited, 'b1'), catalogKey(renamed, 'b1'), catalogKey(base, 'b2')]);
    expect(keys.size).toBe(4);
  });

  test('an invalid catalog throws every time and is never stored', () => {
    const dir = cacheDir();
    const c = editableSample();
    setPath(c.sites.edge33, 'networks.management.vlan', 5000);
    const sources = toSources(c);
    for (let i = 0; i < 2; i++) expect(() => parseCached(sources, parseCatalog, { dir, buildId: 'b1' })).toThrow(CatalogError);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  test('an unreadable entry is validated again and replaced', () => {
    const dir = cacheDir();
    const counter = counting();
    parseCached(sampleSources(), counter.parse, { dir, buildId: 'b1' });
    fs.writeFileSync(path.join(dir, `${catalogKey(sampleSources(), 'b1')}.v8`), 'not a cache entry');
    const fleet = parseCached(sampleSources(), counter.parse, { dir, buildId: 'b1' });
    expect(counter.calls()).toBe(2);
    expect(fleet.sites.map((s) => s.id)).toEqual(parseCatalog(sampleSources()).sites.map((s) => s.id));
  });

  test('keeps only the newest entries', () => {
    const dir = cacheDir();
    for (let i = 0; i < 5; i++) parseCached(sampleSources(), parseCatalog, { dir, buildId: `b${i}`, keep: 3 });
    expect(fs.readdirSync(dir)).toHaveLength(3);
  });
});

describe('the app command with the cache', () => {
  test('a second run writes the same output; a later edit is validated, not served stale', () => {
    const c = editableSample();
    const catalog = writeCatalog(toSources(c));
    const first = runApp({ SITE_CATALOG: catalog });
    const second = runApp({ SITE_CATALOG: catalog });
    expect(second.status).toBe(0);
    expect(readTree(second.outdir)).toEqual(readTree(first.outdir));
    const file = path.join(catalog, 'edge33.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('vlan: 330', 'vlan: 5000'));
    const third = runApp({ SITE_CATALOG: catalog });
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
