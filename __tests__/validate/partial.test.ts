/**
 * Partial validation cuts out the objects of providers that cannot be built here and
 * keeps every reference to them well-formed, so the rest of a stack can be validated.
 */
import { providerOf, stubName, withoutProviders } from '../../tools/validate/partial';

const config = {
  terraform: { required_providers: { vsphere: { source: 'vmware/vsphere' }, random: { source: 'hashicorp/random' }, harbor: { source: 'goharbor/harbor' } } },
  provider: { vsphere: [{ user: 'u' }], random: [{}], harbor: [{ alias: 'hub' }] },
  data: { vsphere_datacenter: { dc: { name: 'edge33-dc' } } },
  resource: {
    vsphere_host: { 'preferred_1A2B': { datacenter_id: '${data.vsphere_datacenter.dc.id}', hostname: 'esx01' } },
    harbor_project: { p: { provider: 'harbor.hub', name: 'edge-apps' } },
    random_password: {
      key: {
        length: 16,
        keepers: { host: '${vsphere_host.preferred_1A2B.id}', project: '${harbor_project.p.name}-x', dc: '${data.vsphere_datacenter.dc.moid}' },
        depends_on: ['vsphere_host.preferred_1A2B', 'random_password.other'],
        lifecycle: { replace_triggered_by: ['harbor_project.p'] },
      },
      other: { length: 8 },
    },
  },
  output: { host: { value: '${vsphere_host.preferred_1A2B.id}' } },
  removed: [{ from: 'harbor_project.q', lifecycle: { destroy: false } }, { from: 'random_password.r', lifecycle: { destroy: false } }],
};

describe('withoutProviders', () => {
  const partial = withoutProviders(config, new Set(['vsphere', 'harbor']));
  const out = partial.config as typeof config & { variable: Record<string, { type: string }> };

  test('counts what it cut per provider and what it kept', () => {
    expect(partial.cut).toEqual({ vsphere: 2, harbor: 1 });
    expect(partial.kept).toBe(2);
    expect(Object.keys(out.resource)).toEqual(['random_password']);
    expect(out).not.toHaveProperty('data');
  });

  test('references to cut objects become variables of any type', () => {
    expect(out.resource.random_password.key.keepers).toEqual({
      host: '${var.cut__vsphere_host__preferred_1A2B.id}',
      project: '${var.cut__harbor_project__p.name}-x',
      dc: '${var.cut__data__vsphere_datacenter__dc.moid}',
    });
    expect(out.output.host.value).toBe('${var.cut__vsphere_host__preferred_1A2B.id}');
    expect(Object.keys(out.variable).sort()).toEqual(['cut__data__vsphere_datacenter__dc', 'cut__harbor_project__p', 'cut__vsphere_host__preferred_1A2B']);
    expect(out.variable.cut__harbor_project__p.type).toBe('any');
    expect(stubName('data.vsphere_datacenter.dc')).toBe('cut__data__vsphere_datacenter__dc');
  });

  test('bare addresses that a variable cannot stand in for are dropped, others kept', () => {
    expect(out.resource.random_password.key.depends_on).toEqual(['random_password.other']);
    expect(out.resource.random_password.key).not.toHaveProperty('lifecycle.replace_triggered_by');
  });

  test('the cut providers leave the provider blocks and required_providers; removed blocks of their types go', () => {
    expect(Object.keys(out.provider)).toEqual(['random']);
    expect(Object.keys(out.terraform.required_providers)).toEqual(['random']);
    // harbor_project.q is not in the configuration, but its provider is gone: Terraform would need it.
    expect(out.removed).toEqual([{ from: 'random_password.r', lifecycle: { destroy: false } }]);
  });

  test('the provider of an object: its provider meta-argument, else its type prefix', () => {
    expect(providerOf('harbor_project', { provider: 'harbor.site' })).toBe('harbor');
    expect(providerOf('kubernetes_manifest', {})).toBe('kubernetes');
  });

  test('nothing missing: the configuration is unchanged', () => {
    expect(withoutProviders(config, new Set()).config).toEqual(config);
  });
});
