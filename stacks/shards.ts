/**
 * Splitting a large synth across threads: how many to start. The threads then take
 * site files to check and sites to build from shared queues (work-queue.ts).
 */

/** Sites per extra thread below which a thread costs more to start than it saves. */
export const MIN_SITES_PER_WORKER = 150;

/**
 * How many worker threads to add for `sites` stacks on `cores` CPUs: none for small
 * fleets or one CPU, at most one per spare CPU and at most `max`.
 */
export function workerCount(sites: number, cores: number, max = 7): number {
  return Math.max(0, Math.min(cores - 1, max, Math.floor(sites / MIN_SITES_PER_WORKER)));
}
