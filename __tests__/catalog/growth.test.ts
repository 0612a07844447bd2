/**
 * Validation grows with the fleet, not with pairs of sites: the rules across sites
 * (unique ids, hosts, thumbprints and disks, overlapping networks, witness capacity,
 * ring and package rules) index the sites instead of comparing them pairwise. Pinned
 * as a ratio measured in this run on two generated catalogs (the benchmark's
 * generator), 8 times apart in size: linear work takes about 8 times as long, pairwise
 * work 64 times. The bound, 20, leaves room for a busy two-core machine (each size is
 * timed five times, interleaved, and its fastest run counts) and still fails a check
 * that compares every site with every other.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { mergeSite } from '../../constructs/catalog/defaults';
import { readCatalog } from '../../constructs/catalog/load';
import { FleetFileSchema, SiteFileSchema } from '../../constructs/catalog/schema';
import { ParsedFleet, ParsedSite, validateCatalog } from '../../constructs/catalog/validate';
import { generateCatalog } from '../../tools/bench/generate';
import { SAMPLE_DIR } from '../support/catalog';

const SMALL = 500;
const LARGE = 4000;
const RUNS = 5;

/** A generated catalog of `count` sites, parsed (schema-checked and merged) but not validated. */
function parsedCatalog(count: number): { fleet: ParsedFleet; sites: ParsedSite[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `growth-${count}-`));
  generateCatalog(dir, count, fs.readFileSync(path.join(SAMPLE_DIR, 'fleet.yaml'), 'utf8'));
  const sources = readCatalog(dir);
  const fleetFile = FleetFileSchema.parse(parse(sources.fleet.text));
  const sites = sources.sites.map((s): ParsedSite => {
    const file = SiteFileSchema.parse(parse(s.text));
    return { source: s.path, file, merged: mergeSite(fleetFile.defaults, file) };
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return { fleet: { source: sources.fleet.path, file: fleetFile }, sites };
}

test(`validating ${LARGE} sites takes less than 20 times as long as ${SMALL} (linear: 8 times)`, () => {
  const small = parsedCatalog(SMALL);
  const large = parsedCatalog(LARGE);
  // Both catalogs are valid: the rules ran to the end and found nothing.
  expect(validateCatalog(small.fleet, small.sites)).toEqual([]);
  expect(validateCatalog(large.fleet, large.sites)).toEqual([]);
  const time = (c: { fleet: ParsedFleet; sites: ParsedSite[] }) => {
    const start = process.hrtime.bigint();
    validateCatalog(c.fleet, c.sites);
    return Number(process.hrtime.bigint() - start);
  };
  const best = { small: Infinity, large: Infinity };
  for (let i = 0; i < RUNS; i++) {
    best.small = Math.min(best.small, time(small));
    best.large = Math.min(best.large, time(large));
  }
  const ratio = best.large / best.small;
  expect(ratio).toBeGreaterThan(2); // the large catalog really is validated (not a no-op)
  expect(ratio).toBeLessThan(20);
}, 120_000);
