/**
 * Stack synthesis with one token-resolution pass instead of cdktf's three.
 *
 * cdktf 0.21 resolves every element of a stack three times on `synth`: once in
 * `prepareStack` (a "preparing" pass whose only job is to discover cross-stack
 * references), once per element in `toTerraform`, and once more over the merged
 * document. Resolution is the largest cost of a fleet synth (profiled on 1000 sites:
 * 5.5 s, 5.0 s and 2.3 s of 25 s). The three passes give the same result here, so this
 * does the element pass once, as the preparing pass, and skips the other two; the
 * result is byte-identical (a test compares it with cdktf's own path).
 *
 * The stacks of this product never reference each other (each plans alone). A
 * preparing pass would turn such a reference into a remote-state lookup and record a
 * stack dependency; here that dependency appearing is an error instead, so a
 * cross-stack reference cannot slip through.
 *
 * This mirrors `TerraformStack.toTerraform` of cdktf 0.21.0 (the final release, pinned
 * in package.json), reading two of its private fields.
 */
import { TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
// Internal modules of the pinned cdktf: the same functions TerraformStack uses.
import { resolve } from 'cdktf/lib/_tokens';
import { deepMerge } from 'cdktf/lib/util';
import { IConstruct } from 'constructs';

type StackInternals = { readonly rawOverrides: Record<string, unknown>; readonly cdktfVersion: string };
type Json = Record<string, unknown>;

/** The stack's elements in construct order, not descending into nested stacks (as cdktf). */
function elementsOf(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/** Thrown when a stack references another stack. */
export class CrossStackReferenceError extends Error {}

/** The stack's Terraform JSON document, as `TerraformStack.toTerraform` returns it. */
export function singlePassTerraform(stack: TerraformStack): Json {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const metadata: Json = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: 'local', // overwritten by the backend's metadata
    // (cdktf also sets `cloud: undefined` here, which its final resolve drops)
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const elements = elementsOf(stack);
  for (const element of elements) deepMerge(metadata, resolve(stack, element.toMetadata()));

  const outputs: Json = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    const nested = element.node.path
      .split('/')
      .reduceRight<Json>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {});
    deepMerge(outputs, nested);
  }

  const tf: Json = { '//': { metadata, outputs } };
  const dependencies = stack.dependencies.length;
  for (const element of elements) deepMerge(tf, resolve(stack, element.toTerraform(), true));
  if (stack.dependencies.length > dependencies) {
    const others = stack.dependencies.slice(dependencies).map((s) => s.node.id);
    throw new CrossStackReferenceError(
      `stack '${stack.node.id}' references stack${others.length > 1 ? 's' : ''} ${others.map((id) => `'${id}'`).join(', ')}; stacks of the fleet must plan alone: look the object up by name instead`,
    );
  }
  deepMerge(tf, resolve(stack, rawOverrides));
  return tf;
}
