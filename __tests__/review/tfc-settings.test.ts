/**
 * `npm run --silent tfc-settings`: the catalog's Terraform Cloud settings as GitHub
 * step outputs for the speculative plans of the pull-request workflow.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseCatalog } from '../../constructs/catalog/load';
import { Fleet } from '../../constructs/catalog/model';
import { outputLines, runTfcSettings, tfcSettings } from '../../tools/ci/tfc-settings';
import { EditableCatalog, FIXTURES, ROOT, SAMPLE_DIR, editableSample, sampleFleet, setPath, terraformCloudSettings, toSources, writeCatalog } from '../support/catalog';

function catalogWith(edit: (c: EditableCatalog) => void): EditableCatalog {
  const c = editableSample();
  edit(c);
  return c;
}

const withCloud = (edit: (c: EditableCatalog) => void = () => undefined): EditableCatalog =>
  catalogWith((c) => {
    setPath(c.fleet, 'terraformCloud', terraformCloudSettings());
    edit(c);
  });

const fleetOf = (c: EditableCatalog): Fleet => parseCatalog(toSources(c));

function run(env: Record<string, string | undefined>) {
  const r = spawnSync('node', ['tools/run.js', 'tools/ci/tfc-settings.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SITE_CATALOG: SAMPLE_DIR, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tfcSettings', () => {
  test('the default catalog has no terraformCloud: disabled, every value empty', () => {
    const fleet = sampleFleet();
    expect(fleet.terraformCloud).toBeUndefined();
    expect(tfcSettings(fleet)).toEqual({ enabled: false, hostname: '', organization: '', workspacePrefix: '', terraformVersion: '', cliVersion: '1.11.4' });
    expect(outputLines(tfcSettings(fleet))).toBe('enabled=false\nhostname=\norganization=\nworkspace_prefix=\nterraform_version=\ncli_version=1.11.4\n');
  });

  test('with terraformCloud: its organization, prefix and version, and the default host', () => {
    const settings = tfcSettings(fleetOf(withCloud()));
    expect(settings).toEqual({ enabled: true, hostname: 'app.terraform.io', organization: 'tanzu-edge', workspacePrefix: 'edge-fleet-', terraformVersion: '1.11.4', cliVersion: '1.11.4' });
    expect(outputLines(settings)).toBe('enabled=true\nhostname=app.terraform.io\norganization=tanzu-edge\nworkspace_prefix=edge-fleet-\nterraform_version=1.11.4\ncli_version=1.11.4\n');
  });

  test('a Terraform Enterprise host, another version, no prefix', () => {
    const fleet = fleetOf(
      withCloud((c) => {
        setPath(c.fleet, 'terraformCloud.hostname', 'tfe.corp.example');
        setPath(c.fleet, 'terraformCloud.terraformVersion', '1.9.8');
        setPath(c.fleet, 'terraformCloud.workspacePrefix', undefined);
      }),
    );
    expect(tfcSettings(fleet)).toEqual({ enabled: true, hostname: 'tfe.corp.example', organization: 'tanzu-edge', workspacePrefix: '', terraformVersion: '1.9.8', cliVersion: '1.9.8' });
  });

  test('a value with a line break is refused (it would add a step output)', () => {
    expect(() => outputLines({ enabled: true, hostname: 'a\nenabled=false', organization: 'o', workspacePrefix: '', terraformVersion: '1.11.4', cliVersion: '1.11.4' })).toThrow(
      'hostname: a line break in "a\\nenabled=false"',
    );
  });
});

describe('runTfcSettings (in-process)', () => {
  test('reads the folder relative to cwd', () => {
    expect(runTfcSettings('sites', FIXTURES)).toEqual({ code: 0, stdout: outputLines(tfcSettings(sampleFleet())), stderr: '' });
  });

  test('a catalog with problems: every problem, exit 1, nothing on stdout', () => {
    const dir = writeCatalog(toSources(withCloud((c) => setPath(c.fleet, 'terraformCloud.terraformVersion', 'latest'))));
    const r = runTfcSettings(dir, ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^.*fleet\.yaml: terraformCloud\.terraformVersion: .*an exact Terraform version such as 1\.11\.4.*\n/);
    expect(r.stderr.endsWith(`tfc-settings: the site catalog in ${dir} has 1 problem\n`)).toBe(true);
  });

  test('a missing folder', () => {
    expect(runTfcSettings('no-such-catalog', ROOT)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'no-such-catalog: (document): the catalog folder does not exist; allowed: a folder holding fleet.yaml and one <site-id>.yaml per site\ntfc-settings: the site catalog in no-such-catalog has 1 problem\n',
    });
  });

  test('importing the module runs nothing', () => {
    expect(process.exitCode).toBeUndefined();
  });
});

describe('tfc-settings command (process)', () => {
  test('the npm script', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['tfc-settings']).toBe('node tools/run.js tools/ci/tfc-settings.ts');
  });

  test('the default catalog (sites): enabled=false', () => {
    expect(run({})).toEqual({ status: 0, stdout: 'enabled=false\nhostname=\norganization=\nworkspace_prefix=\nterraform_version=\ncli_version=1.11.4\n', stderr: '' });
  });

  test('SITE_CATALOG with terraformCloud', () => {
    const dir = writeCatalog(toSources(withCloud((c) => setPath(c.fleet, 'terraformCloud.hostname', 'tfe.corp.example'))));
    expect(run({ SITE_CATALOG: dir })).toEqual({
      status: 0,
      stdout: 'enabled=true\nhostname=tfe.corp.example\norganization=tanzu-edge\nworkspace_prefix=edge-fleet-\nterraform_version=1.11.4\ncli_version=1.11.4\n',
      stderr: '',
    });
  });

  test('an invalid catalog: problems on stderr, exit 1', () => {
    const dir = writeCatalog(toSources(withCloud((c) => setPath(c.fleet, 'terraformCloud.organization', undefined))));
    const r = run({ SITE_CATALOG: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/fleet\.yaml: terraformCloud\.organization: /);
    expect(r.stderr.endsWith(`tfc-settings: the site catalog in ${dir} has 1 problem\n`)).toBe(true);
  });
});
