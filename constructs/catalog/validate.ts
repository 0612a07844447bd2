/**
 * Rules that a schema cannot express: addresses inside their networks, networks that
 * do not overlap (inside a site and across the fleet), references to rings and
 * witnesses, unique ids and host names, witness capacity.
 *
 * The rules run on the valid parts of every file (see `salvage`), so a file with a
 * schema error still gets its other problems reported in the same run. A rule only
 * looks at fields that passed the schema, so it never repeats a schema message.
 */
import { BUILT_IN_DEFAULTS, MergedSite } from './defaults';
import { HostFacts, checkDisks, checkIsolationAddress, checkThumbprints, checkVlans } from './distinct';
import { Ipv4Cidr, LabelledCidr, cidrContains, defaultHostAddress, findOverlaps, formatIpv4, isCidr, isHostAddress, nextAddress, parseCidr, parseIpv4 } from './ipv4';
import { ADDON_DEPENDENCIES, ADDON_NAMES, AddonName, NETWORK_NAMES, SitePhase, WITNESS_CAPACITY, WITNESS_DEPLOYMENT_OPTIONS, isBuilt } from './model';
import { cronProblem, isNodeImageFor, kubernetesMinor, minorDistance, minorText, nodeImageVersion, tkrBuild } from './rules';
import { ESA_DISK_GROUPS, duplicateDevices, vsanViolations } from '../vsphere/vsan-rules';
import { CatalogProblem, unknownName } from './problems';
import { FleetFile, SiteFile } from './schema';
import { DeepPartial } from './zod-walk';

import { checkWitnessRoutes } from './witness-route';
import { checkBackupAcrossSites, checkBackupFleet, checkBackupSite, siteBacksUp } from './backup';
import { checkAccessFleet, checkAccessSite } from './access';
import { checkDeliveryAcrossSites, checkDeliveryFleet, checkDeliverySite, ownApplications, siteDelivers } from './applications';
/** A site file's valid parts, with defaults merged in. */
export interface ParsedSite {
  /** Catalog file path, for messages. */
  readonly source: string;
  readonly file: DeepPartial<SiteFile>;
  readonly merged: DeepPartial<MergedSite>;
}

/** fleet.yaml's valid parts. */
export interface ParsedFleet {
  readonly source: string;
  readonly file: DeepPartial<FleetFile>;
}

/**
 * What the checks across sites read of one site file: the fields they compare, in the
 * shape of `ParsedSite`, and its networks. A few hundred bytes, so facts can be kept per
 * file (stacks/catalog-cache.ts): a one-site synth then checks the whole fleet without
 * parsing every file. Both paths run the same checks on the same facts.
 */
export interface SiteFacts {
  readonly source: string;
  readonly file: {
    readonly id?: string;
    readonly ring?: string;
    readonly witness?: string;
    readonly phase?: SitePhase;
    readonly hosts?: ReadonlyArray<HostFacts | undefined>;
    readonly tkg?: { readonly version?: string; readonly os?: { readonly name?: string } };
  };
  readonly merged: {
    readonly region?: string;
    readonly addons?: { readonly [K in AddonName]?: { readonly enabled?: boolean } };
    /** Only whether an autoscaler is set. */
    readonly tkg?: { readonly workers?: { readonly autoscaler?: true } };
  };
  /** The site's valid networks (checkSite) as field and CIDR text, for the overlap check across sites. */
  readonly networks: ReadonlyArray<readonly [path: string, cidr: string]>;
  /** Built and backing up (fleet.yaml's layers and the site's own: facts are per file and fleet.yaml text). */
  readonly backsUp?: boolean;
  /** Built and delivering applications: the applications it does not take from its ring. */
  readonly delivery?: { readonly own: readonly string[] };
}

/** The facts of a site file's valid parts. */
export function siteFacts(site: ParsedSite, networks: readonly LabelledCidr<Located>[], fleet?: ParsedFleet): SiteFacts {
  const { file, merged } = site;
  const addons: { [K in AddonName]?: { enabled?: boolean } } = {};
  for (const name of ADDON_NAMES) if (merged.addons?.[name] !== undefined) addons[name] = { enabled: merged.addons[name]?.enabled };
  return {
    source: site.source,
    file: {
      id: file.id,
      ring: file.ring,
      witness: file.witness,
      phase: file.phase,
      hosts: file.hosts?.map((h) => h && { fqdn: h.fqdn, thumbprint: h.thumbprint, diskGroups: h.diskGroups?.map((g) => g && { cache: g.cache, capacity: g.capacity }) }),
      tkg: file.tkg && { version: file.tkg.version, os: file.tkg.os && { name: file.tkg.os.name } },
    },
    merged: {
      region: merged.region,
      addons: merged.addons && addons,
      tkg: merged.tkg && { workers: merged.tkg.workers && { autoscaler: merged.tkg.workers.autoscaler !== undefined ? true : undefined } },
    },
    networks: networks.map((n) => [n.label.path, n.label.what] as const),
    ...(fleet && siteBacksUp(fleet, site) ? { backsUp: true } : {}),
    ...(fleet && siteDelivers(fleet, site) ? { delivery: { own: ownApplications(site) } } : {}),
  };
}

/** Stacks the app always creates, so no site may take their names. */
export const RESERVED_STACK_NAMES: readonly string[] = ['hub', 'fleet'];

export interface Located {
  readonly source: string;
  readonly path: string;
  readonly what: string;
}

export type Report = (file: string, path: string, message: string) => void;

/** Groups overlapping pairs by their later member: one problem per offending network, listing what it overlaps. */
function groupOverlaps(pairs: ReadonlyArray<[LabelledCidr<Located>, LabelledCidr<Located>]>): Map<LabelledCidr<Located>, LabelledCidr<Located>[]> {
  const groups = new Map<LabelledCidr<Located>, LabelledCidr<Located>[]>();
  for (const [a, b] of pairs) {
    const earlier = groups.get(b);
    if (earlier) earlier.push(a);
    else groups.set(b, [a]);
  }
  return groups;
}

function asCidr(text: string): Ipv4Cidr | undefined {
  const parsed = parseCidr(text);
  return isCidr(parsed) ? parsed : undefined;
}

/** Parses a CIDR field, reporting syntax and host-bit problems; undefined when invalid. */
function checkCidr(report: Report, source: string, path: string, text: string): Ipv4Cidr | undefined {
  const parsed = parseCidr(text);
  if (isCidr(parsed)) return parsed;
  if (parsed.reason === 'host-bits') {
    report(source, path, `'${text}' has host bits set; allowed: the network address of the block, here ${parsed.suggestion}`);
  } else {
    report(source, path, `'${text}' is not allowed; allowed: an IPv4 network in CIDR notation such as 10.33.0.0/24 (octets 0-255, prefix 0-32)`);
  }
  return undefined;
}

/** Checks that an address is a usable host address of a block; returns it when valid. */
function checkHostAddress(report: Report, source: string, path: string, text: string, block: Ipv4Cidr | undefined, blockPath: string): number | undefined {
  const address = parseIpv4(text);
  if (address === undefined) {
    report(source, path, `'${text}' is not allowed; allowed: an IPv4 address such as 10.33.0.1 (octets 0-255)`);
    return undefined;
  }
  if (!block) return address;
  const range = `${blockPath}`;
  if (!cidrContains(block, address)) {
    report(source, path, `${text} is outside ${range}; allowed: a host address inside ${range}`);
    return undefined;
  }
  if (!isHostAddress(block, address)) {
    report(source, path, `${text} is the network or broadcast address of ${range}; allowed: a host address inside ${range}`);
    return undefined;
  }
  return address;
}

function checkFleet(report: Report, fleet: ParsedFleet): void {
  const { source, file } = fleet;
  const names = new Map<string, number>();
  const fqdns = new Map<string, number>();
  (file.hub?.witnesses ?? []).forEach((witness, index) => {
    if (witness?.name !== undefined) {
      const first = names.get(witness.name);
      if (first !== undefined) report(source, `hub.witnesses[${index}].name`, `duplicate witness name '${witness.name}' (also hub.witnesses[${first}]); allowed: a name used once`);
      else names.set(witness.name, index);
    }
    if (witness?.fqdn !== undefined) {
      const first = fqdns.get(witness.fqdn);
      if (first !== undefined) report(source, `hub.witnesses[${index}].fqdn`, `duplicate witness host '${witness.fqdn}' (also hub.witnesses[${first}]); allowed: a host name used once`);
      else fqdns.set(witness.fqdn, index);
    }
  });
  const options = { ...WITNESS_DEPLOYMENT_OPTIONS, ...file.hub?.witnessOva?.deploymentOptions };
  const addresses = new Map<number, number>();
  (file.hub?.witnesses ?? []).forEach((witness, index) => {
    const path = `hub.witnesses[${index}]`;
    if (witness?.size !== undefined && options[witness.size] === undefined) {
      report(source, `${path}.size`, `${witness.size} has no OVF deployment option; allowed: set hub.witnessOva.deploymentOptions.${witness.size} to the option key your witness OVA uses for it (ovftool <ova> lists them), or use medium or large`);
    }
    if (witness?.address === undefined) return;
    const [ip, prefix] = witness.address.split('/');
    const address = parseIpv4(ip);
    if (address === undefined || Number(prefix) > 32) {
      report(source, `${path}.address`, `'${witness.address}' is not allowed; allowed: an IPv4 address with prefix length such as 10.10.0.21/24 (octets 0-255, prefix 0-32)`);
      return;
    }
    const size = 2 ** (32 - Number(prefix));
    const block: Ipv4Cidr = { network: address - (address % size), prefix: Number(prefix), size, last: address - (address % size) + size - 1 };
    const blockText = `${formatIpv4(block.network)}/${block.prefix}`;
    if (!isHostAddress(block, address)) report(source, `${path}.address`, `${ip} is the network or broadcast address of ${blockText}; allowed: a host address`);
    const first = addresses.get(address);
    if (first !== undefined) report(source, `${path}.address`, `${ip} is also the address of hub.witnesses[${first}]; allowed: an address used once`);
    else addresses.set(address, index);
    if (witness.gateway !== undefined) {
      const gateway = checkHostAddress(report, source, `${path}.gateway`, witness.gateway, block, `the witness network ${blockText}`);
      if (gateway === address) report(source, `${path}.gateway`, `${witness.gateway} is the witness's own address; allowed: the router of ${blockText}`);
    }
  });
  if (file.rings && Object.keys(file.rings).length === 0) {
    report(source, 'rings', 'no ring is declared; allowed: at least one ring, e.g. canary: { tkgVersion: v1.26.5+vmware.2-tkg.1 }');
  }
  const projects = new Map<string, number>();
  (file.hub?.harbor?.projects ?? []).forEach((project, index) => {
    if (project?.name === undefined) return;
    const first = projects.get(project.name);
    if (first !== undefined) report(source, `hub.harbor.projects[${index}].name`, `'${project.name}' is also hub.harbor.projects[${first}]; allowed: unique project names`);
    else projects.set(project.name, index);
  });
  const firstRing = Object.keys(file.rings ?? {})[0];
  for (const [name, ring] of Object.entries(file.rings ?? {})) {
    const r = ring?.replication;
    if (!ring || r === undefined) continue;
    const at = `rings.${name}.replication`;
    if (r.trigger === 'scheduled' && r.schedule === undefined) report(source, `${at}.schedule`, 'missing; required with trigger scheduled: a 6-field cron such as "0 0 2 * * *"');
    if (r.trigger === 'event_based' && r.schedule !== undefined) report(source, `${at}.schedule`, `'${r.schedule}' is not allowed with trigger event_based; allowed: no schedule (the hub pushes on every push), or trigger scheduled`);
    const cron = r.schedule !== undefined ? cronProblem(r.schedule) : undefined;
    if (cron) report(source, `${at}.schedule`, `'${r.schedule}' ${cron}`);
    if (r.filter && (r.filter.label === undefined) === (r.filter.tag === undefined)) {
      report(source, `${at}.filter`, 'allowed: exactly one of label or tag (one Harbor filter per promotion rule)');
    }
    if (name !== firstRing && !r.filter) {
      report(source, `${at}.filter`, `missing; required for every ring after the first ('${firstRing}'): a label or tag that promotion sets, so only promoted artifacts reach ring '${name}'`);
    }
    (r.projects ?? []).forEach((project, index) => {
      if (project !== undefined && file.hub?.harbor?.projects && !projects.has(project)) {
        report(source, `${at}.projects[${index}]`, unknownName('project', project, [...projects.keys()]) + ' (projects are declared in hub.harbor.projects)');
      }
    });
  }
  const monitoring = file.hub?.monitoring;
  if (monitoring?.remoteWriteUrl !== undefined && monitoring.grafanaHost !== undefined) {
    const remoteWriteHost = /^https:\/\/([^/:]+)/.exec(monitoring.remoteWriteUrl)?.[1];
    if (remoteWriteHost === monitoring.grafanaHost) {
      report(source, 'hub.monitoring.grafanaHost', `'${monitoring.grafanaHost}' is also the host of remoteWriteUrl; allowed: a host of its own (each has its own Ingress)`);
    }
  }
  const tkg = file.defaults?.tkg;
  if (tkg?.podCidr !== undefined) checkCidr(report, source, 'defaults.tkg.podCidr', tkg.podCidr);
  if (tkg?.serviceCidr !== undefined) checkCidr(report, source, 'defaults.tkg.serviceCidr', tkg.serviceCidr);
}

/** ` (inherited from fleet.yaml defaults)` when the site file does not set the value itself. */
function inherited(site: ParsedSite, path: readonly string[]): string {
  let node: unknown = site.file;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return node === undefined ? ' (inherited from fleet.yaml defaults or the built-in default)' : '';
}

/** vSAN rules the provider would only reject at apply time (shared with TwoNodeVsanCluster). */
function checkVsan(report: Report, site: ParsedSite): void {
  const vsan = site.merged.vsan;
  if (!vsan) return;
  for (const v of vsanViolations(vsan)) {
    report(site.source, `vsan.${v.field}${inherited(site, ['vsan', v.field])}`, v.message.replace(/with (architecture|deduplication) /, 'with vsan.$1 '));
  }
  (site.file.hosts ?? []).forEach((host, index) => {
    if (vsan.architecture === 'esa' && host?.diskGroups !== undefined) report(site.source, `hosts[${index}].diskGroups`, ESA_DISK_GROUPS.replace('with architecture', 'with vsan.architecture'));
    for (const v of duplicateDevices(host?.diskGroups ?? [])) report(site.source, `hosts[${index}].${v.field}`, v.message.replace(/is also /, `is also hosts[${index}].`));
  });
}

/** Add-ons need the add-ons they depend on; ExternalDNS needs its server, zone and key. */
function checkAddons(report: Report, site: ParsedSite): void {
  const addons = site.merged.addons;
  if (!addons) return;
  const enabled = (name: AddonName) => addons[name]?.enabled === true;
  for (const name of ADDON_NAMES) {
    if (!enabled(name)) continue;
    const missing = ADDON_DEPENDENCIES[name].filter((dep) => addons[dep]?.enabled === false);
    if (missing.length > 0) {
      report(site.source, `addons.${name}.enabled${inherited(site, ['addons', name, 'enabled'])}`, `true needs ${missing.map((m) => `addons.${m}`).join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} disabled; allowed: enable ${missing.join(' and ')} too, or disable ${name}`);
    }
  }
  const dns = addons.externalDns;
  if (dns?.enabled) {
    for (const key of ['server', 'zone', 'tsigKeyName'] as const) {
      if (dns[key] === undefined) report(site.source, `addons.externalDns.${key}`, `missing; required with addons.externalDns.enabled true (the RFC 2136 ${key === 'tsigKeyName' ? 'TSIG key name' : key})`);
    }
  }
}

/** VMkernel addresses of both hosts on a network: set or derived, inside the network, distinct, not the gateway. */
function checkHostAddresses(report: Report, site: ParsedSite, name: 'vsan' | 'vmotion', block: Ipv4Cidr | undefined): void {
  const net = site.file.networks?.[name];
  if (!block || !net?.cidr) return;
  const taken = new Map<number, string>();
  if (net.gateway !== undefined) {
    const gateway = parseIpv4(net.gateway);
    if (gateway !== undefined) taken.set(gateway, `the gateway of networks.${name}`);
  }
  (site.file.hosts ?? []).forEach((host, index) => {
    const own = host?.addresses?.[name];
    const path = `hosts[${index}].addresses.${name}`;
    let address: number | undefined;
    if (own !== undefined) {
      address = checkHostAddress(report, site.source, path, own, block, `networks.${name}.cidr ${net.cidr}`);
    } else {
      address = defaultHostAddress(block, index);
      if (!isHostAddress(block, address)) {
        report(site.source, path, `missing; required because networks.${name}.cidr ${net.cidr} has no ${index === 0 ? '11th' : '12th'} host address to derive it from; allowed: a free host address in ${net.cidr}`);
        return;
      }
    }
    if (address === undefined) return;
    const clash = taken.get(address);
    if (clash !== undefined) report(site.source, path, `${formatIpv4(address)}${own === undefined ? ' (derived)' : ''} is already ${clash}; allowed: a free host address in ${net.cidr}`);
    else taken.set(address, `the ${name} address of hosts[${index}]`);
  });
}

type ParsedWitness = NonNullable<NonNullable<NonNullable<ParsedFleet['file']['hub']>['witnesses']>[number]>;

/** fleet.yaml's witnesses by name, built once per fleet file (not once per site: a fleet of n sites has about n/64). */
interface WitnessIndex {
  /** Declared names, in file order (undefined when fleet.yaml declares no witnesses list). */
  readonly names: string[];
  readonly known: ReadonlySet<string>;
  /** The first witness of each name. */
  readonly first: ReadonlyMap<string, ParsedWitness>;
}
const WITNESS_INDEXES = new WeakMap<object, WitnessIndex | undefined>();

function witnessIndex(fleet: ParsedFleet): WitnessIndex | undefined {
  if (WITNESS_INDEXES.has(fleet.file)) return WITNESS_INDEXES.get(fleet.file);
  const list = fleet.file.hub?.witnesses;
  let index: WitnessIndex | undefined;
  if (list) {
    const names = list.map((w) => w?.name).filter((n): n is string => n !== undefined);
    const first = new Map<string, ParsedWitness>();
    for (const w of list) if (w && !first.has(w.name as string)) first.set(w.name as string, w);
    index = { names, known: new Set(names), first };
  }
  WITNESS_INDEXES.set(fleet.file, index);
  return index;
}

/** Checks one site; returns its networks for the fleet-wide overlap check. */
function checkSite(report: Report, site: ParsedSite, fleet: ParsedFleet | undefined): LabelledCidr<Located>[] {
  const { source, file, merged } = site;
  const blocks: LabelledCidr<Located>[] = [];

  const stem = source.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  if (file.id !== undefined && file.id !== stem) {
    report(source, 'id', `'${file.id}' does not match the file name '${stem}'; allowed: the file name without .yaml (a site file is named after its id)`);
  }
  if (file.id !== undefined && RESERVED_STACK_NAMES.includes(file.id)) {
    report(source, 'id', `'${file.id}' is the name of a stack the app always creates; allowed: any site id but ${RESERVED_STACK_NAMES.join(', ')}`);
  }

  if (fleet?.file.rings && file.ring !== undefined) {
    const rings = Object.keys(fleet.file.rings);
    if (!rings.includes(file.ring)) report(source, 'ring', `${unknownName('ring', file.ring, rings)} (rings are declared in ${fleet.source})`);
  }
  const witnesses = fleet && witnessIndex(fleet);
  if (witnesses && file.witness !== undefined && !witnesses.known.has(file.witness)) {
    report(source, 'witness', `${unknownName('witness', file.witness, witnesses.names)} (witnesses are declared in ${fleet?.source} hub.witnesses)`);
  }

  const witness = file.witness !== undefined ? witnesses?.first.get(file.witness) : undefined;
  if (witness?.name !== undefined && witness.fqdn !== undefined && witness.thumbprint === undefined) {
    report(
      source,
      'witness',
      `witness '${witness.name}' has no thumbprint yet, so the hub has not registered it as a host; allowed: a registered witness (deploy the hub, read the appliance's SHA-1 thumbprint, set it in ${fleet?.source} and apply the hub again)`,
    );
  }

  const [first, second] = file.hosts ?? [];
  if (first?.fqdn !== undefined && first.fqdn === second?.fqdn) report(source, 'hosts[1].fqdn', `'${first.fqdn}' is also hosts[0]; allowed: two different hosts`);
  checkVsan(report, site);
  const nics = merged.distributedSwitch?.nics;
  if (nics?.[0] !== undefined && nics[0] === nics[1]) {
    report(source, `distributedSwitch.nics${inherited(site, ['distributedSwitch', 'nics'])}`, `${nics[0]} is given twice; allowed: two different NICs, one per uplink`);
  }

  const parsed = new Map<string, Ipv4Cidr>();
  for (const name of NETWORK_NAMES) {
    const net = file.networks?.[name];
    const path = `networks.${name}`;
    const block = net?.cidr !== undefined ? checkCidr(report, source, `${path}.cidr`, net.cidr) : undefined;
    if (block && net?.cidr !== undefined) {
      parsed.set(name, block);
      blocks.push({ block, label: { source, path: `${path}.cidr`, what: net.cidr } });
    }
    if (net?.gateway !== undefined) checkHostAddress(report, source, `${path}.gateway`, net.gateway, block, `${path}.cidr ${net.cidr}`);
  }

  for (const name of ['vsan', 'vmotion'] as const) checkHostAddresses(report, site, name, parsed.get(name));
  const isolation = merged.cluster?.ha?.isolationAddress;
  if (isolation !== undefined && parseIpv4(isolation) === undefined) {
    report(source, `cluster.ha.isolationAddress${inherited(site, ['cluster', 'ha', 'isolationAddress'])}`, `'${isolation}' is not allowed; allowed: an IPv4 address such as 10.33.2.1 (octets 0-255)`);
  }

  const tkgNet = file.networks?.tkg;
  const endpoint = merged.tkg?.controlPlane?.endpoint;
  let endpointValid = false;
  if (endpoint !== undefined) {
    const block = parsed.get('tkg');
    const valid = checkHostAddress(report, source, 'tkg.controlPlane.endpoint', endpoint, block, `networks.tkg.cidr ${tkgNet?.cidr}`);
    if (valid !== undefined && block && tkgNet?.gateway === endpoint) {
      report(source, 'tkg.controlPlane.endpoint', `${endpoint} is the gateway of networks.tkg; allowed: a free host address in ${tkgNet.cidr} reserved for kube-vip`);
    } else endpointValid = valid !== undefined && block !== undefined;
  }

  // Cluster-internal networks may repeat across sites, but must not collide with the site's own networks.
  const internal: LabelledCidr<Located>[] = [];
  for (const key of ['podCidr', 'serviceCidr'] as const) {
    const text = merged.tkg?.[key];
    if (text === undefined) continue;
    const own = file.tkg?.[key] !== undefined;
    // An inherited value is checked where it is written (fleet.yaml defaults, or the built-in default).
    const block = own ? checkCidr(report, source, `tkg.${key}`, text) : asCidr(text);
    const note = own ? '' : ' (inherited from fleet.yaml defaults or the built-in default)';
    if (block) internal.push({ block, label: { source, path: `tkg.${key}`, what: `${text}${note}` } });
  }
  for (const [b, earlier] of groupOverlaps(findOverlaps([...blocks, ...internal]))) {
    const others = earlier.map((a) => `${a.label.path} ${a.label.what}`).join(', ');
    report(source, b.label.path, `${b.label.what} overlaps ${others}; allowed: a network that shares no address with the site's other networks`);
  }

  const autoscaler = merged.tkg?.workers?.autoscaler;
  if (autoscaler) {
    if (autoscaler.min !== undefined && autoscaler.max !== undefined && autoscaler.min > autoscaler.max) {
      report(source, `tkg.workers.autoscaler.min${inherited(site, ['tkg', 'workers', 'autoscaler'])}`, `${autoscaler.min} is above max ${autoscaler.max}; allowed: min <= max`);
    }
    if (file.tkg?.workers?.replicas !== undefined) {
      report(source, 'tkg.workers.replicas', `${file.tkg.workers.replicas} is not allowed with tkg.workers.autoscaler; allowed: no replicas (the autoscaler sets the worker count between min and max)`);
    }
    const ring = file.ring !== undefined ? fleet?.file.rings?.[file.ring] : undefined;
    if (ring && ring.tkgVersion !== undefined && ring.clusterAutoscalerImage === undefined) {
      report(
        source,
        `tkg.workers.autoscaler${inherited(site, ['tkg', 'workers', 'autoscaler'])}`,
        `ring '${file.ring}' has no valid clusterAutoscalerImage; allowed: an autoscaler only on a ring that names the cluster-autoscaler image for its Kubernetes version (rings.${file.ring}.clusterAutoscalerImage in ${fleet?.source})`,
      );
    }
  }
  checkAddons(report, site);
  // A derived ingress address is only checked when the endpoint it follows is valid (else that is the one fault).
  if (merged.addons?.contour?.enabled && endpoint !== undefined && (endpointValid || merged.ingress?.address !== undefined)) {
    const own = merged.ingress?.address;
    const ingress = own ?? nextAddress(endpoint);
    const path = `ingress.address${own === undefined ? ' (derived: the address after tkg.controlPlane.endpoint)' : inherited(site, ['ingress', 'address'])}`;
    if (ingress !== undefined) {
      const block = parsed.get('tkg');
      const valid = checkHostAddress(report, source, path, ingress, block, `networks.tkg.cidr ${tkgNet?.cidr}`);
      if (valid !== undefined && (ingress === tkgNet?.gateway || ingress === endpoint)) {
        report(source, path, `${ingress} is already ${ingress === endpoint ? 'tkg.controlPlane.endpoint' : 'the gateway of networks.tkg'}; allowed: a free address in networks.tkg for Envoy`);
      }
    }
  }
  const caNames = new Map<string, number>();
  (merged.tkg?.trustedCAs ?? []).forEach((ca, index) => {
    if (ca?.name === undefined) return;
    const first = caNames.get(ca.name);
    if (first !== undefined) report(source, `tkg.trustedCAs[${index}].name${inherited(site, ['tkg', 'trustedCAs'])}`, `'${ca.name}' is also tkg.trustedCAs[${first}]; allowed: unique names`);
    else caNames.set(ca.name, index);
  });

  const cpReplicas = merged.tkg?.controlPlane?.replicas;
  if (merged.tkg?.workers?.replicas === 0 && !autoscaler && cpReplicas !== undefined && cpReplicas !== 1) {
    report(source, 'tkg.workers.replicas', `0 workers with ${cpReplicas} control-plane nodes is not allowed; allowed: 0 workers only with tkg.controlPlane.replicas 1 (a single-node cluster)`);
  }
  return blocks;
}

/** A few site ids for a message: the first five, then the count. */
function someSites(ids: readonly string[]): string {
  return ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, ... (${ids.length} sites)` : '');
}

/**
 * Every TKR version a workload cluster runs needs its node OVA in the hub content
 * library (the sites' libraries subscribe to it, and TKG clones the nodes from it).
 * Only built sites (active, decommissioning) have a workload cluster; a bootstrap
 * site is checked when it becomes active. Reported once where the version is written:
 * the ring's tkgVersion, fleet.yaml defaults.tkg.version, or the site's own tkg.version.
 */
function checkNodeImages(report: Report, fleet: ParsedFleet, sites: readonly SiteFacts[]): void {
  const library = fleet.file.hub?.contentLibrary;
  if (!library) return;
  const items = (library.items ?? []).flatMap((item) => (item?.name !== undefined ? [item.name] : []));
  // What the library holds for one OS: `<os>-...-kube-<build>` (the resolver matches the OS too).
  const held = (os: string) => [
    ...new Set(
      items.flatMap((name) => {
        const image = nodeImageVersion(name);
        return image && name.startsWith(`${os}-`) ? [`${image.build}-${image.release ?? 'tkg.*'}`] : [];
      }),
    ),
  ];
  interface Use {
    readonly source: string;
    readonly path: string;
    readonly version: string;
    readonly os: string;
    readonly ring?: string;
    readonly ids: string[];
  }
  const uses = new Map<string, Use>();
  const use = (source: string, path: string, version: string, os: string, id: string, ring?: string) => {
    const key = `${source}\0${path}\0${os}`;
    const found = uses.get(key) ?? { source, path, version, os, ring, ids: [] };
    found.ids.push(id);
    uses.set(key, found);
  };
  const inheritedVersion = fleet.file.defaults?.tkg?.version;
  const inheritedOs = fleet.file.defaults?.tkg?.os?.name ?? BUILT_IN_DEFAULTS.tkg.os.name;
  for (const site of sites) {
    const { file } = site;
    if (file.phase === undefined || !isBuilt({ phase: file.phase })) continue;
    const id = file.id ?? site.source.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
    const ring = file.ring !== undefined ? fleet.file.rings?.[file.ring] : undefined;
    const os = file.tkg?.os?.name ?? inheritedOs;
    if (file.tkg?.version !== undefined) use(site.source, 'tkg.version', file.tkg.version, os, id);
    else if (inheritedVersion !== undefined) use(fleet.source, 'defaults.tkg.version', inheritedVersion, os, id);
    else if (file.ring !== undefined && ring?.tkgVersion !== undefined) use(fleet.source, `rings.${file.ring}.tkgVersion`, ring.tkgVersion, os, id, file.ring);
  }
  for (const { source, path, version, os, ring, ids } of uses.values()) {
    if (items.some((name) => name.startsWith(`${os}-`) && isNodeImageFor(name, version))) continue;
    const images = held(os);
    const where = source === fleet.source ? 'hub.contentLibrary.items' : `${fleet.source} hub.contentLibrary.items`;
    const who =
      ring !== undefined
        ? `the workload clusters of ring '${ring}' run it: ${someSites(ids)}`
        : source === fleet.source
          ? `the workload clusters of the sites that inherit it run it: ${someSites(ids)}`
          : "this site's workload cluster runs it";
    report(
      source,
      path,
      `'${version}' has no ${os} node image in ${where}, and ${who}; ` +
        `allowed: a TKR version whose ${os} node OVA the library holds: ${images.length > 0 ? images.join(', ') : 'none yet'} ` +
        `(or add its OVA to ${where}, named ${os}-<os version>-kube-${tkrBuild(version)?.build ?? version})`,
    );
  }
}

/**
 * Kubernetes version rules. Cluster API upgrades a cluster one minor version at a time
 * (its topology webhook refuses a skip, and a downgrade, at apply) and the fleet rolls
 * out ring by ring (docs/tkg-clusters.md, Day-2 operations), so:
 * - a ring never runs a newer minor than the ring before it, and runs at most one minor
 *   behind it (otherwise it could only follow by skipping one);
 * - a site's own version (its `tkg.version`, or fleet.yaml `defaults.tkg.version`) is
 *   within one minor of its ring's, so it can rejoin the ring without a skip;
 * - the ring's cluster-autoscaler image is the one of the cluster's minor version.
 * Whether one apply skips a minor from what runs today is the review's to say (it
 * compares with the base), since the catalog holds only the new version.
 */
function checkVersionSkew(report: Report, fleet: ParsedFleet, sites: readonly SiteFacts[]): void {
  const rings = Object.entries(fleet.file.rings ?? {}).flatMap(([name, ring]) => {
    const minor = ring?.tkgVersion !== undefined ? kubernetesMinor(ring.tkgVersion) : undefined;
    const image = ring?.clusterAutoscalerImage;
    const autoscalerMinor = image !== undefined ? kubernetesMinor(image.split(/[:@]/)[1] ?? '') : undefined;
    return minor && ring?.tkgVersion !== undefined ? [{ name, version: ring.tkgVersion, minor, autoscaler: image, autoscalerMinor }] : [];
  });
  for (let i = 1; i < rings.length; i++) {
    const [before, after] = [rings[i - 1], rings[i]];
    const distance = minorDistance(before.minor, after.minor);
    if (distance === undefined || distance > 0) {
      report(
        fleet.source,
        `rings.${after.name}.tkgVersion`,
        `'${after.version}' is newer than ring '${before.name}' (${before.version}), which rolls out before it; ` +
          `allowed: a version ring '${before.name}' runs or ran, one minor at a time: ${minorText(before.minor)}${before.minor.minor > 0 ? ` or ${minorText({ ...before.minor, minor: before.minor.minor - 1 })}` : ''}`,
      );
    } else if (distance < -1) {
      const skipped = Array.from({ length: -distance - 1 }, (_, k) => minorText({ ...after.minor, minor: after.minor.minor + 1 + k }));
      report(
        fleet.source,
        `rings.${before.name}.tkgVersion`,
        `'${before.version}' is ${-distance} minor versions ahead of ring '${after.name}' (${after.version}), which follows it: ` +
          `ring '${after.name}' could only catch up by skipping ${skipped.join(', ')}, and Cluster API upgrades one minor at a time; ` +
          `allowed: at most one minor ahead of the next ring: ${minorText(after.minor)} or ${minorText({ ...after.minor, minor: after.minor.minor + 1 })}`,
      );
    }
  }
  for (const ring of rings) {
    const imageMinor = ring.autoscalerMinor;
    if (ring.autoscaler !== undefined && imageMinor && minorDistance(imageMinor, ring.minor) !== 0) {
      report(
        fleet.source,
        `rings.${ring.name}.clusterAutoscalerImage`,
        `'${ring.autoscaler}' is the cluster-autoscaler of Kubernetes ${minorText(imageMinor)}, but ring '${ring.name}' runs ${ring.version}; allowed: the cluster-autoscaler image of ${minorText(ring.minor)}`,
      );
    }
  }

  const byName = new Map(rings.map((r) => [r.name, r]));
  const reported = new Set<string>();
  const inherited = fleet.file.defaults?.tkg?.version;
  for (const site of sites) {
    const ring = site.file.ring !== undefined ? byName.get(site.file.ring) : undefined;
    if (!ring) continue;
    const own = site.file.tkg?.version;
    const pin = own !== undefined ? { source: site.source, path: 'tkg.version', version: own } : inherited !== undefined ? { source: fleet.source, path: 'defaults.tkg.version', version: inherited } : undefined;
    const minor = pin ? kubernetesMinor(pin.version) : undefined;
    if (!pin || !minor) continue;
    const key = `${pin.source}\0${pin.path}\0${ring.name}`;
    const distance = minorDistance(ring.minor, minor);
    if ((distance === undefined || Math.abs(distance) > 1) && !reported.has(key)) {
      reported.add(key);
      const who = pin.source === site.source ? 'this site' : `the sites of ring '${ring.name}' that inherit it`;
      report(
        pin.source,
        pin.path,
        `'${pin.version}' is ${distance === undefined ? 'another major version than' : `${Math.abs(distance)} minor versions from`} ring '${ring.name}' (${ring.version}): ` +
          `${who} could not rejoin the ring without skipping minor versions, and Cluster API upgrades one minor at a time; ` +
          `allowed: within one minor of the ring: ${[-1, 0, 1].filter((d) => ring.minor.minor + d >= 0).map((d) => minorText({ ...ring.minor, minor: ring.minor.minor + d })).join(', ')}`,
      );
    }
    const imageMinor = ring.autoscalerMinor;
    if (site.merged.tkg?.workers?.autoscaler !== undefined && imageMinor && minorDistance(imageMinor, minor) !== 0 && !reported.has(`${key}\0autoscaler`)) {
      reported.add(`${key}\0autoscaler`);
      report(
        pin.source,
        pin.path,
        `'${pin.version}' is Kubernetes ${minorText(minor)}, but the cluster-autoscaler of ring '${ring.name}' is for ${minorText(imageMinor)} (${ring.autoscaler}); allowed: the ring's minor version for a site with tkg.workers.autoscaler`,
      );
    }
  }
}

/** Unique site ids (files in different folders can share a name). */
function checkUniqueIds(report: Report, sites: readonly SiteFacts[]): void {
  const byId = new Map<string, string>();
  for (const site of sites) {
    const id = site.file.id;
    if (id === undefined) continue;
    const first = byId.get(id);
    if (first !== undefined) report(site.source, 'id', `duplicate site id '${id}' (also in ${first}); allowed: an id used by one site only`);
    else byId.set(id, site.source);
  }
}

/** Unique host names across sites and witnesses. */
function checkUniqueHosts(report: Report, fleet: ParsedFleet | undefined, sites: readonly SiteFacts[]): void {
  const hosts = new Map<string, { source: string; where: string }>();
  (fleet?.file.hub?.witnesses ?? []).forEach((w, i) => {
    if (fleet && w?.fqdn !== undefined && !hosts.has(w.fqdn)) hosts.set(w.fqdn, { source: fleet.source, where: `hub.witnesses[${i}]` });
  });
  for (const site of sites) {
    (site.file.hosts ?? []).forEach((host, index) => {
      if (host?.fqdn === undefined) return;
      const first = hosts.get(host.fqdn);
      if (!first) hosts.set(host.fqdn, { source: site.source, where: `hosts[${index}]` });
      else if (first.source !== site.source) {
        report(site.source, `hosts[${index}].fqdn`, `host '${host.fqdn}' is already used by ${first.source} (${first.where}); allowed: a host that belongs to one site only`);
      }
      // A repeat inside one site is reported by the per-site check.
    });
  }
}

/** No network may overlap between sites (routed edge networks share one address plan): one sweep over the sorted networks. */
function checkOverlapsAcrossSites(report: Report, sites: readonly SiteFacts[]): void {
  const fleetBlocks: LabelledCidr<Located>[] = [];
  for (const site of sites) {
    for (const [path, what] of site.networks) {
      const block = asCidr(what);
      if (block) fleetBlocks.push({ block, label: { source: site.source, path, what } });
    }
  }
  const acrossSites = findOverlaps(fleetBlocks).filter(([a, b]) => a.label.source !== b.label.source); // same-site pairs: per-site check
  for (const [b, earlier] of groupOverlaps(acrossSites)) {
    const others = earlier.map((a) => `${a.label.what} of ${a.label.source} (${a.label.path})`).join(', ');
    report(b.label.source, b.label.path, `${b.label.what} overlaps ${others}; allowed: a network no other site uses`);
  }
}

/** Every add-on a site enables needs a package version in the site's ring. */
function checkAddonPackages(report: Report, fleet: ParsedFleet, sites: readonly SiteFacts[]): void {
  const rings = fleet.file.rings;
  if (!rings) return;
  const needs = new Map<string, Map<AddonName, string[]>>();
  for (const site of sites) {
    const ring = site.file.ring;
    if (ring === undefined || site.file.id === undefined || site.file.phase === 'bootstrap' || !rings[ring]) continue;
    for (const name of ADDON_NAMES) {
      if (site.merged.addons?.[name]?.enabled !== true) continue;
      let byAddon = needs.get(ring);
      if (!byAddon) needs.set(ring, (byAddon = new Map<AddonName, string[]>()));
      const ids = byAddon.get(name);
      if (ids) ids.push(site.file.id);
      else byAddon.set(name, [site.file.id]);
    }
  }
  for (const [ring, byAddon] of needs) {
    const packages = rings[ring]?.packages;
    for (const [name, ids] of byAddon) {
      if (packages?.versions?.[name] !== undefined) continue;
      const sample = someSites(ids);
      report(
        fleet.source,
        packages ? `rings.${ring}.packages.versions.${name}` : `rings.${ring}.packages`,
        `missing; required because active sites of ring '${ring}' enable ${name}: ${sample}; allowed: the ${name} package version this ring installs${packages ? '' : ' (with the package repository)'}`,
      );
    }
  }
}

/** Witness capacity: a shared witness serves a bounded number of two-node clusters. */
function checkWitnessCapacity(report: Report, fleet: ParsedFleet, sites: readonly SiteFacts[]): void {
  const users = new Map<string, string[]>();
  for (const site of sites) {
    const { witness, id } = site.file;
    if (witness === undefined || id === undefined) continue;
    const ids = users.get(witness);
    if (ids) ids.push(id);
    else users.set(witness, [id]);
  }
  (fleet.file.hub?.witnesses ?? []).forEach((witness, index) => {
    if (witness?.name === undefined || witness.size === undefined) return;
    const ids = [...(users.get(witness.name) ?? [])].sort();
    const capacity = WITNESS_CAPACITY[witness.size];
    if (ids.length > capacity) {
      report(
        fleet.source,
        `hub.witnesses[${index}]`,
        `witness '${witness.name}' (${witness.size}) serves at most ${capacity} two-node clusters, but ${ids.length} sites use it: ${ids.join(', ')}; ` +
          `allowed: at most ${capacity} (move ${ids.length - capacity} site(s) to another witness, or use size extra-large for up to 64)`,
      );
    }
  });
}

/**
 * The rules of one site file on its own (with fleet.yaml): everything but the checks
 * across sites. Returns the site's networks for those. Its problems depend only on the
 * two files' text, so a file without any needs no new check until one of them changes.
 */
export function checkSiteFile(report: Report, site: ParsedSite, fleet: ParsedFleet | undefined): LabelledCidr<Located>[] {
  const networks = checkSite(report, site, fleet);
  checkVlans(report, site);
  checkIsolationAddress(report, site);
  if (fleet) checkWitnessRoutes(report, fleet, [site]);
  if (fleet) checkBackupSite(report, fleet, site);
  if (fleet) checkAccessSite(report, fleet, site);
  if (fleet) checkDeliverySite(report, fleet, site);
  return networks;
}

/**
 * The rules across sites, on every site's facts: ids, host names, thumbprints, disks,
 * overlapping networks, add-on packages, node images, version skew, witness capacity.
 * Each walks the sites once with a map or one sorted sweep: linear in the fleet (n log n
 * for the overlaps), never pairs of sites.
 */
export function checkAcrossSites(report: Report, fleet: ParsedFleet | undefined, sites: readonly SiteFacts[]): void {
  checkUniqueIds(report, sites);
  checkUniqueHosts(report, fleet, sites);
  checkThumbprints(report, fleet, sites);
  checkDisks(report, sites);
  checkOverlapsAcrossSites(report, sites);
  if (fleet) checkAddonPackages(report, fleet, sites);
  if (fleet) checkNodeImages(report, fleet, sites);
  if (fleet) checkVersionSkew(report, fleet, sites);
  if (fleet) checkWitnessCapacity(report, fleet, sites);
  if (fleet) checkBackupAcrossSites(report, fleet, sites);
  if (fleet) checkDeliveryAcrossSites(report, fleet, sites);
}

/** fleet.yaml's own rules. */
export function checkFleetFile(report: Report, fleet: ParsedFleet): void {
  checkFleet(report, fleet);
  checkBackupFleet(report, fleet);
  checkAccessFleet(report, fleet);
  checkDeliveryFleet(report, fleet);
}

/**
 * Runs every cross-field and cross-file rule on the valid parts of the catalog, in the
 * order their problems have always been listed (load.ts then sorts them by file).
 */
export function validateCatalog(fleet: ParsedFleet | undefined, sites: readonly ParsedSite[]): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const report: Report = (file, path, message) => problems.push({ file, path, message });
  if (fleet) checkFleetFile(report, fleet);
  const facts = sites.map((site) => siteFacts(site, checkSite(report, site, fleet), fleet));
  checkUniqueIds(report, facts);
  checkUniqueHosts(report, fleet, facts);
  // Thumbprints, disks, VLANs and the HA isolation address that a copied entry repeats.
  checkThumbprints(report, fleet, facts);
  checkDisks(report, facts);
  for (const site of sites) {
    checkVlans(report, site);
    checkIsolationAddress(report, site);
  }
  checkOverlapsAcrossSites(report, facts);
  if (fleet) checkAddonPackages(report, fleet, facts);
  if (fleet) checkNodeImages(report, fleet, facts);
  if (fleet) checkVersionSkew(report, fleet, facts);
  if (fleet) checkWitnessRoutes(report, fleet, sites);
  if (fleet) for (const site of sites) checkBackupSite(report, fleet, site);
  if (fleet) for (const site of sites) checkAccessSite(report, fleet, site);
  if (fleet) for (const site of sites) checkDeliverySite(report, fleet, site);
  if (fleet) checkWitnessCapacity(report, fleet, facts);
  if (fleet) checkBackupAcrossSites(report, fleet, facts);
  if (fleet) checkDeliveryAcrossSites(report, fleet, facts);
  return problems;
}
