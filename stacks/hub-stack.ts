import { Construct } from 'constructs';
import { Fleet } from '../constructs/catalog/model';
import { FleetStackBase, FleetStackBaseProps } from './fleet-stack-base';
import { sharedServicesHelmProvider, vsphereProvider } from './providers';

export interface HubStackProps extends FleetStackBaseProps {
  readonly fleet: Fleet;
}

/** The stack name of the hub. */
export const HUB_STACK = 'hub';

/**
 * The main site: shared vSAN witnesses, the published content library, the central
 * Harbor and central monitoring. Sites depend on it only by names and URLs.
 */
export class HubStack extends FleetStackBase {
  constructor(scope: Construct, props: HubStackProps) {
    super(scope, HUB_STACK, props);
    this.pinProvider(vsphereProvider(this, props.fleet));
    this.pinProvider(sharedServicesHelmProvider(this, props.fleet));
  }
}
