/**
 * The facts of a catalog's site files, cached per file by content: what a one-site
 * synth (`SITES=edge33`) needs of every other site to validate the fleet and build the
 * hub (constructs/catalog/load.ts, `parseCatalogFor`). An entry's key is a hash of the
 * file's name and text, fleet.yaml's name and text, the cache format and the product
 * build, so an edited, renamed or new file misses alone (an edited fleet.yaml misses
 * every file: its defaults and rings are part of each file's checks), another working
 * folder or a new build misses, and nothing stale can match. Only files whose own
 * checks passed are stored; the checks across sites run on every run.
 *
 * The entries live in one pack file (`facts.v8`, a few hundred bytes per site), read
 * once per run and rewritten only when a file missed: ten thousand small files would
 * cost more to open than their text costs to hash.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { deserialize, serialize } from 'v8';
import { CatalogSource, FactsStore } from '../constructs/catalog/load';
import { SiteFacts } from '../constructs/catalog/validate';

/** Bumped when the facts' shape changes in a way the build id would not catch. */
const FORMAT = 4; // 3: facts say whether a built site backs up; 4: and which applications a delivering site takes from its ring

/** The pack file in the cache folder. */
export const FACTS_FILE = 'facts.v8';

export interface CatalogCacheOptions {
  /** Folder of the cache (created when needed). */
  readonly dir: string;
  /** Identifies the product build: entries from another build never match. */
  readonly buildId: string;
  /** The catalog's fleet.yaml: every site file's checks depend on it. */
  readonly fleet: CatalogSource;
}

interface Pack {
  readonly format: number;
  readonly entries: Map<string, SiteFacts>;
}

/** Facts of site files by content, kept in one file; `save` writes what this run used. */
export class SiteFactsCache implements FactsStore {
  private readonly file: string;
  private readonly prefix: string;
  private readonly entries: Map<string, SiteFacts>;
  private readonly used = new Map<string, SiteFacts>();
  private readonly keys = new WeakMap<CatalogSource, string>();
  private missed = 0;

  constructor(private readonly options: CatalogCacheOptions) {
    this.file = path.join(options.dir, FACTS_FILE);
    const fleet = createHash('sha256').update(`${options.fleet.path}\0${options.fleet.text}`).digest('hex');
    this.prefix = `${FORMAT}\0${options.buildId}\0${fleet}\0`;
    this.entries = readPack(this.file);
  }

  /** The cache key of a site file (with this fleet.yaml and build), hashed once per source. */
  key(site: CatalogSource): string {
    let key = this.keys.get(site);
    if (key === undefined) {
      key = createHash('sha256').update(this.prefix).update(`${site.path}\0${site.text.length}\0`).update(site.text).digest('base64');
      this.keys.set(site, key);
    }
    return key;
  }

  get(site: CatalogSource): SiteFacts | undefined {
    const key = this.key(site);
    const facts = this.entries.get(key);
    if (facts !== undefined) this.used.set(key, facts);
    return facts;
  }

  set(site: CatalogSource, facts: SiteFacts): void {
    const key = this.key(site);
    this.missed++;
    this.entries.set(key, facts);
    this.used.set(key, facts);
  }

  /** Site files this run had to parse and check. */
  get misses(): number {
    return this.missed;
  }

  /**
   * Writes the pack when a file missed: this run's entries, then earlier ones (another
   * catalog, an earlier text) up to as many again. A cache that cannot be written is
   * skipped silently: it only ever saves time.
   */
  save(): void {
    if (this.missed === 0) return;
    const entries = new Map(this.used);
    for (const [key, facts] of this.entries) {
      if (entries.size >= 2 * this.used.size + 64) break;
      if (!entries.has(key)) entries.set(key, facts);
    }
    try {
      fs.mkdirSync(this.options.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, serialize({ format: FORMAT, entries } satisfies Pack));
      fs.renameSync(tmp, this.file);
    } catch {
      // read-only or full disk: run without a cache
    }
  }
}

/** The pack's entries; none when it is missing, unreadable or of another format. */
function readPack(file: string): Map<string, SiteFacts> {
  try {
    const pack = deserialize(fs.readFileSync(file)) as Partial<Pack>;
    // Not `instanceof Map`: deserialize makes its Map in the main realm, which a vm context (jest) does not share.
    return pack.format === FORMAT && Object.prototype.toString.call(pack.entries) === '[object Map]' ? (pack.entries as Map<string, SiteFacts>) : new Map();
  } catch {
    return new Map();
  }
}
