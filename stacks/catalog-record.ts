/**
 * What a synthesis covered, written beside manifest.json as `fleet-catalog.json`: every
 * site of the catalog with its phase and ring, and the sites `SITES` selected (absent
 * when all were synthesized). A partial synthesis leaves most sites' stacks out of the
 * output; this record is how the review tool and the next synthesis tell a site left
 * out from a site removed from the catalog.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fleet } from '../constructs/catalog/model';

export const CATALOG_RECORD_FILE = 'fleet-catalog.json';

export interface CatalogRecord {
  readonly schemaVersion: 1;
  /** The site ids synthesized when `SITES` selected some; absent for a full synthesis. */
  readonly selected?: readonly string[];
  /** Every site of the catalog, by id. */
  readonly sites: Readonly<Record<string, { readonly phase: string; readonly ring: string }>>;
}

/** The record of a synthesis of `fleet` with `selected` sites (undefined: all). */
export function catalogRecord(fleet: Fleet, selected: readonly string[] | undefined): CatalogRecord {
  const sites: Record<string, { phase: string; ring: string }> = {};
  for (const site of [...fleet.index].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) sites[site.id] = { phase: site.phase, ring: site.ring };
  return { schemaVersion: 1, ...(selected !== undefined ? { selected: [...selected].sort() } : {}), sites };
}

/** Writes the record into an output folder. */
export function writeCatalogRecord(outdir: string, record: CatalogRecord): void {
  fs.writeFileSync(path.join(outdir, CATALOG_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record of the synthesis in `outdir`, or undefined when it has none (or an unreadable one). */
export function readCatalogRecord(outdir: string): CatalogRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(outdir, CATALOG_RECORD_FILE), 'utf8')) as CatalogRecord;
    return record.schemaVersion === 1 && typeof record.sites === 'object' && record.sites !== null ? record : undefined;
  } catch {
    return undefined;
  }
}
