/**
 * `terraform validate` with the providers built from source (`npm run providers`):
 * a synthesized site stack passes, the same stack with an attribute the provider does
 * not know fails with Terraform's own message, and a reference to an object cut out
 * for an unavailable provider still validates. Without the mirror or terraform these
 * tests say so and skip; under CI=true they fail.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI_CONFIG, mirrorEnv, mirroredProviders, platform } from '../../tools/providers/mirror';
import { TerraformConfig } from '../../tools/validate/partial';
import { validateStack } from '../../tools/validate/terraform-validate';
import { sampleFleet } from '../support/catalog';
import { buildStacks, stackJson } from '../support/synth';
import { HAVE_TERRAFORM, haveBuiltProviders, testWhen } from '../support/tools';

const ready = HAVE_TERRAFORM && haveBuiltProviders() && fs.existsSync(CLI_CONFIG);
const withProviders = testWhen(ready, 'real-providers.test: terraform or the providers of `npm run providers` are missing; real-provider validation cannot run');

describe('terraform validate with the locally built providers', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'real-providers-'));
  const env = mirrorEnv(work);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const edge33 = () => stackJson(buildStacks(sampleFleet(), ['edge33']).sites[0]) as unknown as TerraformConfig;
  const run = (name: string, config: TerraformConfig) => validateStack('edge33', name, config, path.join(work, name), 'terraform', env, new Set(mirroredProviders(platform()).keys()));

  withProviders('a site stack: what the built providers check is valid, the rest counted as not checked', () => {
    const result = run('as-synthesized', edge33());
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.line).toMatch(/^edge33 \(as-synthesized\): valid: \d+ of \d+ resources and data sources \(random, tls\); not checked: .*vsphere \d+.*\(provider unavailable\)$/);
  });

  withProviders('an attribute the provider does not have fails with the provider schema’s message', () => {
    const config = edge33();
    const passwords = (config.resource as Record<string, Record<string, Record<string, unknown>>>).random_password;
    const [name] = Object.keys(passwords);
    passwords[name].length = 'many';
    passwords[name].colour = 'blue';
    const result = run('broken', config);
    expect(result.ok).toBe(false);
    expect(result.line).toMatch(/^edge33 \(broken\): 2 error\(s\)/);
    expect(result.diagnostics.join('\n')).toMatch(/No argument or block type is named "colour"/);
    expect(result.diagnostics.join('\n')).toMatch(/a number is required/);
  });

  withProviders('a provider that should have been built but is not in the mirror is an error, not a cut', () => {
    const result = validateStack('edge33', 'no-mirror', edge33(), path.join(work, 'no-mirror'), 'terraform', env, new Set(['hashicorp/tls']));
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual(['provider hashicorp/random is not in the mirror; run `npm run providers` first']);
  });
});
