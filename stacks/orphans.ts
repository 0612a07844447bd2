/**
 * Sites whose file is gone although they were never decommissioned: found in the
 * local state files next to the output folder, or in the previous synthesized output
 * in the output folder (which is what tells with Terraform Cloud, whose state this app
 * cannot read). orphanWarnings is pure; main.ts reads the files with readLocalStates
 * and readPreviousStacks and passes what they found.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fleet } from '../constructs/catalog/model';
import { readCatalogRecord } from './catalog-record';
import { HUB_STACK } from './hub-stack';
import { WORKSPACES_STACK } from './workspaces-stack';

export interface StateFile {
  /** Stack the state belongs to (`terraform.<stack>.tfstate`). */
  readonly stack: string;
  /** Resources the state still manages. */
  readonly resources: number;
}

export interface PreviousStack {
  /** Stack name in the previous output's manifest.json. */
  readonly stack: string;
  /** The site's phase as that output recorded it (its `phase` output); undefined when unreadable. */
  readonly phase?: string;
}

export interface OrphanEvidence {
  /** Local state files (local backends only; Terraform Cloud keeps state remotely). */
  readonly states?: readonly StateFile[];
  /** Stacks of the previous synthesis into the same output folder. */
  readonly previous?: readonly PreviousStack[];
}

/** Every stack the catalog accounts for: the hub, the fleet stack and one per site. */
export function knownStacks(fleet: Fleet): ReadonlySet<string> {
  return new Set([HUB_STACK, WORKSPACES_STACK, ...fleet.index.map((s) => s.id)]);
}

const HOW_TO =
  'restore its file with phase: decommissioning, deploy, destroy it, then remove the file (docs/security.md, section Decommissioning a site)';

/**
 * One warning line per site removed without decommissioning, sorted by site id:
 * a local state that still manages resources, or a previous output in which the site
 * was not being decommissioned. A site with both gets one line naming both.
 */
export function orphanWarnings(fleet: Fleet, evidence: OrphanEvidence): string[] {
  const known = knownStacks(fleet);
  const found = new Map<string, string[]>();
  const add = (stack: string, what: string) => found.set(stack, [...(found.get(stack) ?? []), what]);
  for (const s of evidence.states ?? []) {
    if (!known.has(s.stack) && s.resources > 0) add(s.stack, `terraform.${s.stack}.tfstate still manages ${s.resources} resource(s)`);
  }
  for (const s of evidence.previous ?? []) {
    if (!known.has(s.stack) && s.phase !== 'decommissioning') {
      add(s.stack, `the previous synthesis had its stack in phase ${s.phase ?? '(unknown)'}`);
    }
  }
  return [...found.keys()]
    .sort()
    .map((stack) => `warning: site '${stack}' has no site file, but ${(found.get(stack) ?? []).join(', and ')}: it was removed without decommissioning; ${HOW_TO}`);
}

/** Local state files in `dir` (`terraform.<stack>.tfstate`) and how many resources each manages. */
export function readLocalStates(dir: string): StateFile[] {
  if (!fs.existsSync(dir)) return [];
  const states: StateFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = /^terraform\.(.+)\.tfstate$/.exec(name);
    if (!match) continue;
    try {
      const state = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { resources?: unknown[] };
      states.push({ stack: match[1], resources: Array.isArray(state.resources) ? state.resources.length : 0 });
    } catch {
      states.push({ stack: match[1], resources: 1 }); // unreadable: assume it manages something
    }
  }
  return states;
}

/**
 * The stacks of the synthesis already in `outdir` (before this one overwrites it),
 * with each site's recorded phase. Only stacks not in `skip` are opened; a missing or
 * unreadable manifest means no previous output. The sites of that synthesis's catalog
 * record (fleet-catalog.json) count too: a partial synthesis (`SITES`) wrote only
 * some stacks, but its record names every site its catalog had.
 */
export function readPreviousStacks(outdir: string, skip: ReadonlySet<string>): PreviousStack[] {
  const recorded: PreviousStack[] = Object.entries(readCatalogRecord(outdir)?.sites ?? {})
    .filter(([site]) => !skip.has(site))
    .map(([stack, { phase }]) => ({ stack, phase }));
  let manifest: { stacks?: Record<string, { synthesizedStackPath?: string }> };
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return recorded;
  }
  const inRecord = new Set(recorded.map((s) => s.stack));
  return [...recorded, ...fromManifest(outdir, manifest, skip).filter((s) => !inRecord.has(s.stack))];
}

function fromManifest(outdir: string, manifest: { stacks?: Record<string, { synthesizedStackPath?: string }> }, skip: ReadonlySet<string>): PreviousStack[] {
  return Object.entries(manifest.stacks ?? {})
    .filter(([stack]) => !skip.has(stack))
    .map(([stack, entry]) => {
      try {
        const json = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath ?? ''), 'utf8')) as { output?: { phase?: { value?: unknown } } };
        const phase = json.output?.phase?.value;
        return typeof phase === 'string' ? { stack, phase } : { stack };
      } catch {
        return { stack };
      }
    });
}
