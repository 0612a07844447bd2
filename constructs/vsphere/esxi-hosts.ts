import { Host } from '@cdktf/provider-vsphere/lib/host';
import { Construct } from 'constructs';
import { FQDN, SHA1_THUMBPRINT } from '../catalog/rules';
import { PropViolation, assertProps } from '../props-error';

/** One ESXi host to add to vCenter. */
export interface EsxiHostSpec {
  /** Fully qualified name vCenter adds the host by. */
  readonly fqdn: string;
  /** SHA-1 thumbprint of the host certificate (`AB:CD:...`, 20 bytes), pinned so vCenter trusts no other host. */
  readonly thumbprint: string;
}

export interface EsxiHostsProps {
  /** MOID of the datacenter the hosts join (`vsphere_datacenter.moid`). */
  readonly datacenterId: string;
  /**
   * The hosts, in fault-domain order: the first is the preferred vSAN fault domain.
   * Their construct ids are `preferred` and `secondary`.
   */
  readonly hosts: readonly [EsxiHostSpec, EsxiHostSpec];
  /** ESXi user vCenter connects as. @default "root" */
  readonly username?: string;
  /** Password of `username`: a reference to a sensitive variable, never a literal. */
  readonly password: string;
  /** Lockdown mode; the hosts are then managed through vCenter only. @default "normal" */
  readonly lockdown?: 'normal' | 'strict' | 'disabled';
  /** NTP servers for the ESXi NTP service; none leaves NTP as the host has it. @default [] */
  readonly ntpServers?: readonly string[];
}

/** Fault-domain roles of the two hosts, in order. */
export const HOST_ROLES = ['preferred', 'secondary'] as const;

/**
 * The two ESXi hosts of an edge site, added to vCenter by FQDN with a pinned
 * certificate thumbprint, lockdown mode on and NTP set. Cluster membership is
 * declared by the cluster (`cluster_managed`), so the cluster can name the same host
 * ids in its vSAN fault domains without a dependency cycle.
 */
export class EsxiHosts extends Construct {
  /** `vsphere_host` resources, preferred fault domain first. */
  readonly hosts: readonly [Host, Host];
  /** HostSystem ids, preferred fault domain first. */
  readonly hostIds: readonly [string, string];

  constructor(scope: Construct, id: string, props: EsxiHostsProps) {
    super(scope, id);
    const username = props.username ?? 'root';
    const lockdown = props.lockdown ?? 'normal';
    const ntpServers = props.ntpServers ?? [];

    const violations: PropViolation[] = [];
    props.hosts.forEach((host, i) => {
      if (!FQDN.test(host.fqdn)) violations.push({ field: `hosts[${i}].fqdn`, message: `'${host.fqdn}' is not allowed; allowed: a lower-case fully qualified domain name` });
      if (!SHA1_THUMBPRINT.test(host.thumbprint)) {
        violations.push({ field: `hosts[${i}].thumbprint`, message: `'${host.thumbprint}' is not allowed; allowed: a SHA-1 thumbprint, 20 upper-case hex bytes separated by ":"` });
      }
    });
    if (props.hosts[0].fqdn === props.hosts[1].fqdn) violations.push({ field: 'hosts[1].fqdn', message: `'${props.hosts[1].fqdn}' is also hosts[0]; allowed: two different hosts` });
    if (username === '') violations.push({ field: 'username', message: "'' is not allowed; allowed: an ESXi user name" });
    assertProps(this, 'EsxiHosts', violations);

    const make = (spec: EsxiHostSpec, role: (typeof HOST_ROLES)[number]) =>
      new Host(this, role, {
        hostname: spec.fqdn,
        username,
        password: props.password,
        thumbprint: spec.thumbprint,
        datacenter: props.datacenterId,
        clusterManaged: true,
        lockdown,
        ...(ntpServers.length > 0 ? { services: [{ ntpd: { enabled: true, policy: 'on', ntpServers: [...ntpServers] } }] } : {}),
      });
    this.hosts = [make(props.hosts[0], 'preferred'), make(props.hosts[1], 'secondary')];
    this.hostIds = [this.hosts[0].id, this.hosts[1].id];
  }
}
