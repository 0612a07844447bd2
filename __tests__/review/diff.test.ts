/**
 * The diff of one stack: attribute paths, ForceNew replacements and what follows from
 * them, renames, moves, secrets, prevent_destroy, backends.
 */
import { diffStack, diffValues } from '../../tools/review/diff';
import { maskItem } from '../../tools/review/report';
import { FORCE_NEW } from '../../tools/review/rules';
import { JsonObject, StackDiff } from '../../tools/review/types';
import { Stack, clone, hubStack, set, siteStack } from './fixtures';

/** Diffs two versions of a stack named `name`. */
function diff(name: string, base: Stack | undefined, head: Stack | undefined): StackDiff {
  const input = (json: Stack | undefined) => (json === undefined ? undefined : { name, json, text: JSON.stringify(json) });
  return diffStack(name, input(base), input(head));
}

/** Base and an edited copy of a site stack. */
function edited(edit: (head: JsonObject) => void, id = 'edge33'): StackDiff {
  const base = siteStack(id, 'canary');
  const head = clone(base);
  edit(head);
  return diff(id, base, head);
}

describe('attribute paths', () => {
  test('objects by key, arrays indexed, odd keys quoted', () => {
    const leaves = diffValues(
      { a: { b: 1 }, list: [{ x: 'same' }, { witness_node: 'w1' }], labels: { 'app.kubernetes.io/name': 'a' } },
      { a: { b: 2 }, list: [{ x: 'same' }, { witness_node: 'w2' }, 'new'], labels: { 'app.kubernetes.io/name': 'b' } },
    );
    expect(leaves.map((l) => [l.path, l.op, l.before, l.after])).toEqual([
      [['a', 'b'], 'changed', 1, 2],
      [['labels', 'app.kubernetes.io/name'], 'changed', 'a', 'b'],
      [['list', 1, 'witness_node'], 'changed', 'w1', 'w2'],
      [['list', 2], 'added', undefined, 'new'],
    ]);
  });

  test('a changed field is reported by its path with old and new value', () => {
    const d = edited((h) => set(h, 'resource.vsphere_compute_cluster.cluster.vsan_stretched_cluster.0.witness_node', 'witness-02.hub.tanzu.lab'));
    expect(d.status).toBe('changed');
    expect(d.changes).toEqual([
      expect.objectContaining({
        address: 'vsphere_compute_cluster.cluster',
        kind: 'changed',
        stateful: true,
        attributes: [{ path: 'vsan_stretched_cluster[0].witness_node', op: 'changed', before: 'witness-01.hub.tanzu.lab', after: 'witness-02.hub.tanzu.lab', sensitive: false, forcesReplacement: false }],
      }),
    ]);
    expect(d.warnings).toEqual([]);
  });

  test('"//" metadata is ignored at every level', () => {
    const d = edited((h) => {
      set(h, '//.metadata.version', '0.22.0');
      set(h, 'resource.vsphere_host.esx01.//.metadata.uniqueId', 'other');
    });
    expect(d.status).toBe('unchanged');
    expect(d.changes).toEqual([]);
  });

  test('identical files are unchanged; the ring output decides the scope', () => {
    const site = siteStack('edge33', 'canary');
    expect(diff('edge33', site, site)).toMatchObject({ status: 'unchanged', scope: 'site', ring: 'canary' });
    expect(diff('hub', hubStack(), hubStack())).toMatchObject({ status: 'unchanged', scope: 'fleet' });
  });

  test('providers, variables, outputs and terraform settings are items too', () => {
    const d = edited((h) => {
      set(h, 'provider.vsphere.0.vsphere_server', 'vcenter2.tanzu.lab');
      set(h, 'variable.extra', { type: 'string' });
      set(h, 'output.ring.value', 'production');
      set(h, 'terraform.required_providers.vsphere.version', '~> 2.16');
      set(h, 'data.vsphere_datacenter.hub.name', 'hub-dc2');
    });
    expect(d.changes.map((c) => [c.block, c.address, c.kind])).toEqual([
      ['data', 'data.vsphere_datacenter.hub', 'changed'],
      ['provider', 'provider.vsphere', 'changed'],
      ['variable', 'variable.extra', 'added'],
      ['output', 'output.ring', 'changed'],
      ['terraform', 'terraform.required_providers', 'changed'],
    ]);
    expect(d.ring).toBe('production');
  });
});

describe('stacks added and removed', () => {
  test('an added stack lists its items without attributes and warns of nothing', () => {
    const d = diff('edge90', undefined, siteStack('edge90', 'canary'));
    expect(d.status).toBe('added');
    expect(d.changes.every((c) => c.kind === 'added' && c.attributes.length === 0)).toBe(true);
    expect(d.changes.map((c) => c.address)).toContain('kubernetes_manifest.cluster');
    expect(d.warnings).toEqual([]);
  });

  /** A site stack with its `phase` output, as the app writes it. */
  function withPhase(id: string, phase: string): Stack {
    const stack = siteStack(id, 'production');
    set(stack, 'output.phase', { description: 'Bring-up phase of the site (bootstrap, active or decommissioning).', value: phase });
    return stack;
  }

  const ORPHANED =
    'stack removed without decommissioning (phase active in base): Terraform destroys nothing, since it no longer plans the stack; ' +
    'what it managed keeps running, unmanaged, and stays in its state (terraform.edge90.tfstate). ' +
    'To retire the site: restore its file with phase: decommissioning, deploy, destroy, then remove the file (docs/security.md, Decommissioning a site)';

  test('a site removed without decommissioning: each stateful resource is orphaned (kept running, unmanaged, in its state), none destroyed', () => {
    const d = diff('edge90', withPhase('edge90', 'active'), undefined);
    expect(d.status).toBe('removed');
    expect(d.ring).toBe('production');
    expect(d.warnings.map((w) => [w.kind, w.address, w.type])).toEqual([
      ['orphaned', 'kubernetes_manifest.cluster', 'kubernetes_manifest (Cluster)'],
      ['orphaned', 'kubernetes_manifest.namespace', 'kubernetes_manifest (Namespace)'],
      ['orphaned', 'vsphere_compute_cluster.cluster', 'vsphere_compute_cluster'],
      ['orphaned', 'vsphere_datacenter.dc', 'vsphere_datacenter'],
      ['orphaned', 'vsphere_distributed_virtual_switch.vds', 'vsphere_distributed_virtual_switch'],
      ['orphaned', 'vsphere_host.esx01', 'vsphere_host'],
      ['orphaned', 'vsphere_host.esx02', 'vsphere_host'],
    ]);
    expect([...new Set(d.warnings.map((w) => w.message))]).toEqual([ORPHANED]);
    // Not stateful: listed as removed, no warning.
    expect(d.changes.find((c) => c.address === 'vsphere_distributed_port_group.mgmt')).toMatchObject({ kind: 'removed', stateful: false });
  });

  test('a site removed after decommissioning: its resources were destroyed by cdktf destroy, if that ran; removing the stack destroys nothing', () => {
    const d = diff('edge90', withPhase('edge90', 'decommissioning'), undefined);
    expect(d.warnings.map((w) => w.kind)).toEqual(Array(7).fill('decommissioned'));
    expect([...new Set(d.warnings.map((w) => w.message))]).toEqual([
      'stack removed after decommissioning (phase decommissioning in base): removing it destroys nothing; ' +
        'what it managed was destroyed by SITES=edge90 npx cdktf destroy edge90 (docs/security.md, Decommissioning a site, step 3) if that ran to the end, ' +
        'else it keeps running, unmanaged, in its state (terraform.edge90.tfstate)',
    ]);
  });

  test('a removed stack: what its removed blocks made Terraform forget is named; the state is its Terraform Cloud workspace there', () => {
    const base = withPhase('edge90', 'bootstrap');
    set(base, 'removed', [
      { from: 'kubernetes_manifest.workload', lifecycle: { destroy: false } },
      { from: 'helm_release.agent', lifecycle: { destroy: false } },
    ]);
    set(base, 'terraform.backend', undefined);
    set(base, 'terraform.cloud', { organization: 'tanzu-edge', workspaces: { name: 'edge-fleet-edge90' } });
    const d = diff('edge90', base, undefined);
    expect([...new Set(d.warnings.map((w) => [w.kind, w.message].join(': ')))]).toEqual([
      'orphaned: stack removed without decommissioning (phase bootstrap in base): Terraform destroys nothing, since it no longer plans the stack; ' +
        'what it managed keeps running, unmanaged, and stays in its state (Terraform Cloud workspace edge-fleet-edge90); ' +
        'the 2 objects its removed blocks had made Terraform forget keep running (where they exist), unmanaged and in no state. ' +
        'To retire the site: restore its file with phase: decommissioning, deploy, destroy, then remove the file (docs/security.md, Decommissioning a site)',
    ]);
  });

  test('a removed fleet-level stack: orphaned too, without the advice for sites', () => {
    const d = diff('hub', hubStack(), undefined);
    expect(d.warnings).toEqual([
      {
        kind: 'orphaned',
        address: 'vsphere_content_library.images',
        type: 'vsphere_content_library',
        message: 'stack removed: Terraform destroys nothing, since it no longer plans the stack; what it managed keeps running, unmanaged, and stays in its state (terraform.hub.tfstate)',
      },
    ]);
  });
});

describe('destroy, replace, rename', () => {
  test('a stateful resource removed from a stack would be destroyed', () => {
    const d = edited((h) => set(h, 'resource.vsphere_host.esx02', undefined));
    expect(d.changes).toEqual([expect.objectContaining({ address: 'vsphere_host.esx02', kind: 'removed', stateful: true })]);
    expect(d.warnings).toEqual([{ kind: 'destroy', address: 'vsphere_host.esx02', type: 'vsphere_host', message: 'would be destroyed' }]);
  });

  test('a ForceNew change replaces a stateful resource, and what refers to its computed id follows', () => {
    const d = edited((h) => set(h, 'resource.vsphere_datacenter.dc.name', 'edge33-datacenter'));
    const dc = d.changes.find((c) => c.address === 'vsphere_datacenter.dc');
    expect(dc).toMatchObject({ kind: 'replaced', stateful: true, replacedBecause: ['name changed'] });
    expect(dc?.attributes).toEqual([{ path: 'name', op: 'changed', before: 'edge33-dc', after: 'edge33-datacenter', sensitive: false, forcesReplacement: true }]);
    // datacenter_id = ${vsphere_datacenter.dc.moid}: unknown after the replacement, ForceNew.
    expect(d.changes.find((c) => c.address === 'vsphere_compute_cluster.cluster')).toMatchObject({
      kind: 'replaced',
      replacedBecause: ['datacenter_id depends on vsphere_datacenter.dc.moid (replaced)'],
    });
    // And the port group through the switch it sits on (not stateful: no warning).
    expect(d.changes.find((c) => c.address === 'vsphere_distributed_port_group.mgmt')).toMatchObject({ kind: 'replaced', stateful: false });
    // vsphere_host.datacenter is not ForceNew: the hosts are not replaced.
    expect(d.changes.find((c) => c.address === 'vsphere_host.esx01')).toBeUndefined();
    const replace = d.warnings.filter((w) => w.kind === 'replace').map((w) => [w.address, w.message]);
    expect(replace).toEqual([
      ['vsphere_compute_cluster.cluster', 'would be replaced (datacenter_id depends on vsphere_datacenter.dc.moid (replaced))'],
      ['vsphere_datacenter.dc', 'would be replaced (name changed); lifecycle.prevent_destroy is set, so the plan will fail'],
      ['vsphere_distributed_virtual_switch.vds', 'would be replaced (datacenter_id depends on vsphere_datacenter.dc.moid (replaced))'],
    ]);
  });

  test('a kubernetes_manifest Cluster is replaced when its name changes, updated in place when its version does', () => {
    const renamed = edited((h) => set(h, 'resource.kubernetes_manifest.cluster.manifest.metadata.name', 'tkg-edge33-wld02'));
    expect(renamed.warnings).toEqual([
      { kind: 'replace', address: 'kubernetes_manifest.cluster', type: 'kubernetes_manifest (Cluster)', message: 'would be replaced (manifest.metadata.name changed)' },
    ]);
    const upgraded = edited((h) => set(h, 'resource.kubernetes_manifest.cluster.manifest.spec.topology.version', 'v1.29.4'));
    expect(upgraded.changes).toEqual([expect.objectContaining({ kind: 'changed', manifestKind: 'Cluster', stateful: true })]);
    // Updated in place, but Cluster API replaces every node: a warning of its own.
    expect(upgraded.warnings).toEqual([
      {
        kind: 'rollout',
        address: 'kubernetes_manifest.cluster',
        type: 'kubernetes_manifest (Cluster)',
        message: 'rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes v1.28.8---vmware.1-tkg.2 → v1.29.4',
      },
    ]);
  });

  test('an upgrade that skips a minor version, a downgrade, a new machine size: each a rollout warning saying what Cluster API does', () => {
    const message = (edit: (h: JsonObject) => void) => edited(edit).warnings.map((w) => [w.kind, w.message]);
    expect(message((h) => set(h, 'resource.kubernetes_manifest.cluster.manifest.spec.topology.version', 'v1.30.1+vmware.1-tkg.1'))).toEqual([
      [
        'rollout',
        'rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes v1.28.8---vmware.1-tkg.2 → v1.30.1+vmware.1-tkg.1: skips v1.29, which Cluster API refuses at apply (one minor at a time)',
      ],
    ]);
    expect(message((h) => set(h, 'resource.kubernetes_manifest.cluster.manifest.spec.topology.version', 'v1.27.9+vmware.1-tkg.1'))).toEqual([
      ['rollout', 'rolls every node (Cluster API replaces the control plane, then the workers, one node at a time): Kubernetes v1.28.8---vmware.1-tkg.2 → v1.27.9+vmware.1-tkg.1: a downgrade, which Cluster API refuses at apply'],
    ]);
    const variables = (worker: number) => [
      { name: 'controlPlane', value: { machine: { numCPUs: 2, memoryMiB: 8192, diskGiB: 40 } } },
      { name: 'worker', value: { machine: { numCPUs: 2, memoryMiB: worker, diskGiB: 40 } } },
    ];
    const withVariables = (worker: number) => (h: JsonObject) => set(h, 'resource.kubernetes_manifest.cluster.manifest.spec.topology.variables', variables(worker));
    const before = siteStack('edge33', 'canary');
    withVariables(4096)(before);
    const after = siteStack('edge33', 'canary');
    withVariables(8192)(after);
    expect(diff('edge33', before, after).warnings.map((w) => [w.kind, w.message])).toEqual([
      ['rollout', 'rolls nodes: the worker machine size (variable worker) changes, so every worker node is replaced'],
    ]);
  });

  test('a ForceNew sub-path (ovf_deploy) counts; a non-stateful replace has no warning', () => {
    const withExtras = (ova: string, netstack: string) => {
      const stack = siteStack('edge33', 'canary');
      set(stack, 'resource.vsphere_virtual_machine.vm', { name: 'vm', ovf_deploy: [{ remote_ovf_url: `https://images/${ova}` }] });
      set(stack, 'resource.vsphere_vnic.vmk1', { host: '${vsphere_host.esx01.id}', netstack });
      return stack;
    };
    const d = diff('edge33', withExtras('1.ova', 'vmotion'), withExtras('2.ova', 'defaultTcpipStack'));
    expect(d.changes.map((c) => [c.address, c.kind, c.stateful, c.replacedBecause])).toEqual([
      ['vsphere_virtual_machine.vm', 'replaced', true, ['ovf_deploy[0].remote_ovf_url changed']],
      ['vsphere_vnic.vmk1', 'replaced', false, ['netstack changed']],
    ]);
    expect(d.warnings.map((w) => [w.kind, w.address])).toEqual([['replace', 'vsphere_virtual_machine.vm']]);
  });

  test('replace_triggered_by follows a change of the resource it names', () => {
    const d = edited((h) => {
      set(h, 'resource.vsphere_host.esx01.thumbprint', 'AA:BB');
      set(h, 'resource.helm_release.agent', { name: 'agent', namespace: 'x', lifecycle: { replace_triggered_by: ['${vsphere_host.esx01}'] } });
    });
    const base = siteStack('edge33', 'canary');
    set(base, 'resource.helm_release.agent', { name: 'agent', namespace: 'x', lifecycle: { replace_triggered_by: ['${vsphere_host.esx01}'] } });
    const head = clone(base);
    set(head, 'resource.vsphere_host.esx01.thumbprint', 'AA:BB');
    const triggered = diff('edge33', base, head);
    expect(d.changes.find((c) => c.address === 'helm_release.agent')?.kind).toBe('added');
    expect(triggered.changes.find((c) => c.address === 'helm_release.agent')).toMatchObject({ kind: 'replaced', replacedBecause: ['replace_triggered_by vsphere_host.esx01 (changed)'] });
    expect(triggered.warnings.map((w) => [w.kind, w.address])).toEqual([['replace', 'helm_release.agent']]);
  });

  test('FORCE_NEW holds the known ForceNew attributes', () => {
    expect(FORCE_NEW.vsphere_datacenter).toEqual(['name', 'folder']);
    expect(FORCE_NEW.kubernetes_manifest).toContain('manifest.metadata.namespace');
    expect(FORCE_NEW.helm_release).toEqual(['name', 'namespace']);
  });

  test('a stateful resource removed while one of its type appears: a rename (destroy and recreate)', () => {
    const d = edited((h) => {
      const host = (h.resource as JsonObject).vsphere_host as JsonObject;
      host.esx01_renamed = host.esx01;
      delete host.esx01;
    });
    expect(d.changes.map((c) => [c.address, c.kind])).toEqual([
      ['vsphere_host.esx01', 'removed'],
      ['vsphere_host.esx01_renamed', 'added'],
    ]);
    expect(d.warnings).toEqual([
      { kind: 'rename', address: 'vsphere_host.esx01', type: 'vsphere_host', message: 'renamed? (address changed: destroy and recreate) → vsphere_host.esx01_renamed' },
    ]);
  });

  test('a moved block turns the rename into a move: no destroy', () => {
    const d = edited((h) => {
      const host = (h.resource as JsonObject).vsphere_host as JsonObject;
      host.esx01_renamed = host.esx01;
      delete host.esx01;
      h.moved = [{ from: 'vsphere_host.esx01', to: 'vsphere_host.esx01_renamed' }];
    });
    expect(d.changes).toEqual([expect.objectContaining({ address: 'vsphere_host.esx01_renamed', kind: 'moved', movedFrom: 'vsphere_host.esx01', attributes: [] })]);
    expect(d.warnings).toEqual([]);
  });

  test('prevent_destroy removed, count changed and a new backend are warned about', () => {
    const d = edited((h) => {
      set(h, 'resource.vsphere_datacenter.dc.lifecycle', undefined);
      set(h, 'resource.vsphere_host.esx02.count', 0);
      set(h, 'terraform.backend', { s3: { bucket: 'state', key: 'edge33.tfstate' } });
    });
    expect(d.warnings.map((w) => [w.kind, w.address, w.message])).toEqual([
      ['backend-changed', 'terraform.backend', 'state storage changed (backend local → backend s3): migrate the state (terraform init -migrate-state) or the stack plans against an empty state'],
      ['prevent-destroy-removed', 'vsphere_datacenter.dc', 'lifecycle.prevent_destroy removed'],
      ['count-changed', 'vsphere_host.esx02', 'count changed (null → 0): instances may be destroyed'],
    ]);
  });
});

describe('secrets', () => {
  test('secret-looking keys and sensitive variables are masked on both sides', () => {
    const d = edited((h) => {
      set(h, 'resource.vsphere_host.esx01.password', 'VMware1!');
      set(h, 'provider.kubernetes.0.token', 'eyJhbGciOi');
      set(h, 'variable.vsphere_password.default', 'hunter2');
      set(h, 'resource.helm_release.harbor', { name: 'harbor', namespace: 'harbor', set_sensitive: [{ name: 'adminPassword', value: 'Harbor12345' }], values: ['expose:\n  type: ingress\nharborAdminPassword: "Harbor12345"\n'] });
    });
    const masked = d.changes.map(maskItem);
    const attrs = Object.fromEntries(masked.flatMap((c) => c.attributes.map((a) => [`${c.address} ${a.path}`, a])));
    expect(attrs['vsphere_host.esx01 password']).toEqual({ path: 'password', op: 'changed', before: '(sensitive)', after: '(sensitive)', sensitive: true });
    expect(attrs['provider.kubernetes token']).toMatchObject({ before: '(sensitive)', after: '(sensitive)', sensitive: true });
    expect(attrs['variable.vsphere_password default']).toEqual({ path: 'default', op: 'added', after: '(sensitive)', sensitive: true });
    expect(attrs['helm_release.harbor set_sensitive[0].value']).toMatchObject({ after: '(sensitive)', sensitive: true });
    // A secret inside a YAML string: the pair's value is masked, the rest shown.
    expect(attrs['helm_release.harbor values[0]'].after).toBe('expose:\n  type: ingress\nharborAdminPassword: (sensitive)\n');
    expect(attrs['helm_release.harbor name']).toMatchObject({ after: 'harbor' });
    expect(JSON.stringify(masked)).not.toMatch(/VMware1!|eyJhbGciOi|hunter2|Harbor12345/);
  });

  test('nested secrets inside a value and PEM private keys are masked', () => {
    const d = edited((h) => {
      set(h, 'resource.vsphere_host.esx01.thumbprint', { nested: { client_secret: 's3cr3t', ok: 1 } });
      set(h, 'resource.vsphere_host.esx02.thumbprint', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----');
    });
    const text = JSON.stringify(d.changes.map(maskItem));
    expect(text).not.toMatch(/s3cr3t|MIIE/);
    expect(text).toContain('"ok":1');
  });
});
