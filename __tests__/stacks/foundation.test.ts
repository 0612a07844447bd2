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

  test('site stacks declare vSphere, the management cluster and both Harbors, pinned, with TLS verification on', () => {
    const json = stackJson(buildStacks(fleet).sites[0]);
    expect(json.terraform.required_providers).toEqual({
      vsphere: { source: 'vmware/vsphere', version: '~> 2.15' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
      harbor: { source: 'goharbor/harbor', version: '~> 3.12' },
      tls: { source: 'hashicorp/tls', version: '~> 4.1' },
      random: { source: 'hashicorp/random', version: '~> 3.7' },
    });
    expect(json.terraform.required_version).toBe('>= 1.7.0');
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
    expect(json.provider?.harbor).toEqual([
      { alias: 'hub', url: 'https://harbor.hub.tanzu.lab', username: 'admin', password: '${var.hub_harbor_admin_password}', insecure: false },
      { alias: 'site', url: 'https://harbor.edge33.tanzu.lab', username: 'admin', password: '${var.site_harbor_admin_password}', insecure: false },
    ]);
  });

  test('a bootstrapping site configures every provider of its full shape: what an earlier active shape created is forgotten through them', () => {
    const edge60 = buildStacks(fleet).sites.find((s) => s.node.id === 'edge60');
    const json = stackJson(edge60 as EdgeSiteStack);
    // The removed blocks (destroy = false) make Terraform refresh, then forget, anything
    // an earlier active shape left in state; that needs the provider configuration it
    // was created with. For a site never built they are no-ops and no provider is called.
    expect(Object.keys(json.terraform.required_providers ?? {}).sort()).toEqual(['harbor', 'kubernetes', 'random', 'tls', 'vsphere']);
    expect(Object.keys(json.variable ?? {}).sort()).toEqual([
      'esxi_password',
      'hub_harbor_admin_password',
      'management_cluster_ca_certificate',
      'management_cluster_token',
      'site_harbor_admin_password',
      'vsphere_password',
    ]);
  });

  test('the hub declares vSphere, and Helm and Kubernetes on the shared-services cluster', () => {
    const json = stackJson(buildStacks(fleet).hub);
    expect(json.terraform.required_providers).toEqual({
      vsphere: { source: 'vmware/vsphere', version: '~> 2.15' },
      helm: { source: 'hashicorp/helm', version: '~> 3.1' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '~> 2.38' },
      harbor: { source: 'goharbor/harbor', version: '~> 3.12' },
      random: { source: 'hashicorp/random', version: '~> 3.7' },
    });
    expect(json.provider?.kubernetes).toEqual([
      { host: 'https://tkg-shared.hub.tanzu.lab:6443', token: '${var.shared_services_token}', cluster_ca_certificate: '${var.shared_services_ca_certificate}', insecure: false },
    ]);
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
    const secret = expect.objectContaining({ type: 'string', sensitive: true, nullable: false });
    expect(json.variable).toEqual({
      vsphere_password: secret,
      esxi_password: secret,
      management_cluster_token: secret,
      management_cluster_ca_certificate: expect.objectContaining({ type: 'string', sensitive: false }),
      fleet_ca_private_key: secret,
      hub_harbor_admin_password: secret,
      site_harbor_admin_password: secret,
      site_grafana_admin_password: secret,
      metrics_remote_write_key: secret,
      log_sink_shared_key: secret,
      // The site's own object-store user: a workspace variable of this site only.
      backup_access_key_id: secret,
      backup_secret_access_key: secret,
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
