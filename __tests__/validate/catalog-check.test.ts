/**
 * `npm run validate` is the check of a team's own catalog (SITE_CATALOG, default the
 * product's sites/): catalog validation, policy, synthesis with a local backend and with
 * Terraform Cloud, and terraform validate of every stack. It passes for any valid
 * catalog and fails, saying why, for an invalid one. Run here on the tests' own catalogs.
 */
import * as fs from 'fs';
import { spawnSync } from 'child_process';
import { CLI_CONFIG } from '../../tools/providers/mirror';
import { ROOT, cloneSite, editableSample, setPath, toSources, writeCatalog } from '../support/catalog';
import { HAVE_TERRAFORM, haveBuiltProviders, testWhen } from '../support/tools';

const ready = HAVE_TERRAFORM && haveBuiltProviders() && fs.existsSync(CLI_CONFIG);
const withProviders = testWhen(ready, 'catalog-check.test: terraform or the providers of `npm run providers` are missing; npm run validate cannot run');

function validate(catalog: string) {
  const r = spawnSync('node', ['tools/run.js', 'tools/validate/validate.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SITE_CATALOG: catalog } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run validate on a catalog', () => {
  withProviders('a valid catalog with a site added: every stack of both variants valid, one line each', () => {
    const c = editableSample();
    c.sites.edge61 = cloneSite(c.sites.edge60, 'edge61', 61);
    const run = validate(writeCatalog(toSources(c)));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.filter((l) => /^edge61 \((local|terraform-cloud)\): valid: /.test(l))).toHaveLength(2);
    expect(lines[lines.length - 1]).toMatch(/^13 of 13 stacks valid with terraform /);
  });

  withProviders('an invalid catalog: exit 1, every problem with file and field, nothing validated', () => {
    const c = editableSample();
    setPath(c.sites.edge33, 'networks.vsan.vlan', 5000);
    const run = validate(writeCatalog(toSources(c)));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('edge33.yaml: networks.vsan.vlan: 5000 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094');
    expect(run.stdout).not.toMatch(/stacks valid/);
  });

  withProviders('a policy violation: exit 1 with the policy message', () => {
    const c = editableSample();
    setPath(c.sites.edge41, 'esxi.lockdown', 'disabled');
    const run = validate(writeCatalog(toSources(c)));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('policy: edge41: edge41/hosts/preferred: esxi-lockdown: lockdown is "disabled"; allowed: normal or strict');
  });
});
