/**
 * Values that must differ but that a copied site file or host entry repeats without a
 * schema error: the SHA-1 thumbprint of each host's own certificate (across the fleet,
 * with the witnesses' and vCenter's), the disks of each host (worldwide device names),
 * a VLAN per network of a site, and an HA isolation address that is not one of the
 * hosts' own adapters. Addresses that other rules already keep apart (gateways,
 * endpoints, VMkernel addresses, networks across sites: validate.ts) are not repeated.
 */
import { defaultHostAddress, formatIpv4, isCidr, isHostAddress, parseCidr, parseIpv4 } from './ipv4';
import { NETWORK_NAMES } from './model';
import { FleetFile, SiteFile } from './schema';
import { DeepPartial } from './zod-walk';

type Report = (file: string, path: string, message: string) => void;

interface Fleetish {
  readonly source: string;
  readonly file: DeepPartial<FleetFile>;
}

interface Siteish {
  readonly source: string;
  readonly file: DeepPartial<SiteFile>;
  readonly merged: { readonly cluster?: { readonly ha?: { readonly isolationAddress?: string } } };
}

/** What the checks across sites read of one host of a site file (also in validate.ts SiteFacts). */
export interface HostFacts {
  readonly fqdn?: string;
  readonly thumbprint?: string;
  readonly diskGroups?: ReadonlyArray<{ readonly cache?: string; readonly capacity?: ReadonlyArray<string | undefined> } | undefined>;
}

/** What the checks across sites read of a site's hosts (validate.ts SiteFacts). */
interface SiteHosts {
  readonly source: string;
  readonly file: { readonly hosts?: ReadonlyArray<HostFacts | undefined> };
}

/** Where a value was first seen: its file, field and a few words on whose it is. */
interface Seen {
  readonly source: string;
  readonly path: string;
  readonly what: string;
}

const THUMBPRINT_HOW = 'openssl s_client -connect <host>:443 </dev/null | openssl x509 -noout -fingerprint -sha1';

/** Every certificate the fleet pins is its own: a repeated thumbprint is a copied one, and vCenter would refuse the host. */
export function checkThumbprints(report: Report, fleet: Fleetish | undefined, sites: readonly SiteHosts[]): void {
  const seen = new Map<string, Seen>();
  const add = (thumbprint: string | undefined, at: Seen, own: string) => {
    if (thumbprint === undefined) return;
    const first = seen.get(thumbprint);
    if (!first) {
      seen.set(thumbprint, at);
      return;
    }
    const where = first.source === at.source ? first.what : `${first.what} in ${first.source}`;
    report(at.source, at.path, `'${thumbprint}' is also the thumbprint of ${where}; allowed: the SHA-1 thumbprint of ${own}'s own certificate (${THUMBPRINT_HOW})`);
  };
  if (fleet) {
    add(fleet.file.vcenter?.tlsThumbprint, { source: fleet.source, path: 'vcenter.tlsThumbprint', what: 'vCenter (vcenter.tlsThumbprint)' }, 'vCenter');
    (fleet.file.hub?.witnesses ?? []).forEach((w, i) => {
      const name = w?.name !== undefined ? `witness '${w.name}'` : 'the witness';
      add(w?.thumbprint, { source: fleet.source, path: `hub.witnesses[${i}].thumbprint`, what: `${name} (hub.witnesses[${i}])` }, name);
    });
  }
  for (const site of sites) {
    (site.file.hosts ?? []).forEach((host, i) => {
      const name = host?.fqdn ?? `hosts[${i}]`;
      add(host?.thumbprint, { source: site.source, path: `hosts[${i}].thumbprint`, what: `hosts[${i}]${host?.fqdn !== undefined ? ` (${host.fqdn})` : ''}` }, name);
    });
  }
}

/**
 * naa. and eui. names identify one device worldwide (the same disk on two hosts is a
 * copied entry: the provider would claim a disk the host does not have). mpx. and t10.
 * names can repeat on identical hardware, so only a repeat inside one host (vsan-rules)
 * is refused for them.
 */
export function checkDisks(report: Report, sites: readonly SiteHosts[]): void {
  const seen = new Map<string, Seen & { readonly host: number }>();
  for (const site of sites) {
    (site.file.hosts ?? []).forEach((host, h) => {
      (host?.diskGroups ?? []).forEach((group, g) => {
        const devices: Array<[string | undefined, string]> = [
          [group?.cache, `diskGroups[${g}].cache`],
          ...(group?.capacity ?? []).map((d, c): [string | undefined, string] => [d, `diskGroups[${g}].capacity[${c}]`]),
        ];
        for (const [device, field] of devices) {
          if (device === undefined || !/^(naa|eui)\./.test(device)) continue;
          const first = seen.get(device);
          const path = `hosts[${h}].${field}`;
          if (!first) seen.set(device, { source: site.source, path, what: path, host: h });
          // A repeat inside one host is the vSAN rules' (duplicateDevices).
          else if (first.source !== site.source || first.host !== h) {
            report(
              site.source,
              path,
              `${device} is also ${first.source === site.source ? first.path : `${first.path} of ${first.source}`}; allowed: a disk of this host (a naa. or eui. name identifies one device worldwide: esxcli storage core device list)`,
            );
          }
        }
      });
    });
  }
}

/** Each network of a site is its own port group and broadcast domain. */
export function checkVlans(report: Report, site: Siteish): void {
  const seen = new Map<number, string>();
  for (const name of NETWORK_NAMES) {
    const vlan = site.file.networks?.[name]?.vlan;
    if (vlan === undefined) continue;
    const first = seen.get(vlan);
    if (first === undefined) {
      seen.set(vlan, name);
      continue;
    }
    report(
      site.source,
      `networks.${name}.vlan`,
      vlan === 0
        ? `0 (untagged) is also the VLAN of networks.${first}; allowed: a VLAN of its own: untagged port groups all land in the uplinks' native VLAN, one broadcast domain`
        : `${vlan} is also the VLAN of networks.${first}; allowed: a VLAN of its own (management, vmotion, vsan and tkg each keep their traffic in a broadcast domain of their own)`,
    );
  }
}

/** A host that pings its own adapter always gets an answer, so it would never find itself isolated. */
export function checkIsolationAddress(report: Report, site: Siteish): void {
  const isolation = site.merged.cluster?.ha?.isolationAddress;
  const address = isolation !== undefined ? parseIpv4(isolation) : undefined;
  if (isolation === undefined || address === undefined) return;
  const own = site.file.cluster?.ha?.isolationAddress !== undefined;
  for (const name of ['vsan', 'vmotion'] as const) {
    const cidr = site.file.networks?.[name]?.cidr;
    const block = cidr !== undefined ? parseCidr(cidr) : undefined;
    for (const [index, host] of (site.file.hosts ?? []).entries()) {
      const set = host?.addresses?.[name];
      const derived = block && isCidr(block) ? defaultHostAddress(block, index) : undefined;
      const adapter = set !== undefined ? parseIpv4(set) : derived !== undefined && block && isCidr(block) && isHostAddress(block, derived) ? derived : undefined;
      if (adapter !== address) continue;
      report(
        site.source,
        `cluster.ha.isolationAddress${own ? '' : ' (inherited from fleet.yaml defaults)'}`,
        `${formatIpv4(address)} is the ${name} VMkernel address of hosts[${index}]${set === undefined ? ' (derived)' : ''}, and a host that pings its own adapter never finds itself isolated; ` +
          'allowed: an address outside the hosts that answers pings, such as the vSAN gateway (the default)',
      );
      return;
    }
  }
}
