/**
 * Writing stacks as they are built, so a synthesis holds one stack's constructs at a
 * time, not the fleet's (10,000 sites held at once took 3.2 GB). Each stack is built,
 * its policy checked, and, while no stack of the run has a violation, synthesized into
 * a staging folder inside the output folder; then it leaves the construct tree and
 * the tokens it registered are released. Only when every stack of every thread has
 * passed does `commitStaged` move the files into place, so a policy violation anywhere
 * still leaves the output folder as it was, with every violation listed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
// Internal module of the pinned cdktf 0.21.0: the registry of every token created.
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { PolicyViolation } from '../constructs/policy/fleet-policy';
import { Fleet } from '../constructs/catalog/model';
import { FleetStackBase } from './fleet-stack-base';
import { FleetStackCache } from './stack-cache';

type TokenMaps = { readonly stringTokenMap: Map<string, unknown>; readonly numberTokenMap: Map<number, unknown> };

/** cdktf keeps every token in a process-wide map; a built stack's tokens keep its constructs alive. */
function tokenMaps(): TokenMaps {
  const maps = TokenMap.instance() as unknown as Partial<TokenMaps>;
  if (!(maps.stringTokenMap instanceof Map) || !(maps.numberTokenMap instanceof Map)) {
    throw new Error('internal error: cdktf no longer keeps tokens in TokenMap.stringTokenMap and numberTokenMap; see stacks/stack-stream.ts');
  }
  return maps as TokenMaps;
}

/** Removes the entries added after the first `keep` (a Map iterates in insertion order). */
function truncate<K>(map: Map<K, unknown>, keep: number): void {
  let i = 0;
  for (const key of [...map.keys()]) if (i++ >= keep) map.delete(key);
}

/** Builds, checks and writes stacks one at a time into a staging folder. */
export class StackStream {
  /** Every violation of the stacks added so far, in the order they were added. */
  readonly violations: PolicyViolation[] = [];

  constructor(
    private readonly app: App,
    /** Staging folder: the output folder's layout (stacks/<stack>/cdk.tf.json). */
    readonly staging: string,
  ) {
    fs.mkdirSync(path.join(staging, 'stacks'), { recursive: true });
  }

  /**
   * Builds a stack with `build` (which adds it to the app), checks its policy and
   * writes it unless a violation was found in this run. A token the stack created and
   * a later stack used would fail that stack's synthesis loudly (cdktf throws on an
   * unknown token), never change its output.
   */
  add(build: () => FleetStackBase): void {
    const tokens = tokenMaps();
    const marks = [tokens.stringTokenMap.size, tokens.numberTokenMap.size];
    const stack = build();
    this.violations.push(...stack.policy.check(stack));
    if (this.violations.length === 0) {
      stack.prepareStack();
      stack.synthesizer.synthesize({ outdir: this.staging, skipValidation: this.app.skipValidation, manifest: this.app.manifest });
    }
    this.app.node.tryRemoveChild(stack.node.id);
    truncate(tokens.stringTokenMap, marks[0]);
    truncate(tokens.numberTokenMap, marks[1]);
  }

  /**
   * A fleet-wide stack, from `cache` when its output for this fleet is there (copied
   * into the staging folder with its manifest entry), else built as `add` builds it and
   * staged for the cache. A policy violation in the run keeps it out of the cache.
   */
  addFleetStack(name: string, build: () => FleetStackBase, cache: FleetStackCache | undefined, fleet: Fleet): void {
    const key = cache?.key(name, fleet);
    if (cache && key) {
      const entry = cache.restore(key, name, this.staging);
      if (entry !== undefined) {
        (this.app.manifest.stacks as Record<string, unknown>)[name] = entry;
        return;
      }
    }
    this.add(build);
    if (cache && key && this.violations.length === 0) cache.stage(key, name, this.staging, (this.app.manifest.stacks as Record<string, unknown>)[name]);
  }

  /** The manifest entries of the stacks written. */
  manifestStacks(): Record<string, unknown> {
    return { ...this.app.manifest.stacks };
  }
}

/**
 * Moves every staged stack file into the output folder (a stack's folder there keeps
 * what else it holds, such as `.terraform` after `terraform init`), then removes the
 * staging folder.
 */
export function commitStaged(staging: string, outdir: string): void {
  const stacks = path.join(staging, 'stacks');
  const target = path.join(outdir, 'stacks');
  // An empty (or missing) stacks folder, as in every fresh synthesis: one rename, not one per file.
  let empty = false;
  try {
    empty = fs.readdirSync(target).length === 0;
  } catch {
    empty = !fs.existsSync(target);
  }
  if (empty) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(stacks, target);
    fs.rmSync(staging, { recursive: true, force: true });
    return;
  }
  for (const stack of fs.readdirSync(stacks)) {
    const from = path.join(stacks, stack);
    const to = path.join(outdir, 'stacks', stack);
    fs.mkdirSync(to, { recursive: true });
    for (const file of fs.readdirSync(from)) fs.renameSync(path.join(from, file), path.join(to, file));
  }
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Removes a staging folder and what it holds. */
export function discardStaged(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
}
