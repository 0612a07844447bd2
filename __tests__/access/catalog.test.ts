/**
 * Access in the catalog: grants add up from fleet.yaml, the ring, the region and the
 * site file; every refused input names its file and field; a site file widening a
 * wider grant needs a waiver.
 */
import { EditableCatalog, problemsAfter, sampleFleet, setPath, siteAfter } from '../support/catalog';

const site = siteAfter;

describe('access resolves per site', () => {
  test('the default catalog: platform admins and the NOC everywhere, canary testers on canary, the store operators at edge33', () => {
    const fleet = sampleFleet();
    expect(fleet.identity).toEqual({ type: 'oidc', supervisorIssuer: 'https://pinniped.hub.tanzu.lab' });
    expect(fleet.access.platformAdmins).toEqual(['tanzu-platform-admins']);
    const byId = Object.fromEntries(fleet.sites.map((s) => [s.id, s.access]));
    const fleetWide = [
      { group: 'tanzu-platform-admins', role: 'cluster-admin', layer: 'fleet' },
      { group: 'edge-noc', role: 'view', layer: 'fleet' },
    ];
    expect(byId.edge33.grants).toEqual([...fleetWide, { group: 'edge-canary-testers', role: 'view', layer: 'ring' }, { group: 'store-edge33-operators', role: 'operate', namespaces: ['storefront'], layer: 'site' }]);
    expect(byId.edge41.grants).toEqual(fleetWide);
    expect(byId.edge52.grants).toEqual(fleetWide);
    expect(byId.edge60.grants).toEqual([...fleetWide, { group: 'edge-canary-testers', role: 'view', layer: 'ring' }]);
    for (const s of fleet.sites) expect(s.access.breakGlass).toEqual({ role: 'cluster-admin', generation: 1 });
  });

  test('a region adds its grants to its sites only; identical grants of two layers count once', () => {
    const s = site((c) => {
      setPath(c.sites.edge41, 'region', 'emea');
      setPath(c.fleet, 'access.regions', { emea: { grants: [{ group: 'emea-field', role: 'view' }] }, apac: { grants: [{ group: 'apac-field', role: 'view' }] } });
      setPath(c.sites.edge41, 'access.grants', [{ group: 'edge-noc', role: 'view' }]);
    }, 'edge41');
    expect(s.access.grants.map((g) => `${g.group} ${g.role} ${g.layer}`)).toEqual(['tanzu-platform-admins cluster-admin fleet', 'edge-noc view fleet', 'emea-field view region']);
  });

  test('break-glass: the site raises its generation, or turns it off; fleet.yaml sets the role', () => {
    expect(site((c) => setPath(c.sites.edge33, 'access.breakGlass.generation', 3), 'edge33').access.breakGlass).toEqual({ role: 'cluster-admin', generation: 3 });
    expect(site((c) => setPath(c.sites.edge33, 'access.breakGlass.enabled', false), 'edge33').access.breakGlass).toBeUndefined();
    expect(site((c) => setPath(c.fleet, 'access.breakGlass', { role: 'view' }), 'edge52').access.breakGlass).toEqual({ role: 'view', generation: 1 });
    expect(site((c) => setPath(c.fleet, 'access.breakGlass.enabled', false), 'edge52').access.breakGlass).toBeUndefined();
  });

  test('a site may widen with a waiver of access-widening', () => {
    const s = site((c) => {
      setPath(c.sites.edge33, 'access.grants', [{ group: 'edge-noc', role: 'edit', namespaces: ['pos'] }]);
      setPath(c.sites.edge33, 'waivers', [{ rule: 'access-widening', reason: 'NOC fixes the POS during the pilot (CHG-881)' }]);
    }, 'edge33');
    expect(s.access.grants).toContainEqual({ group: 'edge-noc', role: 'edit', namespaces: ['pos'], layer: 'site' });
  });

  test.each<[string, (c: EditableCatalog) => void]>([
    ['view in some namespaces of a group with view everywhere', (c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'edge-noc', role: 'view', namespaces: ['pos'] }])],
    ['a narrower grant of a cluster-admin group', (c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'tanzu-platform-admins', role: 'admin', namespaces: ['pos'] }])],
    ['view of a group the ring gives operate', (c) => {
      setPath(c.fleet, 'rings.canary.access.grants', [{ group: 'edge-canary-testers', role: 'operate', namespaces: ['pos', 'kiosk'] }]);
      setPath(c.sites.edge33, 'access.grants', [{ group: 'edge-canary-testers', role: 'operate', namespaces: ['kiosk'] }]);
    }],
  ])('not widening: %s', (_title, edit) => {
    expect(problemsAfter(edit)).toEqual([]);
  });
});

describe('refused access settings name the file and the field', () => {
  test.each<[string, (c: EditableCatalog) => void, string[]]>([
    ['an unknown role', (c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'store-ops', role: 'owner' }]), ["sites/edge33.yaml: access.grants[0].role: 'owner' is not allowed; allowed: view, operate, edit, admin, cluster-admin"]],
    [
      'an empty group',
      (c) => setPath(c.fleet, 'access.grants', [{ group: '', role: 'view' }]),
      ["sites/fleet.yaml: access.grants[0].group: '' is not allowed; allowed: a group name of the identity provider: 1-256 characters without whitespace, not a Kubernetes system: group"],
    ],
    [
      'a group with whitespace',
      (c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'store ops', role: 'view' }]),
      ["sites/edge33.yaml: access.grants[0].group: 'store ops' is not allowed; allowed: a group name of the identity provider: 1-256 characters without whitespace, not a Kubernetes system: group"],
    ],
    [
      'a Kubernetes system group',
      (c) => setPath(c.fleet, 'rings.production.access.grants', [{ group: 'system:masters', role: 'view' }]),
      ["sites/fleet.yaml: rings.production.access.grants[0].group: 'system:masters' is not allowed; allowed: a group name of the identity provider: 1-256 characters without whitespace, not a Kubernetes system: group"],
    ],
    [
      'a platform namespace',
      (c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'store-ops', role: 'edit', namespaces: ['pos', 'kube-system', 'tanzu-system-ingress'] }]),
      [
        "sites/edge33.yaml: access.grants[0].namespaces[1]: 'kube-system' is a namespace the platform owns; allowed: application namespaces, never default, kube-system, kube-public, kube-node-lease and the other namespaces TKG and the fleet's add-ons own (names starting with tkg-system, tanzu-system, vmware-system-)",
        "sites/edge33.yaml: access.grants[0].namespaces[2]: 'tanzu-system-ingress' is a namespace the platform owns; allowed: application namespaces, never default, kube-system, kube-public, kube-node-lease and the other namespaces TKG and the fleet's add-ons own (names starting with tkg-system, tanzu-system, vmware-system-)",
      ],
    ],
    [
      'a namespaced role without namespaces, in a region',
      (c) => setPath(c.fleet, 'access.regions', { emea: { grants: [{ group: 'emea-field', role: 'operate' }] } }),
      ['sites/fleet.yaml: access.regions.emea.grants[0].namespaces: missing; required for role operate, which acts inside namespaces: the application namespaces it applies to (for read access everywhere, role view without namespaces)'],
    ],
    [
      'cluster-admin limited to namespaces',
      (c) => setPath(c.fleet, 'access.grants', [{ group: 'tanzu-platform-admins', role: 'cluster-admin', namespaces: ['pos'] }]),
      ['sites/fleet.yaml: access.grants[0].namespaces: not allowed with role cluster-admin, which is cluster-wide; allowed: no namespaces, or role admin for full control of some namespaces'],
    ],
    [
      'a namespace twice, the same group and role twice',
      (c) =>
        setPath(c.sites.edge33, 'access.grants', [
          { group: 'store-ops', role: 'edit', namespaces: ['pos', 'pos'] },
          { group: 'store-ops', role: 'edit', namespaces: ['kiosk'] },
        ]),
      [
        "sites/edge33.yaml: access.grants[0].namespaces[1]: 'pos' appears twice; allowed: each namespace once",
        "sites/edge33.yaml: access.grants[1]: group 'store-ops' has role edit already in access.grants[0]; allowed: one grant per group and role in a list (list all its namespaces there)",
      ],
    ],
    [
      'grants without an identity provider (every list that has some)',
      (c) => delete (c.fleet as { identity?: unknown }).identity,
      [
        "sites/fleet.yaml: access.grants: grants name groups of the identity provider, but fleet.yaml declares no identity; allowed: declare identity (type, supervisorIssuer) as the management cluster's Pinniped is configured, or no grants",
        "sites/fleet.yaml: rings.canary.access.grants: grants name groups of the identity provider, but fleet.yaml declares no identity; allowed: declare identity (type, supervisorIssuer) as the management cluster's Pinniped is configured, or no grants",
        "sites/edge33.yaml: access.grants: grants name groups of the identity provider, but fleet.yaml declares no identity; allowed: declare identity (type, supervisorIssuer) as the management cluster's Pinniped is configured, or no grants",
      ],
    ],
    [
      'an issuer that is not https',
      (c) => setPath(c.fleet, 'identity.supervisorIssuer', 'http://pinniped.hub.tanzu.lab'),
      ["sites/fleet.yaml: identity.supervisorIssuer: 'http://pinniped.hub.tanzu.lab' is not allowed; allowed: the Pinniped supervisor issuer: an https:// URL"],
    ],
    ['an identity type TKG does not have', (c) => setPath(c.fleet, 'identity.type', 'saml'), ["sites/fleet.yaml: identity.type: 'saml' is not allowed; allowed: oidc, ldap"]],
    [
      'a platform admin group twice',
      (c) => setPath(c.fleet, 'access.platformAdmins', ['tanzu-platform-admins', 'tanzu-platform-admins']),
      ["sites/fleet.yaml: access.platformAdmins[1]: 'tanzu-platform-admins' appears twice; allowed: each group once"],
    ],
    [
      'a namespaced break-glass role',
      (c) => setPath(c.fleet, 'access.breakGlass.role', 'edit'),
      ["sites/fleet.yaml: access.breakGlass.role: 'edit' is not allowed; allowed: view, cluster-admin"],
    ],
    [
      'a break-glass generation where break-glass is off',
      (c) => setPath(c.sites.edge41, 'access.breakGlass', { enabled: false, generation: 2 }),
      ['sites/edge41.yaml: access.breakGlass.generation: set, but break-glass is off for this site; allowed: no generation, or break-glass enabled'],
    ],
    [
      'a site file widening a fleet-wide grant',
      (c) => setPath(c.sites.edge33, 'access.grants', [{ group: 'edge-noc', role: 'edit', namespaces: ['pos'] }]),
      [
        "sites/edge33.yaml: access.grants[0].role: edit in pos for group 'edge-noc' widens what wider layers grant it: view (sites/fleet.yaml access.grants[1]); allowed: no more than those grants give, or a waiver of rule access-widening (waivers in this file or fleet.yaml) with the reason",
      ],
    ],
    [
      'a site file widening a ring grant from namespaces to everywhere',
      (c) => {
        setPath(c.fleet, 'rings.canary.access.grants', [{ group: 'edge-canary-testers', role: 'view', namespaces: ['pos'] }]);
        setPath(c.sites.edge60, 'access.grants', [{ group: 'edge-canary-testers', role: 'view' }]);
      },
      [
        "sites/edge60.yaml: access.grants[0].role: view for group 'edge-canary-testers' widens what wider layers grant it: view in pos (sites/fleet.yaml rings.canary.access.grants[0]); allowed: no more than those grants give, or a waiver of rule access-widening (waivers in this file or fleet.yaml) with the reason",
      ],
    ],
    [
      'a waiver of another rule does not lift widening',
      (c) => {
        setPath(c.sites.edge33, 'access.grants', [{ group: 'edge-noc', role: 'operate', namespaces: ['pos'] }]);
        setPath(c.sites.edge33, 'waivers', [{ rule: 'cluster-admin-grant', reason: 'not the rule that is broken here' }]);
      },
      [
        "sites/edge33.yaml: access.grants[0].role: operate in pos for group 'edge-noc' widens what wider layers grant it: view (sites/fleet.yaml access.grants[1]); allowed: no more than those grants give, or a waiver of rule access-widening (waivers in this file or fleet.yaml) with the reason",
      ],
    ],
  ])('%s', (_title, edit, expected) => {
    expect(problemsAfter(edit)).toEqual(expected);
  });

  test('a fleet-wide waiver of access-widening lifts it for every site', () => {
    expect(
      problemsAfter((c) => {
        setPath(c.sites.edge33, 'access.grants', [{ group: 'edge-noc', role: 'edit', namespaces: ['pos'] }]);
        setPath(c.fleet, 'waivers', [{ rule: 'access-widening', reason: 'the NOC runs the stores during the migration (CHG-900)' }]);
      }),
    ).toEqual([]);
  });
});
