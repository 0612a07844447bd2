/**
 * The vSAN witness path of a two-node site. The witness appliance carries witness
 * traffic on its management interface (`guestinfo.vsannetwork: Management`, see
 * constructs/vsphere/witness-pool.ts), at `hub.witnesses[].address`. The site's hosts
 * send it from their vSAN adapters (the provider cannot tag another adapter for witness
 * traffic), which reach only their own network unless they have a gateway: so a site
 * whose witness is outside its vSAN network needs `networks.vsan.gateway`, which the
 * adapters get as their own gateway.
 */
import { cidrContains, isCidr, parseCidr, parseIpv4 } from './ipv4';
import { FleetFile, SiteFile } from './schema';
import { DeepPartial } from './zod-walk';

type Report = (file: string, path: string, message: string) => void;

/** Refuses every site whose vSAN adapters have no route to their witness. */
export function checkWitnessRoutes(
  report: Report,
  fleet: { readonly source: string; readonly file: DeepPartial<FleetFile> },
  sites: ReadonlyArray<{ readonly source: string; readonly file: DeepPartial<SiteFile> }>,
): void {
  const witnesses = new Map<string, string>();
  for (const w of fleet.file.hub?.witnesses ?? []) {
    if (w?.name !== undefined && w.address !== undefined) witnesses.set(w.name, w.address);
  }
  for (const site of sites) {
    const { file } = site;
    const address = file.witness !== undefined ? witnesses.get(file.witness) : undefined;
    const vsan = file.networks?.vsan;
    if (address === undefined || vsan?.cidr === undefined || vsan.gateway !== undefined) continue;
    const [ip] = address.split('/');
    const witnessIp = parseIpv4(ip);
    const block = parseCidr(vsan.cidr);
    if (witnessIp === undefined || !isCidr(block) || cidrContains(block, witnessIp)) continue;
    report(
      site.source,
      'networks.vsan.gateway',
      `missing; required because witness '${file.witness}' (${ip}) is outside the vSAN network ${vsan.cidr}, and the hosts send witness traffic from their vSAN adapters, which reach only their own network without a gateway; ` +
        `allowed: the router of ${vsan.cidr} that routes to ${ip} (the vSAN adapters get it as their gateway)`,
    );
  }
}
