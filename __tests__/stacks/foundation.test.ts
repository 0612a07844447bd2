/**
 * Stack layout: a hub stack plus one stack per site named after it, each with its
 * providers (source and version pinned), a local backend and credential variables.
 */
import { Testing } from 'cdktf';
import { EdgeSiteStack } from '../../stacks/edge-site-stack';
import { SiteSelectionError } from '../../stacks/fleet-app';
import { sampleFleet } from '../support/catalog';
import { buildStacks, stackJson } from '../support/synth';

const fleet = sampleFleet();

describe('fleet stacks', () => {
  test('hub plus one stack per site, named after the site', () => {
    const stacks = buildStacks(fleet);
    expect(stacks.hub.node.id).toBe('hub');
    expect(stacks.sites.map((s) => s.node.id)).toEqual(['edge33', 'edge41', 'edge52', 'edge60']);
  });

  test('a site selection builds only those sites (and always the hub)', () => {
    const stacks = buildStacks(fleet, ['edge41']);
    expect(stacks.sites.map((s) => s.node.id)).toEqual(['edge41']);
    expect(stacks.hub.node.id).toBe('hub');
  });

  test('an unknown site in the selection is an error that names it', () => {
    expect(() => buildStacks(fleet, ['edge33', 'edge99'])).toThrow(SiteSelectionError);
    expect(() => buildStacks(fleet, ['edge99'])).toThrow("unknown site 'edge99'; the catalog has: edge33, edge41, edge52, edge60");
  });

  test('site stacks declare vSphere and the management cluster, pinned, with TLS verification on', () => {
    const json = stackJson(buildStacks(fleet).sites[0]);
    expect(json.terraform.required_providers).toEqual({
      vsphere: { source: 'vmware/vsphere', version: '~> 2.15' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
    });
    expect(json.terraform.required_version).toBe('>= 1.6.0');
    expect(json.provider?.vsphere).toEqual([
      { vsphere_server: 'vcenter-edge.tanzu.lab', user: 'administrator@vsphere.local', password: '${var.vsphere_password}', allow_unverified_ssl: false },
    ]);
    expect(json.provider?.kubernetes).toEqual([
      {
        host: 'https://tkg-mgmt.hub.tanzu.lab:6443',
        token: '${var.management_cluster_token}',
        cluster_ca_certificate: '${var.management_cluster_ca_certificate}',
        insecure: false,
      },
    ]);
  });

  test('the hub declares vSphere and Helm on the shared-services cluster', () => {
    const json = stackJson(buildStacks(fleet).hub);
    expect(json.terraform.required_providers).toEqual({
      vsphere: { source: 'vmware/vsphere', version: '~> 2.15' },
      helm: { source: 'hashicorp/helm', version: '~> 3.1' },
      harbor: { source: 'goharbor/harbor', version: '~> 3.12' },
      random: { source: 'hashicorp/random', version: '~> 3.7' },
    });
    expect(json.provider?.helm).toEqual([
      {
        kubernetes: {
          host: 'https://tkg-shared.hub.tanzu.lab:6443',
          token: '${var.shared_services_token}',
          cluster_ca_certificate: '${var.shared_services_ca_certificate}',
          insecure: false,
        },
      },
    ]);
  });

  test('credentials are sensitive variables; public CA certificates are plain variables', () => {
    const json = stackJson(buildStacks(fleet).sites[0]);
    expect(json.variable).toEqual({
      vsphere_password: expect.objectContaining({ type: 'string', sensitive: true }),
      esxi_password: expect.objectContaining({ type: 'string', sensitive: true }),
      management_cluster_token: expect.objectContaining({ type: 'string', sensitive: true }),
      management_cluster_ca_certificate: expect.objectContaining({ type: 'string', sensitive: false }),
    });
  });

  test('every stack has a local backend with a relative state path', () => {
    const stacks = buildStacks(fleet);
    for (const stack of [stacks.hub, ...stacks.sites]) {
      expect(stackJson(stack).terraform.backend).toEqual({ local: { path: `../../../terraform.${stack.node.id}.tfstate` } });
    }
  });

  test('site stacks do not reference other stacks (each plans alone)', () => {
    const stacks = buildStacks(fleet);
    for (const stack of stacks.sites) {
      const text = Testing.synth(stack);
      expect(text).not.toMatch(/terraform_remote_state|cross-stack/);
      expect(stack.dependencies).toEqual([]);
      expect(stack).toBeInstanceOf(EdgeSiteStack);
    }
  });
});
