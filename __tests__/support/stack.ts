/**
 * A bare stack with the providers declared, for testing constructs on their own.
 */
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { TerraformJson } from './synth';

export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new VsphereProvider(stack, 'vsphere', { user: 'u', password: 'p', vsphereServer: 'vc.example.test' });
  new KubernetesProvider(stack, 'kubernetes', {});
  return stack;
}

/** Synthesizes with validations on. */
export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/** The only resource of a type (fails when there is not exactly one). */
export function only(json: TerraformJson, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, unknown> {
  const all = Object.values(json[kind]?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${kind} ${type}, found ${all.length}`);
  return all[0];
}

/** Every resource of a type, keyed by address name. */
export function all(json: TerraformJson, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, Record<string, unknown>> {
  return json[kind]?.[type] ?? {};
}
