import { DataVsphereContentLibrary } from '@cdktf/provider-vsphere/lib/data-vsphere-content-library';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereHost } from '@cdktf/provider-vsphere/lib/data-vsphere-host';
import { Construct } from 'constructs';

export interface HubInventoryProps {
  /** Name of the hub datacenter, where the witness appliances are registered. */
  readonly datacenter: string;
}

/**
 * Hub objects a site stack needs, found by name through data sources: a site stack
 * never references the hub stack, so it plans and applies alone once the hub exists.
 */
export class HubInventory extends Construct {
  readonly datacenter: DataVsphereDatacenter;

  constructor(scope: Construct, id: string, props: HubInventoryProps) {
    super(scope, id);
    this.datacenter = new DataVsphereDatacenter(this, 'datacenter', { name: props.datacenter });
  }

  /** The witness appliance registered as a host in the hub datacenter, by its host name. */
  witnessHost(fqdn: string): DataVsphereHost {
    return new DataVsphereHost(this, 'witness', { name: fqdn, datacenterId: this.datacenter.id });
  }

  /** A content library published at the hub, by name. */
  contentLibrary(name: string): DataVsphereContentLibrary {
    return new DataVsphereContentLibrary(this, 'content-library', { name });
  }
}
