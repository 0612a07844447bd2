/**
 * Terraform Cloud: with `terraformCloud` in fleet.yaml every stack has a `cloud` block
 * naming its own workspace, and the fleet stack declares those workspaces.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseCatalog } from '../../constructs/catalog/load';
import { Fleet } from '../../constructs/catalog/model';
import { StackWorkspace } from '../../constructs/tfc/stack-workspace';
import { EditableCatalog, cloneSite, editableSample, problemsAfter, setPath, terraformCloudSettings, toSources } from '../support/catalog';
import { all, only } from '../support/stack';
import { buildStacks, stackJson } from '../support/synth';
import { HAVE_TERRAFORM, testWhen } from '../support/tools';
import { TerraformStack, Testing } from 'cdktf';

function withCloud(edit: (c: EditableCatalog) => void = () => undefined): Fleet {
  const c = editableSample();
  setPath(c.fleet, 'terraformCloud', terraformCloudSettings());
  setPath(c.sites.edge33, 'region', 'emea');
  edit(c);
  return parseCatalog(toSources(c));
}

describe('backends', () => {
  test('with terraformCloud every stack has a cloud block naming its own workspace', () => {
    const stacks = buildStacks(withCloud());
    const all = [stacks.hub, ...stacks.sites, ...(stacks.workspaces ? [stacks.workspaces] : [])];
    expect(all.map((s) => s.node.id)).toEqual(['hub', 'edge33', 'edge41', 'edge52', 'edge60', 'fleet']);
    for (const stack of all) {
      const terraform = stackJson(stack).terraform;
      expect(terraform.backend).toBeUndefined();
      expect(terraform.cloud).toEqual({ hostname: 'app.terraform.io', organization: 'tanzu-edge', workspaces: { name: `edge-fleet-${stack.node.id}`, project: 'edge-fleet' } });
    }
  });

  test('a Terraform Enterprise host name reaches every cloud block', () => {
    const stacks = buildStacks(withCloud((c) => setPath(c.fleet, 'terraformCloud.hostname', 'tfe.corp.example')));
    expect(stackJson(stacks.sites[0]).terraform.cloud).toMatchObject({ hostname: 'tfe.corp.example' });
  });

  test('without it every stack keeps local state and there is no fleet stack', () => {
    const stacks = buildStacks(withCloud((c) => setPath(c.fleet, 'terraformCloud', undefined)));
    expect(stacks.workspaces).toBeUndefined();
    expect(stackJson(stacks.sites[0]).terraform.backend).toEqual({ local: { path: '../../../terraform.edge33.tfstate' } });
  });
});

describe('the fleet stack', () => {
  const stacks = buildStacks(withCloud());
  const fleet = stackJson(stacks.workspaces as TerraformStack);

  test('one workspace per site and one for the hub, in the project, pinned and protected', () => {
    const workspaces = Object.values(all(fleet, 'tfe_workspace'));
    expect(workspaces.map((w) => w.name).sort()).toEqual(['edge-fleet-edge33', 'edge-fleet-edge41', 'edge-fleet-edge52', 'edge-fleet-edge60', 'edge-fleet-hub']);
    for (const w of workspaces) {
      expect(w).toMatchObject({
        organization: 'tanzu-edge',
        project_id: '${data.tfe_project.project.id}',
        terraform_version: '1.11.4',
        force_delete: false,
        lifecycle: { prevent_destroy: true },
      });
    }
    expect(only(fleet, 'tfe_project', 'data')).toEqual(expect.objectContaining({ name: 'edge-fleet', organization: 'tanzu-edge' }));
  });

  test('tagged with kind, ring and region', () => {
    const byName = Object.fromEntries(Object.values(all(fleet, 'tfe_workspace')).map((w) => [w.name, w.tags]));
    expect(byName['edge-fleet-edge33']).toEqual({ kind: 'site', ring: 'canary', region: 'emea' });
    expect(byName['edge-fleet-edge41']).toEqual({ kind: 'site', ring: 'production' });
    expect(byName['edge-fleet-hub']).toEqual({ kind: 'hub' });
  });

  test('runs on the hub agent pool', () => {
    const settings = Object.values(all(fleet, 'tfe_workspace_settings'));
    expect(settings).toHaveLength(5);
    for (const s of settings) expect(s).toMatchObject({ execution_mode: 'agent', agent_pool_id: '${data.tfe_agent_pool.agent-pool.id}' });
    expect(only(fleet, 'tfe_agent_pool', 'data')).toEqual(expect.objectContaining({ name: 'hub-agents' }));
  });

  test('attaches the credential variable sets by name, never their values', () => {
    const sets = Object.values(all(fleet, 'tfe_variable_set', 'data')).map((v) => v.name).sort();
    expect(sets).toEqual(['edge-pki', 'kubernetes-credentials', 'vsphere-credentials']);
    const attachments = all(fleet, 'tfe_workspace_variable_set');
    expect(Object.keys(attachments).filter((k) => k.startsWith('workspace-edge33'))).toHaveLength(3);
    expect(Object.keys(attachments).filter((k) => k.startsWith('workspace-hub'))).toHaveLength(2);
    expect(JSON.stringify(fleet)).not.toMatch(/"value"/);
  });

  test('the tfe provider takes its token from the environment', () => {
    expect(fleet.provider?.tfe).toEqual([{ hostname: 'app.terraform.io', organization: 'tanzu-edge' }]);
    expect(fleet.terraform.required_providers.tfe).toEqual({ source: 'hashicorp/tfe', version: '~> 0.71' });
  });

  test('declares every workspace even when SITES selects one site', () => {
    const one = buildStacks(withCloud(), ['edge41']);
    expect(one.sites.map((s) => s.node.id)).toEqual(['edge41']);
    expect(Object.keys(all(stackJson(one.workspaces as TerraformStack), 'tfe_workspace'))).toHaveLength(5);
  });

  test('adding a site adds its workspace', () => {
    const more = buildStacks(
      withCloud((c) => {
        c.sites.edge70 = cloneSite(c.sites.edge60, 'edge70', 70);
      }),
    );
    expect(Object.values(all(stackJson(more.workspaces as TerraformStack), 'tfe_workspace')).map((w) => w.name)).toContain('edge-fleet-edge70');
  });
});

describe('a site removed from the catalog without decommissioning', () => {
  type Guard = { for_each: string; name: string; organization: string; lifecycle: { postcondition: Array<{ condition: string; error_message: string }> } };
  const fleet = stackJson(buildStacks(withCloud()).workspaces as TerraformStack);
  const guard = only(fleet, 'tfe_workspace', 'data') as unknown as Guard;

  test('every plan reads the site workspaces of the fleet: its prefix and its kind tag', () => {
    expect(only(fleet, 'tfe_workspace_ids', 'data')).toEqual({ organization: 'tanzu-edge', names: ['edge-fleet-*'], tag_filters: { include: { kind: 'site' } } });
  });

  test('and checks each one the catalog does not name (the hub and every site are named)', () => {
    expect(guard.for_each).toBe(
      '${toset(setsubtract(keys(data.tfe_workspace_ids.site-workspaces.ids), ["edge-fleet-edge33", "edge-fleet-edge41", "edge-fleet-edge52", "edge-fleet-edge60", "edge-fleet-hub"]))}',
    );
    expect([guard.name, guard.organization]).toEqual(['${each.value}', 'tanzu-edge']);
    expect(guard.lifecycle.postcondition).toEqual([
      {
        condition: '${((self.project_id != data.tfe_project.project.id) || (self.resource_count < 1))}',
        error_message: expect.stringContaining('Workspace ${self.name} still manages ${self.resource_count} resource(s), but the catalog has no site file for it'),
      },
    ]);
  });

  test('a site removed from the catalog leaves the list, so it is checked', () => {
    const fewer = stackJson(buildStacks(withCloud((c) => delete c.sites.edge41)).workspaces as TerraformStack);
    expect((only(fewer, 'tfe_workspace', 'data') as unknown as Guard).for_each).not.toContain('edge-fleet-edge41');
  });

  /**
   * The same expressions in a configuration Terraform can plan offline: the data
   * sources become locals, the checked workspace a data source with the same
   * postcondition (terraform_remote_state of an empty state, whose `outputs` are its
   * `defaults`: the workspace's attributes). Skipped without a terraform binary.
   */
  const withTerraform = testWhen(HAVE_TERRAFORM, 'workspaces.test: no terraform binary on PATH; the plan of the retired-workspace guard cannot run');

  function plan(workspaces: Record<string, { project_id: string; resource_count: number }>): { status: number | null; stderr: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfe-guard-'));
    const local = (text: string) =>
      text.replace('data.tfe_workspace_ids.site-workspaces.ids', 'local.ids').replace('data.tfe_project.project.id', 'local.project').replace(/self\./g, 'self.outputs.');
    const config = {
      locals: {
        ids: Object.fromEntries(Object.keys(workspaces).map((name) => [name, `ws-${name}`])),
        project: 'prj-fleet',
        workspaces: Object.fromEntries(Object.entries(workspaces).map(([name, w]) => [name, { name, ...w }])),
      },
      data: {
        terraform_remote_state: {
          'retired-site-workspace': {
            for_each: local(guard.for_each),
            backend: 'local',
            config: { path: 'empty.tfstate' },
            defaults: '${local.workspaces[each.value]}',
            lifecycle: { postcondition: guard.lifecycle.postcondition.map((c) => ({ condition: local(c.condition), error_message: local(c.error_message) })) },
          },
        },
      },
    };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
    fs.writeFileSync(path.join(dir, 'empty.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.7.0', serial: 1, lineage: 'probe', outputs: {}, resources: [] }));
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
    const init = spawnSync('terraform', ['init', '-input=false'], { cwd: dir, env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(init.stderr);
    const result = spawnSync('terraform', ['plan', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    return { status: result.status, stderr: result.stderr.replace(/\s*[│├─]+\s*/g, ' ').replace(/\s+/g, ' ') };
  }

  withTerraform('Terraform fails the plan while such a workspace still manages resources, naming it', () => {
    const result = plan({
      'edge-fleet-edge33': { project_id: 'prj-fleet', resource_count: 40 },
      'edge-fleet-edge77': { project_id: 'prj-fleet', resource_count: 42 },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Workspace edge-fleet-edge77 still manages 42 resource(s), but the catalog has no site file for it: the site was removed without decommissioning.');
    expect(result.stderr).not.toContain('edge-fleet-edge33 still manages');
  });

  withTerraform('and lets it go once the site was decommissioned (nothing left), or when it is not in the fleet project', () => {
    const result = plan({
      'edge-fleet-edge33': { project_id: 'prj-fleet', resource_count: 40 },
      'edge-fleet-edge77': { project_id: 'prj-fleet', resource_count: 0 },
      'edge-fleet-lab1': { project_id: 'prj-lab', resource_count: 9 },
    });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });
});

describe('StackWorkspace', () => {
  const props = { name: 'ws', organization: 'org', projectId: 'prj-1', agentPoolId: 'apool-1', terraformVersion: '1.11.4' };
  test('refuses a loose Terraform version, a bad name and a set twice', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new StackWorkspace(stack, 'w', { ...props, name: 'my workspace', terraformVersion: '~> 1.11', variableSets: [{ name: 'a', id: '1' }, { name: 'a', id: '1' }] })).toThrow(
      [
        "StackWorkspace 'test/w': name: 'my workspace' is not allowed; allowed: letters, digits, - and _ (at most 90)",
        "StackWorkspace 'test/w': terraformVersion: '~> 1.11' is not allowed; allowed: an exact version such as 1.11.4",
        "StackWorkspace 'test/w': variableSets[1].name: 'a' appears twice; allowed: each variable set once",
      ].join('\n'),
    );
  });
  test('protection can be lifted', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new StackWorkspace(stack, 'w', { ...props, protect: false });
    expect(Object.values(JSON.parse(Testing.synth(stack)).resource.tfe_workspace)[0]).toMatchObject({ lifecycle: { prevent_destroy: false } });
  });
});

describe('catalog', () => {
  test('refuses a floating Terraform version and an unknown key', () => {
    expect(
      problemsAfter((c) => {
        setPath(c.fleet, 'terraformCloud', { ...terraformCloudSettings(), terraformVersion: '1.11', token: 'x' });
      }),
    ).toEqual([
      "sites/fleet.yaml: terraformCloud.token: key 'token' looks like a secret, and the catalog never holds secrets (it is committed and shown in every review); pass it as a sensitive Terraform variable (TF_VAR_<name>) or a provider environment variable: docs/secrets.md lists them",
      "sites/fleet.yaml: terraformCloud.terraformVersion: '1.11' is not allowed; allowed: an exact Terraform version such as 1.11.4",
    ]);
  });
});
