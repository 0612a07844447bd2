/**
 * The hub Harbor's secrets reach the chart as a values document Terraform encodes,
 * never through `set_sensitive`: the helm provider parses a `set` value with Helm's
 * `--set` syntax (type auto or string: a comma splits it, a leading `{` makes a list,
 * and a parse error prints the value) or, with type literal, as flat YAML (no dotted
 * names, YAML's own readings of `*`, `:`, `#`).
 */
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TerraformVariable } from 'cdktf';
import { HubHarbor } from '../../constructs/harbor/hub-harbor';
import { HarborProvider } from '../../constructs/harbor/binding/provider';
import { only, synthJson, testStack } from '../support/stack';

function hubHarbor() {
  const stack = testStack();
  new HelmProvider(stack, 'helm', {});
  new RandomProvider(stack, 'random', {});
  const harborProvider = new HarborProvider(stack, 'harbor-provider', { url: 'https://harbor.hub.tanzu.lab', insecure: false });
  const password = new TerraformVariable(stack, 'hub_harbor_admin_password', { type: 'string', sensitive: true }).stringValue;
  new HubHarbor(stack, 'harbor', { url: 'https://harbor.hub.tanzu.lab', tlsSecretName: 'harbor-tls', adminPassword: password, harborProvider, projects: [{ name: 'edge-apps' }] });
  return only(synthJson(stack), 'helm_release') as { set_sensitive?: unknown; values: string[] };
}

describe('HubHarbor secrets', () => {
  test('no set_sensitive: the admin password and the generated key go in a yamlencode values document', () => {
    const release = hubHarbor();
    expect(release.set_sensitive).toBeUndefined();
    expect(release.values).toHaveLength(2);
    expect(release.values[1]).toMatch(
      /^\$\{yamlencode\(\{"harborAdminPassword" = var\.hub_harbor_admin_password, "secretKey" = random_password\.harbor_secret-key_[0-9A-F]+\.result\}\)\}$/,
    );
    // The plain document holds no secret.
    expect(release.values[0]).not.toMatch(/harborAdminPassword|secretKey/);
  });
});
