/**
 * Sites whose file is gone while their state still manages resources: removed without
 * decommissioning. Pure: main.ts reads the state files and passes what it found.
 */
import { Fleet } from '../constructs/catalog/model';
import { HUB_STACK } from './hub-stack';
import { WORKSPACES_STACK } from './workspaces-stack';

export interface StateFile {
  /** Stack the state belongs to (`terraform.<stack>.tfstate`). */
  readonly stack: string;
  /** Resources the state still manages. */
  readonly resources: number;
}

/** One warning line per orphaned site state, sorted by stack name. */
export function orphanWarnings(fleet: Fleet, states: readonly StateFile[]): string[] {
  const known = new Set([HUB_STACK, WORKSPACES_STACK, ...fleet.sites.map((s) => s.id)]);
  return states
    .filter((s) => !known.has(s.stack) && s.resources > 0)
    .sort((a, b) => (a.stack < b.stack ? -1 : 1))
    .map(
      (s) =>
        `warning: site '${s.stack}' has no site file, but terraform.${s.stack}.tfstate still manages ${s.resources} resource(s): ` +
        'it was removed without decommissioning; restore its file with phase: decommissioning, deploy, destroy it, then remove the file (README, section Decommissioning a site)',
    );
}
