/**
 * The Terraform provider releases the project builds from source, and those it cannot.
 *
 * Each buildable release has a wrapper Go module in `tools/providers/<name>/` whose
 * go.mod requires the provider's module at the release commit (as a pseudo-version
 * where the release tag is not a valid Go version for the module path, which is the
 * case for every provider at major version 2 or later without a `/vN` module path).
 * The wrapper adds no requirement of its own, so the build uses exactly the
 * dependency versions of the release; go.sum pins every one of them.
 *
 * A release the Go module proxy refuses is listed in `UNAVAILABLE_PROVIDERS` with the
 * exact module versions that were asked for, so `npm run providers` and
 * `npm run validate` can say precisely what is not checked and why.
 */
import { PROVIDER_REQUIREMENTS } from '../../stacks/fleet-stack-base';

export interface ProviderRelease {
  /** Registry source address, as the stacks declare it (`hashicorp/random`). */
  readonly source: string;
  /** The release version; it must satisfy the stacks' constraint for this provider. */
  readonly version: string;
  /** Release tag in the provider's repository. */
  readonly tag: string;
  /** The commit the tag points at; the wrapper's go.mod requires exactly this commit. */
  readonly commit: string;
  /** Go module path of the provider (from its go.mod, which may differ from the repository). */
  readonly module: string;
}

export interface UnavailableProvider {
  readonly source: string;
  /** The releases the stacks would need (any one of them). */
  readonly wanted: string;
  readonly module: string;
  /** Module versions asked of the Go module proxy, each refused. */
  readonly refused: readonly string[];
  readonly reason: string;
}

/** Wrapper module folder name → release. */
export const PROVIDER_RELEASES: Readonly<Record<string, ProviderRelease>> = Object.freeze({
  random: {
    source: 'hashicorp/random',
    version: '3.7.2',
    tag: 'v3.7.2',
    commit: 'bc2ddb552b4676d16997987a9bf2875c7b98d342',
    // The provider's go.mod still names the repository's old home.
    module: 'github.com/terraform-providers/terraform-provider-random',
  },
  tls: {
    source: 'hashicorp/tls',
    version: '4.1.0',
    tag: 'v4.1.0',
    commit: 'eefba144662d715aa78a1ec051d88037b141826c',
    module: 'github.com/hashicorp/terraform-provider-tls',
  },
  tfe: {
    source: 'hashicorp/tfe',
    // 0.71.0 (the prebuilt binding's release) is refused by the module proxy; 0.79.0 is
    // the newest release it serves and satisfies the stacks' `~> 0.71`.
    version: '0.79.0',
    tag: 'v0.79.0',
    commit: 'bad3eb2cccaaab50e83ba9e9a029ed4e9cf29e4f',
    module: 'github.com/hashicorp/terraform-provider-tfe',
  },
});

const REFUSED_REASON =
  'the Go module proxy refuses these module versions (403 "This module version is not available"); a refusal is final here, so the provider cannot be built on this machine or in CI';

/** Providers the stacks declare that cannot be built here, with what was asked. */
export const UNAVAILABLE_PROVIDERS: Readonly<Record<string, UnavailableProvider>> = Object.freeze({
  vsphere: {
    source: 'vmware/vsphere',
    wanted: '2.15.x',
    module: 'github.com/vmware/terraform-provider-vsphere',
    refused: [
      'v1.26.1-0.20250822141257-0aab07b95f22 (v2.15.0)',
      'v1.26.1-0.20260319130334-b2eabd5702e1 (v2.15.1)',
      'v1.26.1-0.20260326154711-a750256f7c73 (v2.15.2)',
      'v1.26.1-0.20260512111840-017af6f18918 (v2.16.0)',
      'v1.26.1-0.20260610071342-6e5d67ea56c6 (v2.16.1)',
    ],
    reason: `${REFUSED_REASON}; the proxy lists no version of the module at all`,
  },
  kubernetes: {
    source: 'hashicorp/kubernetes',
    wanted: '2.38.0',
    module: 'github.com/hashicorp/terraform-provider-kubernetes',
    refused: ['v1.13.4-0.20250721172020-be88f4427105 (v2.38.0)', 'v1.13.4-0.20250521201647-96684d862766 (v2.37.1)'],
    reason: `${REFUSED_REASON}; it serves only an untagged commit after v3.2.1, outside the stacks' \`~> 2.38\``,
  },
  helm: {
    source: 'hashicorp/helm',
    wanted: '3.1.x',
    module: 'github.com/hashicorp/terraform-provider-helm',
    refused: [
      'v1.3.3-0.20251027184739-e199e5973d1b (v3.1.0)',
      'v1.3.3-0.20251117192655-1cbf08f6a306 (v3.1.1)',
      'v1.3.3-0.20260521172202-ecffae07748e (v3.1.2)',
    ],
    reason: `${REFUSED_REASON}; it serves only an untagged commit after v3.2.0, which is no release`,
  },
  harbor: {
    source: 'goharbor/harbor',
    wanted: '3.12.x',
    module: 'github.com/goharbor/terraform-provider-harbor',
    refused: [
      'v1.4.1-0.20260604145918-9f4d1adf788b (v3.12.0)',
      'v1.4.1-0.20260706120801-3b4527340103 (v3.12.1)',
      'v1.4.1-0.20260721121814-9a117bb422b8 (v3.12.3)',
      'v1.4.1-0.20260811070256-a5e8f4b1b74e (v3.12.4)',
    ],
    reason: `${REFUSED_REASON}; the proxy lists no version of the module at all`,
  },
});

/** The declared constraint of a provider, by its local name in the stacks. */
export function declaredConstraint(name: string): string {
  const requirement = PROVIDER_REQUIREMENTS[name];
  if (!requirement) throw new Error(`no stack declares provider '${name}'; declared: ${Object.keys(PROVIDER_REQUIREMENTS).join(', ')}`);
  return requirement.version;
}

/**
 * Whether `version` meets a Terraform version constraint of the forms the stacks use:
 * `~> X.Y` (>= X.Y, < X+1), `~> X.Y.Z` (>= X.Y.Z, < X.Y+1), `= X.Y.Z` or `X.Y.Z`.
 */
export function satisfies(version: string, constraint: string): boolean {
  const parse = (v: string) => v.trim().split('.').map((n) => Number.parseInt(n, 10));
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = parse(version);
  const pessimistic = /^~>\s*(\d+(?:\.\d+){1,2})$/.exec(constraint.trim());
  if (pessimistic) {
    const low = parse(pessimistic[1]);
    const high = low.slice(0, -1);
    high[high.length - 1] += 1;
    return cmp(v, low) >= 0 && cmp(v, high) < 0;
  }
  const exact = /^=?\s*(\d+\.\d+\.\d+)$/.exec(constraint.trim());
  if (exact) return cmp(v, parse(exact[1])) === 0;
  throw new Error(`version constraint '${constraint}' is not understood; allowed: ~> X.Y, ~> X.Y.Z, = X.Y.Z`);
}
