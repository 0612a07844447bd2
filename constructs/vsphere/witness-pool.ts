import { DataVsphereOvfVmTemplate } from '@cdktf/provider-vsphere/lib/data-vsphere-ovf-vm-template';
import { Host } from '@cdktf/provider-vsphere/lib/host';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { Construct } from 'constructs';
import { FQDN, SHA1_THUMBPRINT } from '../catalog/rules';
import { netmask, parseIpv4 } from '../catalog/ipv4';
import { PropViolation, assertProps } from '../props-error';

/** One shared vSAN witness appliance. */
export interface WitnessApplianceSpec {
  /** Appliance VM name; also the construct id. */
  readonly name: string;
  /** Host name the appliance is registered in vCenter by. */
  readonly fqdn: string;
  /** OVF deployment option for its size (e.g. `large`). */
  readonly deploymentOption: string;
  /** Management address, prefix length and gateway. */
  readonly address: string;
  readonly prefix: number;
  readonly gateway: string;
  /**
   * SHA-1 thumbprint of the appliance certificate. Until it is known (the appliance
   * makes its certificate at first boot), the appliance is deployed but not
   * registered as a host.
   */
  readonly thumbprint?: string;
}

export interface WitnessPoolProps {
  /** Hub datacenter MOID: the appliances run there and are registered there as hosts. */
  readonly datacenterId: string;
  /** Resource pool of the hub cluster that runs the appliance VMs. */
  readonly resourcePoolId: string;
  /** Hub ESXi host the OVA is read against and the VMs are first placed on. */
  readonly deployHostId: string;
  /** Hub datastore of the appliance VMs. */
  readonly datastoreId: string;
  /** Hub network (port group) for the appliances' management and secondary networks. */
  readonly networkId: string;
  /** URL of the vSAN Witness Appliance OVA. */
  readonly ovaUrl: string;
  readonly dnsServers: readonly string[];
  readonly dnsDomain: string;
  /** @default [] */
  readonly ntpServers?: readonly string[];
  /** Root password of the appliances: a reference to a sensitive variable. */
  readonly rootPassword: string;
  readonly witnesses: readonly WitnessApplianceSpec[];
}

/** OVF network names of the vSAN Witness Appliance (6.7 and later). */
const OVF_NETWORKS = ['Management Network', 'Secondary Network'] as const;

/**
 * The hub's shared vSAN witness appliances: each deployed from the witness OVA with
 * the hardware of its size, configured through vApp properties at first boot, and
 * registered in vCenter as a host outside any cluster, pinned by thumbprint. Sites
 * find a witness by its host name.
 */
export class WitnessPool extends Construct {
  /** Appliance VMs by witness name. */
  readonly appliances: Readonly<Record<string, VirtualMachine>>;
  /** Registered witness hosts by witness name (only those with a thumbprint). */
  readonly hosts: Readonly<Record<string, Host>>;

  constructor(scope: Construct, id: string, props: WitnessPoolProps) {
    super(scope, id);
    assertProps(this, 'WitnessPool', validate(props));

    const networkMap = Object.fromEntries(OVF_NETWORKS.map((n) => [n, props.networkId]));

    const appliances: Record<string, VirtualMachine> = {};
    const hosts: Record<string, Host> = {};
    for (const w of props.witnesses) {
      const scopeOf = new Construct(this, w.name);
      // The provider applies its own hardware defaults over the OVF's unless they come
      // from the OVF template data source, read for the witness's deployment option.
      const template = new DataVsphereOvfVmTemplate(scopeOf, 'ovf', {
        name: w.name,
        remoteOvfUrl: props.ovaUrl,
        deploymentOption: w.deploymentOption,
        hostSystemId: props.deployHostId,
        resourcePoolId: props.resourcePoolId,
        datastoreId: props.datastoreId,
        diskProvisioning: 'thin',
        ipProtocol: 'IPV4',
        ipAllocationPolicy: 'STATIC_MANUAL',
        ovfNetworkMap: networkMap,
        allowUnverifiedSslCert: false,
      });
      appliances[w.name] = new VirtualMachine(scopeOf, 'appliance', {
        name: w.name,
        datacenterId: props.datacenterId,
        resourcePoolId: props.resourcePoolId,
        datastoreId: props.datastoreId,
        hostSystemId: props.deployHostId,
        numCpus: template.numCpus,
        numCoresPerSocket: template.numCoresPerSocket,
        memory: template.memory,
        guestId: template.guestId,
        firmware: template.firmware,
        scsiType: template.scsiType,
        nestedHvEnabled: template.nestedHvEnabled,
        networkInterface: OVF_NETWORKS.map(() => ({ networkId: props.networkId })),
        // A nested ESXi reports no guest network to wait for.
        waitForGuestNetTimeout: 0,
        waitForGuestIpTimeout: 0,
        ovfDeploy: {
          remoteOvfUrl: props.ovaUrl,
          deploymentOption: w.deploymentOption,
          diskProvisioning: 'thin',
          ipProtocol: 'IPV4',
          ipAllocationPolicy: 'STATIC_MANUAL',
          ovfNetworkMap: networkMap,
          allowUnverifiedSslCert: false,
        },
        vapp: {
          properties: {
            'guestinfo.hostname': w.fqdn,
            'guestinfo.ipaddress0': w.address,
            'guestinfo.netmask0': netmask(w.prefix),
            'guestinfo.gateway0': w.gateway,
            'guestinfo.dns': props.dnsServers.join(','),
            'guestinfo.dnsDomain': props.dnsDomain,
            'guestinfo.ntp': (props.ntpServers ?? []).join(','),
            'guestinfo.vsannetwork': 'Management',
            'guestinfo.passwd': props.rootPassword,
          },
        },
        // The appliance reads its vApp properties once, at first boot: later changes
        // (a rotated password) must not power-cycle a witness that serves many sites.
        lifecycle: { ignoreChanges: ['vapp'] },
      });
      if (w.thumbprint !== undefined) {
        hosts[w.name] = new Host(scopeOf, 'host', {
          hostname: w.fqdn,
          username: 'root',
          password: props.rootPassword,
          thumbprint: w.thumbprint,
          datacenter: props.datacenterId,
          // Managed through vCenter only, like the site hosts.
          lockdown: 'normal',
          dependsOn: [appliances[w.name]],
        });
      }
    }
    this.appliances = appliances;
    this.hosts = hosts;
  }
}

function validate(props: WitnessPoolProps): PropViolation[] {
  const out: PropViolation[] = [];
  if (!/^https:\/\//.test(props.ovaUrl)) out.push({ field: 'ovaUrl', message: `'${props.ovaUrl}' is not allowed; allowed: an https:// URL` });
  if (props.witnesses.length === 0) out.push({ field: 'witnesses', message: 'an empty list is not allowed; allowed: at least one witness' });
  const names = new Set<string>();
  props.witnesses.forEach((w, i) => {
    if (names.has(w.name)) out.push({ field: `witnesses[${i}].name`, message: `'${w.name}' appears twice; allowed: unique names` });
    names.add(w.name);
    if (!FQDN.test(w.fqdn)) out.push({ field: `witnesses[${i}].fqdn`, message: `'${w.fqdn}' is not allowed; allowed: a lower-case fully qualified domain name` });
    if (parseIpv4(w.address) === undefined) out.push({ field: `witnesses[${i}].address`, message: `'${w.address}' is not allowed; allowed: an IPv4 address` });
    if (parseIpv4(w.gateway) === undefined) out.push({ field: `witnesses[${i}].gateway`, message: `'${w.gateway}' is not allowed; allowed: an IPv4 address` });
    if (!Number.isInteger(w.prefix) || w.prefix < 1 || w.prefix > 30) out.push({ field: `witnesses[${i}].prefix`, message: `${w.prefix} is not allowed; allowed: an integer from 1 to 30` });
    if (w.thumbprint !== undefined && !SHA1_THUMBPRINT.test(w.thumbprint)) {
      out.push({ field: `witnesses[${i}].thumbprint`, message: `'${w.thumbprint}' is not allowed; allowed: a SHA-1 thumbprint, 20 upper-case hex bytes separated by ":"` });
    }
  });
  return out;
}
