import { DataVsphereDatastore } from '@cdktf/provider-vsphere/lib/data-vsphere-datastore';
import { DataVsphereFolder } from '@cdktf/provider-vsphere/lib/data-vsphere-folder';
import { DataVsphereResourcePool } from '@cdktf/provider-vsphere/lib/data-vsphere-resource-pool';
import { DataVsphereStoragePolicy } from '@cdktf/provider-vsphere/lib/data-vsphere-storage-policy';
import { Folder } from '@cdktf/provider-vsphere/lib/folder';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { Construct } from 'constructs';
import { PropViolation, assertProps } from '../props-error';

export interface TkgPlacementProps {
  /** Datacenter name (for inventory paths). */
  readonly datacenterName: string;
  /** Datacenter MOID. */
  readonly datacenterId: string;
  /** Compute cluster name (for inventory paths). */
  readonly clusterName: string;
  /** MOID of the cluster's root resource pool. */
  readonly clusterResourcePoolId: string;
  /**
   * Name of the vSAN datastore TKG places nodes on. vSAN names its datastore
   * `vsanDatastore`; the site's naming convention wants `<site>-vsan`, so the datastore
   * is renamed once after bootstrap and looked up here by the new name: until it is
   * renamed, the plan stops at this lookup, naming the datastore it expects.
   */
  readonly datastoreName: string;
  /** Storage policy (by name) for node VMs; must exist in vCenter. */
  readonly storagePolicy: string;
  /** VM folder relative to the datacenter's VM folder, created here. @default - the root VM folder */
  readonly folder?: string;
  /** Resource pool created under the cluster's root pool. @default - the root pool */
  readonly resourcePool?: string;
}

/**
 * Where the TKG workload cluster's nodes go: datastore, storage policy, VM folder and
 * resource pool, as ids for vSphere resources and as the inventory paths the TKG
 * ClusterClass `vcenter` variable wants. A folder or pool the site asks for is
 * created; the roots are looked up, so the plan checks the exact paths TKG receives.
 */
export class TkgPlacement extends Construct {
  readonly datastore: DataVsphereDatastore;
  readonly storagePolicy: DataVsphereStoragePolicy;
  /** Folder id and TKG path, e.g. `/edge33-dc/vm`. */
  readonly folderId: string;
  readonly folderPath: string;
  /** Resource pool id and TKG path, e.g. `/edge33-dc/host/edge33-Cloud/Resources`. */
  readonly resourcePoolId: string;
  readonly resourcePoolPath: string;
  /** `/edge33-dc/datastore/edge33-vsan` */
  readonly datastorePath: string;

  constructor(scope: Construct, id: string, props: TkgPlacementProps) {
    super(scope, id);
    const violations: PropViolation[] = [];
    if (props.folder !== undefined && !/^[^/\\%\s][^\\%]*$/.test(props.folder)) {
      violations.push({ field: 'folder', message: `'${props.folder}' is not allowed; allowed: a folder path relative to the datacenter's VM folder, such as tkg` });
    }
    if (props.resourcePool !== undefined && /[/\\%]/.test(props.resourcePool)) {
      violations.push({ field: 'resourcePool', message: `'${props.resourcePool}' is not allowed; allowed: a resource pool name without / \\ %` });
    }
    assertProps(this, 'TkgPlacement', violations);
    // No depends_on on the lookups: Terraform defers a data source with depends_on to
    // apply whenever the resource it waits for has a pending change, and a deferred
    // datastore id makes the content library's ForceNew storage_backing unknown (a
    // planned replacement). The lookups run after bootstrap built the cluster anyway.
    const dc = `/${props.datacenterName}`;

    this.datastore = new DataVsphereDatastore(this, 'datastore', { name: props.datastoreName, datacenterId: props.datacenterId });
    this.datastorePath = `${dc}/datastore/${props.datastoreName}`;
    this.storagePolicy = new DataVsphereStoragePolicy(this, 'storage-policy', { name: props.storagePolicy });

    const rootFolder = `${dc}/vm`;
    if (props.folder !== undefined) {
      const folder = new Folder(this, 'folder', { path: props.folder, type: 'vm', datacenterId: props.datacenterId });
      this.folderId = folder.id;
      this.folderPath = `${rootFolder}/${props.folder}`;
    } else {
      this.folderId = new DataVsphereFolder(this, 'root-folder', { path: rootFolder }).id;
      this.folderPath = rootFolder;
    }

    const rootPool = `${dc}/host/${props.clusterName}/Resources`;
    if (props.resourcePool !== undefined) {
      const pool = new ResourcePool(this, 'resource-pool', { name: props.resourcePool, parentResourcePoolId: props.clusterResourcePoolId });
      this.resourcePoolId = pool.id;
      this.resourcePoolPath = `${rootPool}/${props.resourcePool}`;
    } else {
      this.resourcePoolId = new DataVsphereResourcePool(this, 'root-pool', { name: rootPool, datacenterId: props.datacenterId }).id;
      this.resourcePoolPath = rootPool;
    }
  }
}
