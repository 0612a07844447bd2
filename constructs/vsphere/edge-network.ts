import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { DistributedVirtualSwitch } from '@cdktf/provider-vsphere/lib/distributed-virtual-switch';
import { Vnic } from '@cdktf/provider-vsphere/lib/vnic';
import { Construct } from 'constructs';
import { cidr, cidrContains, isCidr, isHostAddress, netmask, parseCidr, parseIpv4 } from '../catalog/ipv4';
import { NETWORK_NAMES, NetworkName } from '../catalog/model';
import { PropViolation, assertProps } from '../props-error';
import { HOST_ROLES } from './esxi-hosts';

/** A VLAN-backed network of the site. */
export interface EdgeNetworkSegment {
  /** Port group name. */
  readonly portGroup: string;
  /** VLAN ID, 0-4094 (0: untagged). */
  readonly vlan: number;
  /** IPv4 network in CIDR notation. */
  readonly cidr: string;
  /** MTU of the port group's VMkernel adapters, 1280-9000. @default 1500 */
  readonly mtu?: number;
  /**
   * The network's router. On the vSAN network it becomes the vSAN adapters' own
   * gateway (ESXi's per-adapter gateway override, `ipv4.gw`): the route of vSAN witness
   * traffic to a witness on another network. Not used on the other networks (vMotion
   * stays between the two hosts; management and TKG have no adapter here).
   * @default - none: the vSAN adapters reach their own network only
   */
  readonly gateway?: string;
}

/** A host joining the switch. */
export interface EdgeNetworkHost {
  /** HostSystem id. */
  readonly hostId: string;
  /** The two physical NICs that back uplink1 and uplink2, e.g. `["vmnic2", "vmnic3"]`. */
  readonly nics: readonly [string, string];
  /** VMkernel addresses of this host on the vSAN and vMotion networks. */
  readonly addresses: { readonly vsan: string; readonly vmotion: string };
}

export interface EdgeNetworkProps {
  /** Distributed switch name. */
  readonly switchName: string;
  /** MOID of the datacenter (`vsphere_datacenter.moid`). */
  readonly datacenterId: string;
  /** The two hosts, preferred vSAN fault domain first (adapter ids end in `-preferred`, `-secondary`). */
  readonly hosts: readonly [EdgeNetworkHost, EdgeNetworkHost];
  /** The four networks of the site. */
  readonly networks: Readonly<Record<NetworkName, EdgeNetworkSegment>>;
  /** Link discovery protocol, in listen mode. @default "lldp" */
  readonly discoveryProtocol?: 'lldp' | 'cdp';
}

/** VMkernel services a vnic can carry (the provider accepts only vsan, vmotion, management). */
const VMKERNEL_SERVICES = { vsan: 'vsan', vmotion: 'vmotion' } as const;

/**
 * The network of an edge site: one distributed switch with two uplinks on both
 * hosts, a port group per network (management, vMotion, vSAN, TKG) on its VLAN, and
 * on each host a vSAN and a vMotion VMkernel adapter with a static address. The
 * hosts' management adapter (vmk0) stays on its standard switch and NICs.
 *
 * Witness traffic: the provider cannot tag an adapter for vSAN witness traffic (its
 * `services` accept only vsan, vmotion, management), so witness traffic runs over
 * the vSAN adapters; with a vSAN `gateway` they route to a witness on another network
 * through it (the catalog validator requires one whenever the witness is outside the
 * vSAN network).
 */
export class EdgeNetwork extends Construct {
  readonly distributedSwitch: DistributedVirtualSwitch;
  readonly portGroups: Readonly<Record<NetworkName, DistributedPortGroup>>;
  /** vSAN VMkernel adapters, one per host: the vSAN cluster must wait for them. */
  readonly vsanAdapters: readonly Vnic[];
  /** vMotion VMkernel adapters, one per host. */
  readonly vmotionAdapters: readonly Vnic[];

  constructor(scope: Construct, id: string, props: EdgeNetworkProps) {
    super(scope, id);
    const discoveryProtocol = props.discoveryProtocol ?? 'lldp';
    const mtu = (name: NetworkName) => props.networks[name].mtu ?? 1500;
    assertProps(this, 'EdgeNetwork', validate(props));

    this.distributedSwitch = new DistributedVirtualSwitch(this, 'switch', {
      name: props.switchName,
      datacenterId: props.datacenterId,
      uplinks: ['uplink1', 'uplink2'],
      activeUplinks: ['uplink1', 'uplink2'],
      standbyUplinks: [],
      host: props.hosts.map((h) => ({ hostSystemId: h.hostId, devices: [...h.nics] })),
      maxMtu: Math.max(...NETWORK_NAMES.map(mtu)),
      linkDiscoveryProtocol: discoveryProtocol,
      linkDiscoveryOperation: 'listen',
    });

    const groups = {} as Record<NetworkName, DistributedPortGroup>;
    for (const name of NETWORK_NAMES) {
      groups[name] = new DistributedPortGroup(this, `port-group-${name}`, {
        name: props.networks[name].portGroup,
        distributedVirtualSwitchUuid: this.distributedSwitch.id,
        vlanId: props.networks[name].vlan,
      });
    }
    this.portGroups = groups;

    const adapters = (service: keyof typeof VMKERNEL_SERVICES) =>
      props.hosts.map(
        (host, index) =>
          new Vnic(this, `${service}-${HOST_ROLES[index]}`, {
            host: host.hostId,
            distributedSwitchPort: this.distributedSwitch.id,
            distributedPortGroup: groups[service].key,
            ipv4: {
              ip: host.addresses[service],
              netmask: netmask(cidr(props.networks[service].cidr).prefix),
              ...(service === 'vsan' && props.networks.vsan.gateway !== undefined ? { gw: props.networks.vsan.gateway } : {}),
            },
            mtu: mtu(service),
            netstack: 'defaultTcpipStack',
            services: [VMKERNEL_SERVICES[service]],
          }),
      );
    this.vsanAdapters = adapters('vsan');
    this.vmotionAdapters = adapters('vmotion');
  }
}

function validate(props: EdgeNetworkProps): PropViolation[] {
  const out: PropViolation[] = [];
  for (const name of NETWORK_NAMES) {
    const net = props.networks[name];
    if (!Number.isInteger(net.vlan) || net.vlan < 0 || net.vlan > 4094) out.push({ field: `networks.${name}.vlan`, message: `${net.vlan} is not allowed; allowed: an integer from 0 to 4094` });
    if (net.mtu !== undefined && (!Number.isInteger(net.mtu) || net.mtu < 1280 || net.mtu > 9000)) {
      out.push({ field: `networks.${name}.mtu`, message: `${net.mtu} is not allowed; allowed: an integer from 1280 to 9000` });
    }
    if (!isCidr(parseCidr(net.cidr))) out.push({ field: `networks.${name}.cidr`, message: `'${net.cidr}' is not allowed; allowed: an IPv4 network address in CIDR notation` });
  }
  props.hosts.forEach((host, index) => {
    if (host.nics[0] === host.nics[1]) out.push({ field: `hosts[${index}].nics`, message: `${host.nics[0]} is given twice; allowed: two different NICs, one per uplink` });
    for (const service of ['vsan', 'vmotion'] as const) {
      const parsed = parseCidr(props.networks[service].cidr);
      const address = parseIpv4(host.addresses[service]);
      if (!isCidr(parsed)) continue;
      if (address === undefined || !cidrContains(parsed, address) || !isHostAddress(parsed, address)) {
        out.push({ field: `hosts[${index}].addresses.${service}`, message: `'${host.addresses[service]}' is not allowed; allowed: a host address in ${props.networks[service].cidr}` });
      }
    }
  });
  const vsan = props.networks.vsan;
  if (vsan.gateway !== undefined) {
    const block = parseCidr(vsan.cidr);
    const gateway = parseIpv4(vsan.gateway);
    const taken = props.hosts.some((h) => h.addresses.vsan === vsan.gateway);
    if (isCidr(block) && (gateway === undefined || !cidrContains(block, gateway) || !isHostAddress(block, gateway) || taken)) {
      out.push({ field: 'networks.vsan.gateway', message: `'${vsan.gateway}' is not allowed; allowed: a host address in ${vsan.cidr} that no adapter uses` });
    }
  }
  for (const service of ['vsan', 'vmotion'] as const) {
    if (props.hosts[0].addresses[service] === props.hosts[1].addresses[service]) {
      out.push({ field: `hosts[1].addresses.${service}`, message: `${props.hosts[1].addresses[service]} is also the address of hosts[0]; allowed: a different address` });
    }
  }
  return out;
}
