/**
 * Secret hygiene: recognisable values for every credential variable and every
 * provider environment setting never reach any synthesized file of the whole default
 * catalog (with Terraform Cloud on, so the fleet stack is checked too).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CREDENTIALS, ENVIRONMENT_CREDENTIALS } from '../../stacks/credentials';
import { editableSample, setPath, terraformCloudSettings, toSources, writeCatalog } from '../support/catalog';
import { readTree, runApp } from '../support/synth';

const CANARY = (name: string) => `S3cr3t-${name.replace(/_/g, '-')}-7f1c9a`;

/**
 * Environment settings credentials come from: the product's own (ENVIRONMENT_CREDENTIALS),
 * and those the providers would read if a stack left a credential unset.
 */
const PROVIDER_ENV = [
  ...Object.keys(ENVIRONMENT_CREDENTIALS),
  'VSPHERE_PASSWORD',
  'VSPHERE_USER',
  'KUBE_TOKEN',
  'KUBE_CLIENT_KEY_DATA',
  'KUBE_PASSWORD',
  'HARBOR_PASSWORD',
  'HARBOR_BEARER_TOKEN',
];

test('no credential value appears in any output file', () => {
  const env: Record<string, string> = {};
  for (const name of Object.keys(CREDENTIALS)) env[`TF_VAR_${name}`] = CANARY(name);
  for (const name of PROVIDER_ENV) env[name] = CANARY(name);

  const c = editableSample();
  setPath(c.fleet, 'terraformCloud', terraformCloudSettings());
  const run = runApp({ ...env, SITE_CATALOG: writeCatalog(toSources(c)) });
  expect(run.status).toBe(0);
  const files = readTree(run.outdir);
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'stacks/hub/cdk.tf.json', 'stacks/edge33/cdk.tf.json', 'stacks/fleet/cdk.tf.json']));
  const leaks = Object.entries(files).flatMap(([file, text]) => Object.values(env).filter((value) => text.includes(value)).map((value) => `${file}: ${value}`));
  expect(leaks).toEqual([]);
  expect(run.stdout + run.stderr).not.toMatch(/S3cr3t-/);
});

test('every credential a stack uses is a sensitive variable without a default (CA certificates aside, which are public)', () => {
  const run = runApp({});
  for (const stack of fs.readdirSync(path.join(run.outdir, 'stacks'))) {
    const json = JSON.parse(fs.readFileSync(path.join(run.outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { variable?: Record<string, { sensitive?: boolean; default?: unknown }> };
    for (const [name, variable] of Object.entries(json.variable ?? {})) {
      const spec = CREDENTIALS[name as keyof typeof CREDENTIALS];
      expect([stack, name, spec !== undefined]).toEqual([stack, name, true]);
      expect([stack, name, variable.sensitive]).toEqual([stack, name, spec.sensitive]);
      expect(variable).not.toHaveProperty('default');
    }
  }
});
