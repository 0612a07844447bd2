/**
 * Destroy protection, as a cdktf aspect: every stateful resource of a stack carries
 * `lifecycle.prevent_destroy`, so no catalog edit that keeps a host, a cluster, a
 * switch, a workload cluster or a Harbor in the configuration can destroy it (an edit
 * that drops one is covered by `removed` blocks: EdgeSiteStack.forgetInsteadOfDestroy).
 * Only a site marked for decommissioning synthesizes them with `prevent_destroy = false`.
 */
import { IAspect, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { isStateful } from './stateful';

/** The manifest of a `kubernetes_manifest` resource, as far as stateful-ness needs it. */
export type ManifestLike = { readonly manifestInput?: { readonly kind?: unknown; readonly metadata?: { readonly name?: unknown } } };

/** True for a resource whose destruction loses data or a running system (see stateful.ts). */
export function isStatefulResource(resource: TerraformResource): boolean {
  const manifest = (resource as unknown as ManifestLike).manifestInput;
  const kind = typeof manifest?.kind === 'string' ? manifest.kind : undefined;
  const name = typeof manifest?.metadata?.name === 'string' ? manifest.metadata.name : undefined;
  return isStateful(resource.terraformResourceType, kind, name);
}

export class DestroyProtection implements IAspect {
  /** @param protect false only while the site is being decommissioned */
  constructor(readonly protect: boolean) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || !isStatefulResource(node)) return;
    node.lifecycle = { ...node.lifecycle, preventDestroy: this.protect };
  }
}
