/**
 * The fleet-wide stacks' output cache of one-site runs: keyed by everything their
 * output depends on, restored byte for byte with its manifest entry, kept only for a
 * synthesis that succeeded.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCatalog } from '../../constructs/catalog/load';
import { FleetApp, stackBuilders } from '../../stacks/fleet-app';
import { FleetStackCache } from '../../stacks/stack-cache';
import { StackStream } from '../../stacks/stack-stream';
import { editableSample, sampleFleet, setPath, toSources } from '../support/catalog';
import { readTree, runApp } from '../support/synth';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'stack-cache-'));

describe('the key of a fleet-wide stack', () => {
  const cache = new FleetStackCache({ dir: tmp(), buildId: 'b1' });
  const fleet = sampleFleet();

  test('the same for any site selection; another for another stack, build or fleet', () => {
    const key = cache.key('hub', fleet);
    expect(cache.key('hub', { ...fleet, sites: fleet.sites.slice(0, 1) })).toBe(key);
    expect(cache.key('fleet', fleet)).not.toBe(key);
    expect(new FleetStackCache({ dir: tmp(), buildId: 'b2' }).key('hub', fleet)).not.toBe(key);
    const edited = editableSample();
    setPath(edited.sites.edge41, 'phase', 'decommissioning'); // the hub's index (and its alert rules) change
    expect(cache.key('hub', parseCatalog(toSources(edited)))).not.toBe(key);
    const thumbprint = editableSample();
    setPath(thumbprint.sites.edge41, 'hosts.0.thumbprint', '00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33');
    expect(cache.key('hub', parseCatalog(toSources(thumbprint)))).toBe(key); // nothing the hub reads
  });
});

describe('a hub from the cache is the hub built', () => {
  const fleet = sampleFleet();
  const synthHub = (cache: FleetStackCache, outdir: string) => {
    const app = new FleetApp({ outdir });
    const stream = new StackStream(app, path.join(outdir, 'staging'));
    const [hub] = stackBuilders(app, fleet, { siteIds: ['edge33'] }).fleet;
    stream.addFleetStack(hub.name, hub.build, cache, fleet);
    return { files: readTree(path.join(outdir, "staging")), manifest: JSON.stringify(app.manifest.stacks) };
  };

  test('built once, then copied: the same files and manifest entry', () => {
    const dir = tmp();
    const cache = new FleetStackCache({ dir, buildId: 'b1' });
    const first = synthHub(cache, tmp());
    cache.commit();
    expect(fs.readdirSync(dir)).toEqual([cache.key('hub', fleet)]);
    const again = synthHub(new FleetStackCache({ dir, buildId: 'b1' }), tmp());
    expect(again.files).toEqual(first.files);
    expect(Object.keys(again.files)).toEqual(['stacks/hub/cdk.tf.json']);
    expect(again.manifest).toBe(first.manifest);
  });

  test('a run that fails keeps nothing; a cache that cannot be read is only slower', () => {
    const dir = tmp();
    const cache = new FleetStackCache({ dir, buildId: 'b1' });
    synthHub(cache, tmp());
    cache.discard();
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.mkdirSync(path.join(dir, cache.key('hub', fleet))); // an entry without its files
    const rebuilt = synthHub(new FleetStackCache({ dir, buildId: 'b1' }), tmp());
    expect(Object.keys(rebuilt.files)).toEqual(['stacks/hub/cdk.tf.json']);
  });

  test('at most `keep` entries stay', () => {
    const dir = tmp();
    for (const build of ['a', 'b', 'c']) {
      const cache = new FleetStackCache({ dir, buildId: build, keep: 2 });
      synthHub(cache, tmp());
      cache.commit();
    }
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });
});

test('through the app command: a one-site run from a warm cache writes what an uncached run writes', () => {
  const warm = runApp({ SITES: 'edge33' });
  expect(warm.status).toBe(0);
  const cached = runApp({ SITES: 'edge33' });
  const uncached = runApp({ SITES: 'edge33', FLEET_CATALOG_CACHE: 'off' });
  expect([cached.status, uncached.status]).toEqual([0, 0]);
  expect(readTree(cached.outdir)).toEqual(readTree(uncached.outdir));
  expect(cached.stacks).toEqual(['edge33', 'hub']);
});
