/**
 * A catalog with many faults in many files reports all of them in one run, in file
 * order (fleet.yaml first), one line each.
 */
import { problemsAfter, setPath } from '../support/catalog';

test('every fault of a broken catalog is reported at once', () => {
  const lines = problemsAfter((c) => {
    setPath(c.fleet, 'hub.harbor.password', 'Harbor12345'); // secret in fleet.yaml
    setPath(c.sites.edge33, 'networks.vsan.vlan', 5000); // schema fault ...
    setPath(c.sites.edge33, 'tkg.wokers', { replicas: 3 }); // ... a typo in the same file ...
    setPath(c.sites.edge33, 'networks.vmotion.cidr', '10.33.0.128/25'); // ... and a cross-field fault there too
    setPath(c.sites.edge41, 'ring', 'prod'); // unknown ring
    c.sites.edge52.hosts.pop(); // one host
    setPath(c.sites.edge52, 'witness', 'witness-02'); // unknown witness in a file that also fails the schema
    c.raw.edge60 = 'id: edge60\nring: [canary\n'; // malformed YAML
  });
  expect(lines).toEqual([
    expect.stringMatching(/^sites\/fleet\.yaml: hub\.harbor\.password: key 'password' looks like a secret/),
    'sites/edge33.yaml: networks.vsan.vlan: 5000 is not allowed; allowed: a VLAN ID: an integer from 0 to 4094',
    "sites/edge33.yaml: tkg.wokers: unknown key; did you mean 'workers'? allowed keys here: version, clusterClass, os, sshAuthorizedKeys, controlPlane, workers, folder, resourcePool, cni, trustedCAs, machineHealthCheck, podCidr, serviceCidr",
    "sites/edge33.yaml: networks.vmotion.cidr: 10.33.0.128/25 overlaps networks.management.cidr 10.33.0.0/24; allowed: a network that shares no address with the site's other networks",
    "sites/edge41.yaml: ring: unknown ring 'prod'; allowed: canary, production (rings are declared in sites/fleet.yaml)",
    'sites/edge52.yaml: hosts: a list of 1 item is not allowed; allowed: exactly two ESXi hosts (a two-node vSAN cluster)',
    "sites/edge52.yaml: witness: unknown witness 'witness-02'; did you mean 'witness-01'? allowed: witness-01 (witnesses are declared in sites/fleet.yaml hub.witnesses)",
    expect.stringMatching(/^sites\/edge60\.yaml: line \d+, column \d+: malformed YAML: /),
  ]);
});
