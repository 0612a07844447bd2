import { ContentLibrary } from '@cdktf/provider-vsphere/lib/content-library';
import { ContentLibraryItem } from '@cdktf/provider-vsphere/lib/content-library-item';
import { Construct } from 'constructs';
import { PropViolation, assertProps } from '../props-error';

export interface PublishedContentLibraryProps {
  /** Library name; subscribers find it by this name. */
  readonly name: string;
  /** Datastore ids that back the library. */
  readonly datastoreIds: readonly string[];
  /** Items (OVA/OVF) vCenter downloads into the library. @default [] */
  readonly items?: ReadonlyArray<{ readonly name: string; readonly url: string }>;
  /** @default "TKG node templates for the edge fleet" */
  readonly description?: string;
}

/**
 * The hub's published content library: the TKG node templates every site
 * subscribes to. Published without authentication: it holds public node images and
 * vCenter serves it only over https.
 */
export class PublishedContentLibrary extends Construct {
  readonly library: ContentLibrary;

  constructor(scope: Construct, id: string, props: PublishedContentLibraryProps) {
    super(scope, id);
    const items = props.items ?? [];
    const violations: PropViolation[] = [];
    if (props.datastoreIds.length === 0) violations.push({ field: 'datastoreIds', message: 'an empty list is not allowed; allowed: at least one datastore id' });
    const names = new Set<string>();
    items.forEach((item, i) => {
      if (names.has(item.name)) violations.push({ field: `items[${i}].name`, message: `'${item.name}' appears twice; allowed: unique item names` });
      names.add(item.name);
      if (!/^https:\/\//.test(item.url)) violations.push({ field: `items[${i}].url`, message: `'${item.url}' is not allowed; allowed: an https:// URL` });
    });
    assertProps(this, 'PublishedContentLibrary', violations);

    this.library = new ContentLibrary(this, 'library', {
      name: props.name,
      description: props.description ?? 'TKG node templates for the edge fleet',
      storageBacking: [...props.datastoreIds],
      publication: { published: true, authenticationMethod: 'NONE' },
    });
    items.forEach(
      (item) =>
        new ContentLibraryItem(this, `item-${item.name}`, {
          name: item.name,
          libraryId: this.library.id,
          fileUrl: item.url,
          type: 'ovf',
        }),
    );
  }
}

export interface SubscribedContentLibraryProps {
  /** Library name (unique in vCenter). */
  readonly name: string;
  /** Datastore ids that back the library: the site's vSAN datastore. */
  readonly datastoreIds: readonly string[];
  /** Publish URL of the library to follow (`https://<vcenter>/cls/vcsp/lib/<id>/lib.json`). */
  readonly subscriptionUrl: string;
  /** Download item contents only when first used, keeping the site's vSAN small. @default true */
  readonly onDemand?: boolean;
}

/**
 * An edge site's library subscribed to the hub's published one, backed by the site's
 * vSAN datastore: templates are local to the site once used.
 */
export class SubscribedContentLibrary extends Construct {
  readonly library: ContentLibrary;

  constructor(scope: Construct, id: string, props: SubscribedContentLibraryProps) {
    super(scope, id);
    assertProps(
      this,
      'SubscribedContentLibrary',
      props.datastoreIds.length === 0 ? [{ field: 'datastoreIds', message: 'an empty list is not allowed; allowed: at least one datastore id' }] : [],
    );
    this.library = new ContentLibrary(this, 'library', {
      name: props.name,
      description: 'Subscribed to the hub TKG node templates',
      storageBacking: [...props.datastoreIds],
      subscription: {
        subscriptionUrl: props.subscriptionUrl,
        authenticationMethod: 'NONE',
        automaticSync: true,
        onDemand: props.onDemand ?? true,
      },
    });
  }
}

/** Publish URL of a library published by a vCenter, from the library's id. */
export function publishUrl(vcenter: string, libraryId: string): string {
  return `https://${vcenter}/cls/vcsp/lib/${libraryId}/lib.json`;
}
