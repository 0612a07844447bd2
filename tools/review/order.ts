/**
 * Deterministic orders: natural order of names (edge2 before edge10) and the
 * rollout order of rings.
 */

/** Compares names by their text and digit runs as numbers: edge2 < edge10 < edge10a. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const digits = /^\d/.test(x) && /^\d/.test(y);
    if (digits) {
      const nx = x.replace(/^0+/, '');
      const ny = y.replace(/^0+/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

const EARLY_RING = /canary|pilot|preview|early|alpha|beta|insider|test|dev|stag|ring-?0|wave-?0|first/i;
const LATE_RING = /prod|stable|general|broad|late|last/i;

/** 0 for canary-like rings, 2 for production-like rings, 1 for the others. */
function ringRank(ring: string): number {
  if (EARLY_RING.test(ring)) return 0;
  if (LATE_RING.test(ring)) return 2;
  return 1;
}

/**
 * Rollout order of rings: the synthesized output does not say it, so canary-like
 * names (canary, pilot, early, ...) come first, production-like names last, then
 * natural order (ring1 before ring2).
 */
export function compareRings(a: string, b: string): number {
  return ringRank(a) - ringRank(b) || naturalCompare(a, b);
}
