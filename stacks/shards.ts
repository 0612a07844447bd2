/**
 * Splitting a large synth across threads: which sites each thread builds. The main
 * thread also builds the fleet stacks (hub, workspaces) and coordinates, so it takes
 * a smaller share.
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

/**
 * Splits the site ids into `1 + workers` contiguous shards, the first (the main
 * thread's) about 10% smaller than the others; every id lands in exactly one shard,
 * in catalog order.
 */
export function planShards(ids: readonly string[], workers: number): string[][] {
  if (workers <= 0) return [[...ids]];
  const shares = [0.9, ...Array<number>(workers).fill(1)];
  const total = shares.reduce((a, b) => a + b, 0);
  const shards: string[][] = [];
  let start = 0;
  shares.forEach((share, i) => {
    const end = i === shares.length - 1 ? ids.length : Math.min(ids.length, start + Math.round((ids.length * share) / total));
    shards.push(ids.slice(start, end));
    start = end;
  });
  return shards;
}
