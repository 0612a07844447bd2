/**
 * The validated catalog, cached by content: parsing and validating a thousand site
 * files is most of the time of a one-site synth (`SITES=edge33` still validates the
 * whole catalog, because the rules span sites). The cache key is a hash of every
 * file's name and text, the cache format and the product build, so an edited file,
 * a renamed file, another working folder or a new build all miss; a hit returns the
 * same frozen model that validation returned. Only valid catalogs are stored.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deserialize, serialize } from 'v8';
import { CatalogSources } from '../constructs/catalog/load';
import { Fleet, deepFreeze } from '../constructs/catalog/model';

/** Bumped when the cached shape changes in a way the build id would not catch. */
const FORMAT = 1;

export interface CatalogCacheOptions {
  /** Folder for cache entries (created when needed). */
  readonly dir: string;
  /** Identifies the product build: entries from another build never match. */
  readonly buildId: string;
  /**
   * Entries kept; older ones are removed when a new one is written.
   * @default 8
   */
  readonly keep?: number;
}

/** The cache key of a catalog for a build. */
export function catalogKey(sources: CatalogSources, buildId: string): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\0${buildId}\0`);
  for (const file of [sources.fleet, ...sources.sites]) hash.update(`${file.path}\0${file.text.length}\0${file.text}\0`);
  return hash.digest('hex');
}

/**
 * `parse(sources)`, or its cached result for the same sources and build. A cache
 * that cannot be read or written is skipped silently: it only ever saves time.
 */
export function parseCached(sources: CatalogSources, parse: (sources: CatalogSources) => Fleet, options: CatalogCacheOptions): Fleet {
  const file = path.join(options.dir, `${catalogKey(sources, options.buildId)}.v8`);
  try {
    return deepFreeze(deserialize(fs.readFileSync(file)) as Fleet);
  } catch {
    // a miss (or an unreadable entry): validate
  }
  const fleet = parse(sources); // throws CatalogError for an invalid catalog: nothing stored
  try {
    fs.mkdirSync(options.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, serialize(fleet));
    fs.renameSync(tmp, file);
    prune(options.dir, options.keep ?? 8);
  } catch {
    // read-only or full disk: run without a cache
  }
  return fleet;
}

/** Removes all but the `keep` newest entries. */
function prune(dir: string, keep: number): void {
  const entries = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.v8'))
    .map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of entries.slice(keep)) fs.rmSync(path.join(dir, old.name), { force: true });
}
