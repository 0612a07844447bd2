/**
 * Generates realistic catalogs for the benchmark: the default fleet.yaml with enough
 * extra-large witnesses, and N sites of the full shape (active, TKG, add-ons, Harbor
 * replication) with distinct ids, unique hosts and non-overlapping networks, in a
 * mix of shapes (single-node, three control-plane nodes with an autoscaler, ESA).
 *
 * As a large retail fleet is laid out: sites come in regions of contiguous blocks of
 * 64 (one extra-large witness each, 64 two-node clusters, its capacity), regions
 * rotate through eight, and the fleet rolls out in three rings: `canary` (5 %),
 * `early` (15 %, added between the template's canary and production rings, with
 * production's settings) and `production` (the rest), spread across the regions.
 * Works from 1 to 15,360 sites (four /24s per site inside 10.16.0.0-10.255.255.255).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';

/** Deterministic SHA-1 style thumbprint from a name. */
function thumbprint(name: string): string {
  return createHash('sha1')
    .update(name)
    .digest('hex')
    .toUpperCase()
    .match(/../g)!
    .join(':');
}

export const sitesPerWitness = 64;

/** The largest catalog the address plan holds: 64 sites per second octet from 10.16 to 10.255. */
export const MAX_SITES = 64 * (256 - 16);

/** Regions, one per block of 64 sites (a witness's sites share its region). */
export const REGIONS = ['emea-north', 'emea-south', 'amer-east', 'amer-central', 'amer-west', 'apac-north', 'apac-south', 'latam'];

/** The ring of the i-th of `count` sites: spread over the fleet (every 20th site canary, 3 in 20 early). */
export function ringOf(i: number, count: number, rings: readonly string[]): string {
  if (!rings.includes('early')) return i < Math.max(1, Math.round(count * 0.05)) ? 'canary' : 'production';
  const slot = i % 20;
  return slot === 0 ? 'canary' : slot <= 3 ? 'early' : 'production';
}

/** Site id of the i-th generated site (0-based). */
export function siteId(i: number): string {
  return `store${String(i + 1).padStart(4, '0')}`;
}

/** Writes a catalog of `count` sites into `dir` (created); returns the site ids. */
export function generateCatalog(dir: string, count: number, fleetTemplate: string): string[] {
  if (count > MAX_SITES) throw new Error(`generateCatalog: ${count} sites do not fit the address plan; allowed: at most ${MAX_SITES}`);
  fs.mkdirSync(dir, { recursive: true });
  const fleet = parse(fleetTemplate) as {
    hub: { witnesses: unknown[]; witnessOva: { deploymentOptions?: Record<string, string> } };
    rings: Record<string, { clusterAutoscalerImage?: string; description?: string }>;
  };
  // From 20 sites, a middle ring like production (same version and replication filter).
  const names = Object.keys(fleet.rings);
  if (count >= 20 && names.length === 2 && names[0] === 'canary' && names[1] === 'production' && !('early' in fleet.rings)) {
    const production = fleet.rings.production;
    fleet.rings = { canary: fleet.rings.canary, early: { ...structuredClone(production), description: 'Sites that follow canary a day later.' }, production };
  }
  const ringNames = Object.keys(fleet.rings);
  // Every ring can run autoscaled sites.
  for (const ring of Object.values(fleet.rings)) ring.clusterAutoscalerImage ??= 'projects.registry.vmware.com/tkg/cluster-autoscaler:v1.25.1_vmware.1';
  const witnesses = Math.max(1, Math.ceil(count / sitesPerWitness));
  fleet.hub.witnesses = Array.from({ length: witnesses }, (_, w) => ({
    name: `witness-${String(w + 1).padStart(2, '0')}`,
    fqdn: `witness-${String(w + 1).padStart(2, '0')}.hub.tanzu.lab`,
    size: 'extra-large',
    address: `10.10.${Math.floor(w / 200)}.${21 + (w % 200)}/16`,
    gateway: '10.10.255.254',
    thumbprint: thumbprint(`witness-${w}`),
  }));
  fleet.hub.witnessOva.deploymentOptions = { ...fleet.hub.witnessOva.deploymentOptions, 'extra-large': 'xlarge' };
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), stringify(fleet, { lineWidth: 0 }));

  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = siteId(i);
    ids.push(id);
    // Four /24s per site from 10.16.0.0: 64 sites per second octet.
    const a = 16 + Math.floor(i / 64);
    const b = (i % 64) * 4;
    const net = (k: number, vlan: number, gateway: boolean) => ({ vlan, cidr: `10.${a}.${b + k}.0/24`, ...(gateway ? { gateway: `10.${a}.${b + k}.1` } : {}) });
    const singleNode = i % 10 === 3;
    const large = !singleNode && i % 7 === 5;
    const esa = i % 3 === 1;
    const site: Record<string, unknown> = {
      id,
      ring: ringOf(i, count, ringNames),
      witness: `witness-${String(Math.floor(i / sitesPerWitness) + 1).padStart(2, '0')}`,
      phase: 'active',
      region: REGIONS[Math.floor(i / sitesPerWitness) % REGIONS.length],
      hosts: [1, 2].map((h) => ({
        fqdn: `esx0${h}.${id}.tanzu.lab`,
        thumbprint: thumbprint(`${id}-${h}`),
        ...(esa ? {} : { diskGroups: [{ cache: `naa.5000c500${String(i).padStart(4, '0')}${h}a00`, capacity: [1, 2].map((c) => `naa.5000c500${String(i).padStart(4, '0')}${h}b0${c}`) }] }),
      })),
      networks: { management: net(0, 100, true), vmotion: net(1, 101, false), vsan: net(2, 102, true), tkg: net(3, 103, true) },
      ...(esa ? { vsan: { architecture: 'esa' } } : {}),
      tkg: {
        controlPlane: { replicas: large ? 3 : 1, endpoint: `10.${a}.${b + 3}.10` },
        workers: singleNode ? { replicas: 0 } : large ? { autoscaler: { min: 2, max: 6 } } : { replicas: 2 },
      },
      ...(singleNode ? { addons: { grafana: { enabled: false } } } : {}),
    };
    fs.writeFileSync(path.join(dir, `${id}.yaml`), stringify(site, { lineWidth: 0 }));
  }
  return ids;
}
