/**
 * The provider releases the project builds are the ones the stacks declare, and each
 * wrapper Go module pins exactly its release's commit. Reads files only: no Go, no
 * network.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROVIDER_REQUIREMENTS } from '../../stacks/fleet-stack-base';
import { PROVIDER_RELEASES, UNAVAILABLE_PROVIDERS, declaredConstraint, satisfies } from '../../tools/providers/releases';
import { cliConfigText, mirrorBinary } from '../../tools/providers/mirror';
import { ROOT } from '../support/catalog';

const wrapper = (name: string, file: string) => fs.readFileSync(path.join(ROOT, 'tools', 'providers', name, file), 'utf8');

describe('provider releases', () => {
  test('every provider a stack declares is either built from source or listed as unavailable with what was asked', () => {
    const declared = Object.values(PROVIDER_REQUIREMENTS).map((r) => r.source).sort();
    const covered = [...Object.values(PROVIDER_RELEASES), ...Object.values(UNAVAILABLE_PROVIDERS)].map((r) => r.source).sort();
    expect(covered).toEqual(declared);
    for (const unavailable of Object.values(UNAVAILABLE_PROVIDERS)) {
      expect(unavailable.refused.length).toBeGreaterThan(0);
      for (const asked of unavailable.refused) expect(asked).toMatch(/^v\d+\.\d+\.\d+(-0\.\d{14}-[0-9a-f]{12})? \(v\d+\.\d+\.\d+\)$/);
    }
  });

  test.each(Object.entries(PROVIDER_RELEASES))('%s: the release satisfies the constraint the stacks declare', (name, release) => {
    expect(satisfies(release.version, declaredConstraint(name))).toBe(true);
    expect(release.tag).toBe(`v${release.version}`);
  });

  test.each(Object.entries(PROVIDER_RELEASES))('%s: the wrapper module requires the release commit and nothing else', (name, release) => {
    const gomod = wrapper(name, 'go.mod');
    expect(gomod).toMatch(new RegExp(`^module tanzu-edge-fleet/tools/providers/${name}$`, 'm'));
    expect(gomod).not.toMatch(/^replace\b/m);
    const required = [...gomod.matchAll(/^(?:require\s+|\t)(\S+) (v\S+)(?: \/\/ indirect)?$/gm)].filter((m) => !m[0].includes('// indirect'));
    expect(required.map((m) => m[1])).toEqual([release.module]);
    const version = required[0][2];
    // A tag that is a valid Go version for the module path is used as is; otherwise the
    // pseudo-version must name the release commit.
    if (version !== release.tag) expect(version).toMatch(new RegExp(`-0\\.\\d{14}-${release.commit.slice(0, 12)}$`));
    expect(wrapper(name, 'go.sum')).toContain(`${release.module} ${version} h1:`);
    expect(wrapper(name, 'tools.go')).toContain(`import _ "${release.module}"`);
  });

  test('the mirror layout and the CLI configuration Terraform reads', () => {
    expect(mirrorBinary('hashicorp/random', '3.7.2', 'linux_amd64')).toBe(
      path.join(ROOT, '.providers', 'mirror', 'registry.terraform.io', 'hashicorp', 'random', '3.7.2', 'linux_amd64', 'terraform-provider-random_v3.7.2'),
    );
    const config = cliConfigText('/x/mirror');
    expect(config).toContain('filesystem_mirror {\n    path    = "/x/mirror"');
    // The mirror only: no direct or network_mirror block, so nothing is fetched from a registry.
    expect(config).not.toMatch(/direct|network_mirror/);
  });

  test('version constraints as Terraform reads them', () => {
    expect([satisfies('2.15.2', '~> 2.15'), satisfies('2.16.0', '~> 2.15'), satisfies('3.0.0', '~> 2.15')]).toEqual([true, true, false]);
    expect([satisfies('0.79.0', '~> 0.71'), satisfies('1.0.0', '~> 0.71'), satisfies('0.70.9', '~> 0.71')]).toEqual([true, false, false]);
    expect([satisfies('4.1.3', '~> 4.1.0'), satisfies('4.2.0', '~> 4.1.0'), satisfies('4.1.0', '= 4.1.0')]).toEqual([true, false, true]);
    expect(() => satisfies('1.0.0', '>= 1.0')).toThrow("version constraint '>= 1.0' is not understood; allowed: ~> X.Y, ~> X.Y.Z, = X.Y.Z");
  });
});
