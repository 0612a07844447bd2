import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { Fleet, Site } from '../constructs/catalog/model';
import { FleetStackBase, FleetStackBaseProps } from './fleet-stack-base';
import { managementClusterProvider, vsphereProvider } from './providers';

export interface EdgeSiteStackProps extends FleetStackBaseProps {
  /** The resolved fleet (endpoints, rings, witnesses). */
  readonly fleet: Fleet;
  /** The site this stack builds; the stack is named after `site.id`. */
  readonly site: Site;
}

/**
 * Everything of one edge site: its vSphere infrastructure, its TKG workload cluster
 * on the management cluster, its Harbor replication and add-ons. Plans and applies
 * alone: hub objects are found by name, never through cross-stack references.
 */
export class EdgeSiteStack extends FleetStackBase {
  readonly site: Site;

  constructor(scope: Construct, props: EdgeSiteStackProps) {
    super(scope, props.site.id, props);
    const { fleet, site } = props;
    this.site = site;
    this.pinProvider(vsphereProvider(this, fleet));
    this.pinProvider(managementClusterProvider(this, fleet));

    new TerraformOutput(this, 'ring', { value: site.ring.name, description: 'Rollout ring of the site.' });
  }
}
