/**
 * IPv4 address and CIDR arithmetic for catalog validation and address derivation.
 *
 * Addresses are handled as unsigned 32-bit integers. Only IPv4 is supported: the
 * vSphere networks of an edge site (management, vMotion, vSAN, TKG) are IPv4 in every
 * reference design this product follows.
 */

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A parsed IPv4 network in CIDR notation. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
  /** Last address of the block (broadcast) as an unsigned 32-bit integer. */
  readonly last: number;
}

/** Parses a dotted-quad IPv4 address; returns undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Formats an unsigned 32-bit integer as a dotted-quad IPv4 address. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Why a CIDR string was rejected, for validator messages. */
export type CidrProblem = { readonly reason: 'syntax' } | { readonly reason: 'host-bits'; readonly suggestion: string };

/**
 * Parses `a.b.c.d/n`. The address must be the network address of the block
 * (no host bits set): `10.33.0.5/24` is refused with the suggestion `10.33.0.0/24`.
 */
export function parseCidr(text: string): Ipv4Cidr | CidrProblem {
  const match = /^([0-9.]+)\/(\d{1,2})$/.exec(text);
  if (!match) return { reason: 'syntax' };
  const address = parseIpv4(match[1]);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > 32) return { reason: 'syntax' };
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  if (network !== address) return { reason: 'host-bits', suggestion: `${formatIpv4(network)}/${prefix}` };
  return { network, prefix, size, last: network + size - 1 };
}

/** Type guard for a successfully parsed CIDR. */
export function isCidr(value: Ipv4Cidr | CidrProblem): value is Ipv4Cidr {
  return (value as Ipv4Cidr).network !== undefined;
}

/** Parses a CIDR the caller already validated; throws on bad input (a programming error). */
export function cidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (!isCidr(parsed)) throw new Error(`internal error: '${text}' is not a valid IPv4 CIDR`);
  return parsed;
}

/** True when the address lies inside the block. */
export function cidrContains(block: Ipv4Cidr, address: number): boolean {
  return address >= block.network && address <= block.last;
}

/** True when the address is usable by a host: inside the block, not the network or broadcast address. */
export function isHostAddress(block: Ipv4Cidr, address: number): boolean {
  if (block.prefix >= 31) return cidrContains(block, address);
  return address > block.network && address < block.last;
}

/** True when two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network <= b.last && b.network <= a.last;
}

/** Dotted-quad netmask of a prefix length, e.g. 24 → 255.255.255.0. */
export function netmask(prefix: number): string {
  return formatIpv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

/** The n-th address of a block (0 is the network address). */
export function nthAddress(block: Ipv4Cidr, n: number): number {
  return block.network + n;
}

/** A labelled CIDR, for overlap detection across a catalog. */
export interface LabelledCidr<T> {
  readonly block: Ipv4Cidr;
  readonly label: T;
}

/**
 * Finds every overlapping pair in a list of blocks in O(n log n + k), where k is the
 * number of overlaps: sort by start, then sweep keeping the blocks still open.
 * Pairs come back ordered by the position of their members in the input.
 */
export function findOverlaps<T>(blocks: readonly LabelledCidr<T>[]): Array<[LabelledCidr<T>, LabelledCidr<T>]> {
  const indexed = blocks.map((entry, index) => ({ entry, index }));
  indexed.sort((a, b) => a.entry.block.network - b.entry.block.network || a.index - b.index);
  const pairs: Array<[number, number]> = [];
  let open: typeof indexed = [];
  for (const current of indexed) {
    open = open.filter((o) => o.entry.block.last >= current.entry.block.network);
    for (const o of open) pairs.push(o.index < current.index ? [o.index, current.index] : [current.index, o.index]);
    open.push(current);
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return pairs.map(([i, j]) => [blocks[i], blocks[j]]);
}

/** Host 1's VMkernel adapters take this address of their network (the 11th), host 2 the next. */
export const FIRST_HOST_ADDRESS = 11;

/** Default VMkernel address of a site host on a network: the 11th or 12th address of the block. */
export function defaultHostAddress(block: Ipv4Cidr, hostIndex: number): number {
  return nthAddress(block, FIRST_HOST_ADDRESS + hostIndex);
}

/** The address after `address` (the default ingress address is the one after the API endpoint). */
export function nextAddress(address: string): string | undefined {
  const value = parseIpv4(address);
  return value === undefined || value >= 0xffffffff ? undefined : formatIpv4(value + 1);
}
