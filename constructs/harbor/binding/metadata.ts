/**
 * Shared constants and small helpers for the hand-written `goharbor/harbor` binding.
 *
 * There is no prebuilt `@cdktf/provider-harbor` and `cdktf get` cannot run here, so the
 * classes in this folder are written by hand, following the layout of the prebuilt
 * bindings (`@cdktf/provider-*`): one class per file, deep-imported by callers.
 *
 * Schema sources (goharbor/terraform-provider-harbor, tag v3.12.4):
 * - provider, harbor_registry, harbor_replication, harbor_project: the project's
 *   Harbor provider reference (docs/index.md, docs/resources/{registry,replication,project}.md,
 *   provider/provider.go, provider/resource_{registry,replication,project}.go, client/*.go).
 * - harbor_robot_account: see robot-account.ts for the files it was taken from.
 */
import { TerraformProviderGeneratorMetadata, Token } from 'cdktf';

/** Local provider name (the key in `required_providers` and the resource type prefix). */
export const HARBOR_PROVIDER_NAME = 'harbor';

/** Registry source address of the provider. */
export const HARBOR_PROVIDER_SOURCE = 'goharbor/harbor';

/** Provider version whose schema this binding was written from. */
export const HARBOR_PROVIDER_VERSION = '3.12.4';

/** Version constraint written to `required_providers`. */
export const HARBOR_PROVIDER_VERSION_CONSTRAINT = '~> 3.12';

/** Generator metadata passed to every provider and resource construct of this binding. */
export const HARBOR_GENERATOR_METADATA: TerraformProviderGeneratorMetadata = {
  providerName: HARBOR_PROVIDER_NAME,
  providerVersion: HARBOR_PROVIDER_VERSION,
  providerVersionConstraint: HARBOR_PROVIDER_VERSION_CONSTRAINT,
};

/** True when the value is (or contains) an unresolved cdktf token; such values are not validated. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Renders an allowed-values list as `a, b, c`. */
export function listAllowed(values: readonly (string | number)[]): string {
  return values.map((v) => String(v)).join(', ');
}

/**
 * Builds the binding's validation message:
 * `<type> '<id>': <field> '<value>' is not allowed; allowed: <allowed>`.
 */
export function notAllowedMessage(
  resourceType: string,
  id: string,
  field: string,
  value: unknown,
  allowed: string,
): string {
  return `${resourceType} '${id}': ${field} '${String(value)}' is not allowed; allowed: ${allowed}`;
}

/** Throws the `notAllowedMessage` unless the value is a token or one of `allowed`. */
export function checkOneOf<T extends string | number>(
  resourceType: string,
  id: string,
  field: string,
  value: T | undefined,
  allowed: readonly T[],
): void {
  if (value === undefined || isToken(value)) {
    return;
  }
  if (!allowed.includes(value)) {
    throw new Error(notAllowedMessage(resourceType, id, field, value, listAllowed(allowed)));
  }
}
