/**
 * The fleet-wide stacks' output (hub, and the workspaces stack with Terraform Cloud),
 * cached by content for runs that select sites. Those stacks read the fleet's shared
 * settings and the index of every site, not the selected sites, so a one-site run
 * after a site file changed rebuilds them for nothing: at 10,000 sites the hub alone
 * took about a second (its alert rules, htpasswd and values list every site).
 *
 * The key is a hash of the cache format, the build, the stack's name and the resolved
 * fleet without its selected sites (shared settings, rings, index): any change that
 * could change the stack's output changes the key. An entry holds the files the stack's
 * synthesis wrote and its manifest entry (annotations included), copied back byte for
 * byte. Entries are written only for a synthesis that succeeded, so a cached stack
 * passed the policy check with exactly that output.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Fleet } from '../constructs/catalog/model';

/** Bumped when an entry's layout changes in a way the build id would not catch. */
const FORMAT = 1;

export interface StackCacheOptions {
  /** Folder of the entries (created when needed). */
  readonly dir: string;
  /** Identifies the product build: entries of another build never match. */
  readonly buildId: string;
  /** Entries kept; older ones are removed when one is written. @default 8 */
  readonly keep?: number;
}

interface Entry {
  readonly manifest: unknown;
}

/** A fleet-wide stack's output cache. */
export class FleetStackCache {
  private readonly pending: Array<{ readonly tmp: string; readonly final: string }> = [];

  constructor(private readonly options: StackCacheOptions) {}

  /** The key of a fleet-wide stack's output for this fleet. */
  key(stack: string, fleet: Fleet): string {
    const { sites: _selected, ...shared } = fleet;
    void _selected;
    return createHash('sha256').update(`${FORMAT}\0${this.options.buildId}\0${stack}\0`).update(JSON.stringify(shared)).digest('hex');
  }

  /**
   * Copies a cached output into `staging/stacks/<stack>` and returns its manifest entry;
   * undefined when there is none (or it cannot be read: then the stack is built).
   */
  restore(key: string, stack: string, staging: string): unknown {
    const entry = path.join(this.options.dir, key);
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(entry, 'entry.json'), 'utf8')) as Entry;
      const to = path.join(staging, 'stacks', stack);
      fs.mkdirSync(to, { recursive: true });
      for (const file of fs.readdirSync(path.join(entry, 'files'))) fs.copyFileSync(path.join(entry, 'files', file), path.join(to, file));
      return meta.manifest;
    } catch {
      return undefined;
    }
  }

  /** Stages an entry from what the stack's synthesis wrote into `staging`; `commit` makes it visible. */
  stage(key: string, stack: string, staging: string, manifest: unknown): void {
    const final = path.join(this.options.dir, key);
    const tmp = `${final}.tmp-${process.pid}`;
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(path.join(tmp, 'files'), { recursive: true });
      const from = path.join(staging, 'stacks', stack);
      for (const file of fs.readdirSync(from)) fs.copyFileSync(path.join(from, file), path.join(tmp, 'files', file));
      fs.writeFileSync(path.join(tmp, 'entry.json'), JSON.stringify({ manifest } satisfies Entry));
      this.pending.push({ tmp, final });
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // a cache that cannot be written is only slower
    }
  }

  /** After a successful synthesis: the staged entries become visible; older ones beyond `keep` go. */
  commit(): void {
    for (const { tmp, final } of this.pending.splice(0)) {
      try {
        fs.rmSync(final, { recursive: true, force: true });
        fs.renameSync(tmp, final);
      } catch {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
    this.prune();
  }

  /** After a failed synthesis: nothing is kept. */
  discard(): void {
    for (const { tmp } of this.pending.splice(0)) fs.rmSync(tmp, { recursive: true, force: true });
  }

  private prune(): void {
    const keep = this.options.keep ?? 8;
    let entries: Array<{ name: string; mtime: number }>;
    try {
      entries = fs
        .readdirSync(this.options.dir)
        .filter((name) => /^[0-9a-f]{64}$/.test(name))
        .map((name) => ({ name, mtime: fs.statSync(path.join(this.options.dir, name)).mtimeMs }));
    } catch {
      return;
    }
    entries.sort((a, b) => b.mtime - a.mtime);
    for (const old of entries.slice(keep)) fs.rmSync(path.join(this.options.dir, old.name), { recursive: true, force: true });
  }
}
