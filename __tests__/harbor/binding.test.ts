/**
 * Hand-written goharbor/harbor binding: synthesized Terraform JSON (and HCL) of the
 * provider and the four resources, token types, and every construction-time rejection.
 */
import { TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
// Type declarations of cdktf's jest matchers (registered at run time by Testing.setupJest()).
import 'cdktf/lib/testing/adapters/jest';
import {
  HARBOR_PROVIDER_NAME,
  HARBOR_PROVIDER_SOURCE,
  HARBOR_PROVIDER_VERSION,
  HARBOR_PROVIDER_VERSION_CONSTRAINT,
} from '../../constructs/harbor/binding/metadata';
import { HarborApiVersion, HarborProvider } from '../../constructs/harbor/binding/provider';
import { HarborProject, HarborDeploymentSecurity } from '../../constructs/harbor/binding/project';
import { HarborRegistry, HarborRegistryProviderName } from '../../constructs/harbor/binding/registry';
import {
  HarborDestNamespaceReplace,
  HarborReplication,
  HarborReplicationAction,
  HarborReplicationConfig,
  HarborReplicationFilter,
} from '../../constructs/harbor/binding/replication';
import {
  HarborRobotAccount,
  HarborRobotAccountConfig,
  HarborRobotAccountPermission,
  HarborRobotLevel,
} from '../../constructs/harbor/binding/robot-account';

type Attrs = Record<string, unknown>;

interface SynthJson {
  readonly terraform: { readonly required_providers: Record<string, { source: string; version: string }> };
  readonly provider: Record<string, Attrs[]>;
  readonly resource: Record<string, Record<string, Attrs>>;
  readonly variable?: Record<string, Attrs>;
  readonly output?: Record<string, { value: unknown }>;
}

/** Matches an error whose message is exactly `message` (a plain string would match a substring). */
function exactly(message: string): Error {
  return new Error(message);
}

/** Casts a deliberately wrong value past the binding's types (for rejection tests). */
function bad<T>(value: unknown): T {
  return value as T;
}

interface Fixture {
  readonly stack: TerraformStack;
  readonly hub: HarborProvider;
  readonly secret: TerraformVariable;
}

function fixture(): Fixture {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'harbor-test');
  const password = new TerraformVariable(stack, 'hub_password', { type: 'string', sensitive: true });
  const secret = new TerraformVariable(stack, 'edge_robot_secret', { type: 'string', sensitive: true });
  const hub = new HarborProvider(stack, 'hub', {
    url: 'https://harbor.hub.example',
    username: 'admin',
    password: password.stringValue,
    alias: 'hub',
  });
  return { stack, hub, secret };
}

function synth(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack, true)) as SynthJson;
}

/** The Terraform expressions the given tokens resolve to (via outputs, one synth). */
function expressions(stack: TerraformStack, tokens: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(tokens)) {
    new TerraformOutput(stack, `probe_${name}`, { value, sensitive: true });
  }
  const outputs = synth(stack).output ?? {};
  return Object.fromEntries(Object.keys(tokens).map((name) => [name, outputs[`probe_${name}`]?.value]));
}

function registry(f: Fixture, id = 'edge-01'): HarborRegistry {
  return new HarborRegistry(f.stack, id, {
    provider: f.hub,
    providerName: 'harbor',
    name: 'edge-01',
    endpointUrl: 'https://harbor.edge-01.example/',
    accessId: 'robot$edge-replication',
    accessSecret: f.secret.stringValue,
  });
}

function replication(f: Fixture, overrides: Partial<HarborReplicationConfig> = {}, id = 'to-edge-01'): HarborReplication {
  const reg = registry(f);
  return new HarborReplication(f.stack, id, {
    provider: f.hub,
    name: 'hub-to-edge-01',
    action: 'push',
    registryId: reg.registryId,
    ...overrides,
  });
}

function robot(f: Fixture, overrides: Partial<HarborRobotAccountConfig> = {}, id = 'edge-robot'): HarborRobotAccount {
  return new HarborRobotAccount(f.stack, id, {
    provider: f.hub,
    name: 'edge-replication',
    level: 'system',
    permissions: [
      {
        kind: 'project',
        namespace: '*',
        access: [
          { action: 'pull', resource: 'repository' },
          { action: 'push', resource: 'repository' },
        ],
      },
    ],
    ...overrides,
  });
}

describe('metadata', () => {
  test('names the provider, its source, generated version and constraint', () => {
    expect(HARBOR_PROVIDER_NAME).toBe('harbor');
    expect(HARBOR_PROVIDER_SOURCE).toBe('goharbor/harbor');
    expect(HARBOR_PROVIDER_VERSION).toBe('3.12.4');
    expect(HARBOR_PROVIDER_VERSION_CONSTRAINT).toBe('~> 3.12');
  });

  test('every class exposes its Terraform type', () => {
    expect(HarborProvider.tfResourceType).toBe('harbor');
    expect(HarborRegistry.tfResourceType).toBe('harbor_registry');
    expect(HarborReplication.tfResourceType).toBe('harbor_replication');
    expect(HarborProject.tfResourceType).toBe('harbor_project');
    expect(HarborRobotAccount.tfResourceType).toBe('harbor_robot_account');
  });
});

describe('HarborProvider', () => {
  test('synthesizes the provider block with insecure=false when the caller does not set it', () => {
    const f = fixture();
    const json = synth(f.stack);
    expect(json.provider.harbor).toEqual([
      {
        alias: 'hub',
        url: 'https://harbor.hub.example',
        username: 'admin',
        password: '${var.hub_password}',
        insecure: false,
      },
    ]);
    expect(f.hub.insecure).toBe(false);
  });

  test('declares goharbor/harbor with the version constraint in required_providers', () => {
    const json = synth(fixture().stack);
    expect(json.terraform.required_providers).toEqual({
      harbor: { source: 'goharbor/harbor', version: '~> 3.12' },
    });
  });

  test('passes every optional argument through, including an explicit insecure=true', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'all-args');
    const token = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true });
    new HarborProvider(stack, 'edge', {
      url: 'https://harbor.edge.example',
      bearerToken: token.stringValue,
      sessionId: 'sid',
      insecure: true,
      apiVersion: 2,
      robotPrefix: 'robot$',
      headers: { 'X-Tenant': 'edge', 'X-Api-Key': token.stringValue },
      alias: 'edge',
    });
    const synthesized = Testing.synth(stack, true);
    expect(synthesized).toHaveProviderWithProperties(HarborProvider, {
      url: 'https://harbor.edge.example',
      bearer_token: '${var.token}',
      session_id: 'sid',
      insecure: true,
      api_version: 2,
      robot_prefix: 'robot$',
      headers: { 'X-Tenant': 'edge', 'X-Api-Key': '${var.token}' },
      alias: 'edge',
    });
    // header names are kept verbatim (cdktf would otherwise snake-case provider map keys)
    const block = (JSON.parse(synthesized) as SynthJson).provider.harbor[0];
    expect(block.headers).toEqual({ 'X-Tenant': 'edge', 'X-Api-Key': '${var.token}' });
    expect(block).not.toHaveProperty('username');
    expect(block).not.toHaveProperty('password');
  });

  test('rejects api_version 3', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(
      () => new HarborProvider(stack, 'hub', { url: 'https://h', apiVersion: bad<HarborApiVersion>(3) }),
    ).toThrow(exactly("provider harbor 'hub': api_version '3' is not allowed; allowed: 1, 2"));
  });
});

describe('HarborRegistry', () => {
  test('synthesizes its attributes, with insecure=false written explicitly', () => {
    const f = fixture();
    new HarborRegistry(f.stack, 'docker-hub', {
      provider: f.hub,
      providerName: 'docker-hub',
      name: 'docker-hub',
      endpointUrl: 'https://hub.docker.com',
      description: 'upstream',
      caCertificate: '-----BEGIN CERTIFICATE-----',
    });
    const json = synth(f.stack);
    expect(json.resource.harbor_registry['docker-hub']).toEqual({
      provider: 'harbor.hub',
      provider_name: 'docker-hub',
      name: 'docker-hub',
      endpoint_url: 'https://hub.docker.com',
      description: 'upstream',
      ca_certificate: '-----BEGIN CERTIFICATE-----',
      insecure: false,
    });
  });

  test('keeps an explicit insecure=true and the sensitive secret as a variable reference', () => {
    const f = fixture();
    new HarborRegistry(f.stack, 'lab', {
      provider: f.hub,
      providerName: 'harbor',
      name: 'lab',
      endpointUrl: 'https://lab',
      accessId: 'robot$x',
      accessSecret: f.secret.stringValue,
      insecure: true,
    });
    expect(Testing.synth(f.stack, true)).toHaveResourceWithProperties(HarborRegistry, {
      insecure: true,
      access_id: 'robot$x',
      access_secret: '${var.edge_robot_secret}',
    });
  });

  test('id (string path) and registryId (number) are distinct tokens', () => {
    const f = fixture();
    const reg = registry(f);
    expect(Token.isUnresolved(reg.id)).toBe(true);
    expect(Token.isUnresolved(reg.registryId)).toBe(true);
    expect(typeof reg.id).toBe('string');
    expect(typeof reg.registryId).toBe('number');
    expect(reg.id).not.toBe(String(reg.registryId));
    expect(expressions(f.stack, { id: reg.id, registryId: reg.registryId, status: reg.status })).toEqual({
      id: '${harbor_registry.edge-01.id}',
      registryId: '${harbor_registry.edge-01.registry_id}',
      status: '${harbor_registry.edge-01.status}',
    });
  });

  test("rejects provider_name 'dockerhub'", () => {
    const f = fixture();
    expect(
      () =>
        new HarborRegistry(f.stack, 'x', {
          providerName: bad<HarborRegistryProviderName>('dockerhub'),
          name: 'x',
          endpointUrl: 'https://x',
        }),
    ).toThrow(
      exactly("harbor_registry 'x': provider_name 'dockerhub' is not allowed; allowed: alibaba, artifact-hub, aws, azure, docker-hub, docker-registry, gitlab, github, google, harbor, helm, huawei, jfrog, quay"),
    );
  });
});

describe('HarborReplication', () => {
  test('a push replication references the numeric registry_id, never the id path', () => {
    const f = fixture();
    const repl = replication(f, {
      schedule: 'event_based',
      destNamespace: 'edge',
      destNamespaceReplace: 1,
      override: true,
      enabled: true,
      deletion: false,
      copyByChunk: false,
      singleActiveReplication: true,
      executeOnChanged: false,
      speed: -1,
      description: 'hub to edge-01',
      filters: [{ name: 'edge/**' }, { tag: 'v*', decoration: 'excludes' }, { labels: ['edge', 'prod'] }, { resource: 'artifact' }],
    });
    const json = synth(f.stack);
    const attrs = json.resource.harbor_replication['to-edge-01'];
    expect(attrs.registry_id).toBe('${harbor_registry.edge-01.registry_id}');
    expect(attrs.registry_id).not.toBe('${harbor_registry.edge-01.id}');
    expect(attrs).toEqual({
      provider: 'harbor.hub',
      name: 'hub-to-edge-01',
      action: 'push',
      registry_id: '${harbor_registry.edge-01.registry_id}',
      schedule: 'event_based',
      dest_namespace: 'edge',
      dest_namespace_replace: 1,
      override: true,
      enabled: true,
      deletion: false,
      copy_by_chunk: false,
      single_active_replication: true,
      execute_on_changed: false,
      speed: -1,
      description: 'hub to edge-01',
      filters: [
        { name: 'edge/**' },
        { tag: 'v*', decoration: 'excludes' },
        { labels: ['edge', 'prod'] },
        { resource: 'artifact' },
      ],
    });
    expect(repl.filtersInput).toHaveLength(4);
    expect(typeof repl.replicationPolicyId).toBe('number');
    expect(expressions(f.stack, { policy: repl.replicationPolicyId, id: repl.id })).toEqual({
      policy: '${harbor_replication.to-edge-01.replication_policy_id}',
      id: '${harbor_replication.to-edge-01.id}',
    });
  });

  test('each filter becomes exactly one filters block (one key each, plus decoration)', () => {
    const f = fixture();
    replication(f, { filters: [{ name: 'a/**' }, { tag: 'v1.*' }, { labels: ['x'], decoration: 'matches' }] });
    const filters = synth(f.stack).resource.harbor_replication['to-edge-01'].filters as Attrs[];
    expect(filters).toHaveLength(3);
    expect(filters.map((x) => Object.keys(x).sort())).toEqual([['name'], ['tag'], ['decoration', 'labels']]);
  });

  test.each(['manual', 'event_based', '0 0 * * * *', '0 0 2 * * *', '0 30 1 * * 0', '0 */15 * * * *'])(
    'accepts schedule %p',
    (schedule) => {
      const f = fixture();
      replication(f, { schedule });
      expect(synth(f.stack).resource.harbor_replication['to-edge-01'].schedule).toBe(schedule);
    },
  );

  test('leaves schedule and filters out when not set (provider defaults apply)', () => {
    const f = fixture();
    replication(f);
    const attrs = synth(f.stack).resource.harbor_replication['to-edge-01'];
    expect(attrs).not.toHaveProperty('schedule');
    expect(attrs).not.toHaveProperty('filters');
  });

  test('a pull replication is accepted', () => {
    const f = fixture();
    replication(f, { action: 'pull', schedule: '0 0 3 * * *' });
    expect(Testing.synth(f.stack, true)).toHaveResourceWithProperties(HarborReplication, {
      action: 'pull',
      schedule: '0 0 3 * * *',
    });
  });

  test('unresolved tokens are not validated', () => {
    const f = fixture();
    const action = new TerraformVariable(f.stack, 'action', { type: 'string' });
    const schedule = new TerraformVariable(f.stack, 'schedule', { type: 'string' });
    const flatten = new TerraformVariable(f.stack, 'flatten', { type: 'number' });
    const resource = new TerraformVariable(f.stack, 'resource', { type: 'string' });
    replication(f, {
      action: bad<HarborReplicationAction>(action.stringValue),
      schedule: schedule.stringValue,
      destNamespaceReplace: bad<HarborDestNamespaceReplace>(flatten.numberValue),
      filters: [{ resource: bad<'artifact'>(resource.stringValue) }],
    });
    const attrs = synth(f.stack).resource.harbor_replication['to-edge-01'];
    expect(attrs.action).toBe('${var.action}');
    expect(attrs.schedule).toBe('${var.schedule}');
    expect(attrs.dest_namespace_replace).toBe('${var.flatten}');
    expect(attrs.filters).toEqual([{ resource: '${var.resource}' }]);
  });

  test("rejects action 'sync'", () => {
    expect(() => replication(fixture(), { action: bad<HarborReplicationAction>('sync') })).toThrow(
      exactly("harbor_replication 'to-edge-01': action 'sync' is not allowed; allowed: push, pull"),
    );
  });

  test("rejects a 5-field cron schedule '0 0 * * *'", () => {
    expect(() => replication(fixture(), { schedule: '0 0 * * *' }, 'x')).toThrow(
      exactly(`harbor_replication 'x': schedule '0 0 * * *' is not allowed; allowed: manual, event_based, or a 6-field cron such as "0 0 2 * * *"`),
    );
  });

  test("rejects schedule 'daily'", () => {
    expect(() => replication(fixture(), { schedule: 'daily' }, 'x')).toThrow(
      exactly(`harbor_replication 'x': schedule 'daily' is not allowed; allowed: manual, event_based, or a 6-field cron such as "0 0 2 * * *"`),
    );
  });

  test("rejects schedule 'scheduled' (the trigger type, not a schedule)", () => {
    expect(() => replication(fixture(), { schedule: 'scheduled' }, 'x')).toThrow(
      exactly(`harbor_replication 'x': schedule 'scheduled' is not allowed; allowed: manual, event_based, or a 6-field cron such as "0 0 2 * * *"`),
    );
  });

  test('rejects dest_namespace_replace 4', () => {
    expect(() => replication(fixture(), { destNamespaceReplace: bad<HarborDestNamespaceReplace>(4) }, 'x')).toThrow(
      exactly("harbor_replication 'x': dest_namespace_replace '4' is not allowed; allowed: -1, 0, 1, 2, 3"),
    );
  });

  test('rejects a filter that sets none of name/tag/labels/resource', () => {
    expect(() => replication(fixture(), { filters: [bad<HarborReplicationFilter>({})] }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0] sets none of name, tag, labels, resource; write one filters block per filter"),
    );
  });

  test('rejects a filter that sets both name and tag', () => {
    const filters = [{ name: 'a/**' }, bad<HarborReplicationFilter>({ name: 'b/**', tag: 'v*' })];
    expect(() => replication(fixture(), { filters }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[1] sets name, tag; it must set only one of name, tag, labels, resource; write one filters block per filter"),
    );
  });

  test('rejects a filter that sets labels and resource', () => {
    const filters = [bad<HarborReplicationFilter>({ labels: ['a'], resource: 'artifact' })];
    expect(() => replication(fixture(), { filters }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0] sets labels, resource; it must set only one of name, tag, labels, resource; write one filters block per filter"),
    );
  });

  test('rejects decoration on a name filter', () => {
    const filters = [bad<HarborReplicationFilter>({ name: 'a/**', decoration: 'excludes' })];
    expect(() => replication(fixture(), { filters }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0].decoration 'excludes' is not allowed on a name filter; allowed only with tag or labels"),
    );
  });

  test('rejects decoration on a resource filter', () => {
    const filters = [bad<HarborReplicationFilter>({ resource: 'chart', decoration: 'matches' })];
    expect(() => replication(fixture(), { filters }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0].decoration 'matches' is not allowed on a resource filter; allowed only with tag or labels"),
    );
  });

  test("rejects decoration 'include'", () => {
    const filters = [bad<HarborReplicationFilter>({ tag: 'v*', decoration: 'include' })];
    expect(() => replication(fixture(), { filters }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0].decoration 'include' is not allowed; allowed: matches, excludes"),
    );
  });

  test("rejects filter resource 'image'", () => {
    const filters = [bad<HarborReplicationFilter>({ resource: 'image' })];
    expect(() => replication(fixture(), { filters }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0].resource 'image' is not allowed; allowed: artifact, chart"),
    );
  });

  test('rejects an empty labels filter', () => {
    expect(() => replication(fixture(), { filters: [{ labels: [] }] }, 'x')).toThrow(
      exactly("harbor_replication 'x': filters[0].labels is empty; give at least one label"),
    );
  });
});

describe('HarborProject', () => {
  test('synthesizes every argument it is given', () => {
    const f = fixture();
    const reg = registry(f);
    const project = new HarborProject(f.stack, 'edge-cache', {
      provider: f.hub,
      name: 'edge-cache',
      public: false,
      vulnerabilityScanning: true,
      vulnerabilityScanner: 'Trivy',
      storageQuota: 50,
      cveAllowlist: ['CVE-2024-0001'],
      deploymentSecurity: 'high',
      enableContentTrust: false,
      enableContentTrustCosign: true,
      autoSbomGeneration: true,
      forceDestroy: false,
      registryId: reg.registryId,
      proxySpeedKb: 2048,
      proxyCacheLocalOnNotFound: true,
    });
    expect(synth(f.stack).resource.harbor_project['edge-cache']).toEqual({
      provider: 'harbor.hub',
      name: 'edge-cache',
      public: false,
      vulnerability_scanning: true,
      vulnerability_scanner: 'Trivy',
      storage_quota: 50,
      cve_allowlist: ['CVE-2024-0001'],
      deployment_security: 'high',
      enable_content_trust: false,
      enable_content_trust_cosign: true,
      auto_sbom_generation: true,
      force_destroy: false,
      registry_id: '${harbor_registry.edge-01.registry_id}',
      proxy_speed_kb: 2048,
      proxy_cache_local_on_not_found: true,
    });
    expect(typeof project.projectId).toBe('number');
    expect(expressions(f.stack, { projectId: project.projectId, id: project.id, name: project.name })).toEqual({
      projectId: '${harbor_project.edge-cache.project_id}',
      id: '${harbor_project.edge-cache.id}',
      name: '${harbor_project.edge-cache.name}',
    });
  });

  test('writes only the name when nothing else is set', () => {
    const f = fixture();
    new HarborProject(f.stack, 'p', { provider: f.hub, name: 'edge' });
    expect(synth(f.stack).resource.harbor_project.p).toEqual({ provider: 'harbor.hub', name: 'edge' });
  });

  test("rejects deployment_security 'severe'", () => {
    const f = fixture();
    expect(
      () => new HarborProject(f.stack, 'p', { name: 'p', deploymentSecurity: bad<HarborDeploymentSecurity>('severe') }),
    ).toThrow(exactly("harbor_project 'p': deployment_security 'severe' is not allowed; allowed: critical, high, medium, low, none"));
  });
});

describe('HarborRobotAccount', () => {
  test('synthesizes a system robot with nested permissions/access blocks and a variable secret', () => {
    const f = fixture();
    const project = new HarborProject(f.stack, 'edge', { provider: f.hub, name: 'edge' });
    const account = robot(f, {
      description: 'replication from hub',
      disable: false,
      duration: -1,
      secret: f.secret.stringValue,
      permissions: [
        {
          kind: 'project',
          namespace: project.name,
          access: [
            { action: 'pull', resource: 'repository' },
            { action: 'push', resource: 'repository', effect: 'allow' },
            { action: 'delete', resource: 'artifact', effect: 'deny' },
          ],
        },
        { kind: 'system', namespace: '/', access: [{ action: 'read', resource: 'registry' }] },
      ],
    });
    expect(synth(f.stack).resource.harbor_robot_account['edge-robot']).toEqual({
      provider: 'harbor.hub',
      name: 'edge-replication',
      level: 'system',
      description: 'replication from hub',
      disable: false,
      duration: -1,
      secret: '${var.edge_robot_secret}',
      permissions: [
        {
          kind: 'project',
          namespace: '${harbor_project.edge.name}',
          access: [
            { action: 'pull', resource: 'repository' },
            { action: 'push', resource: 'repository', effect: 'allow' },
            { action: 'delete', resource: 'artifact', effect: 'deny' },
          ],
        },
        { kind: 'system', namespace: '/', access: [{ action: 'read', resource: 'registry' }] },
      ],
    });
    expect(account.levelInput).toBe('system');
  });

  test('exposes robot_id, full_name and the sensitive secret as string tokens usable by a registry', () => {
    const f = fixture();
    const account = robot(f);
    const tokens = { id: account.id, robotId: account.robotId, fullName: account.fullName, secret: account.secret };
    for (const token of Object.values(tokens)) {
      expect(typeof token).toBe('string');
      expect(Token.isUnresolved(token)).toBe(true);
    }
    new HarborRegistry(f.stack, 'hub-on-edge', {
      provider: f.hub,
      providerName: 'harbor',
      name: 'hub',
      endpointUrl: 'https://harbor.hub.example',
      accessId: account.fullName,
      accessSecret: account.secret,
    });
    expect(synth(f.stack).resource.harbor_registry['hub-on-edge']).toMatchObject({
      access_id: '${harbor_robot_account.edge-robot.full_name}',
      access_secret: '${harbor_robot_account.edge-robot.secret}',
    });
    expect(expressions(f.stack, tokens)).toEqual({
      id: '${harbor_robot_account.edge-robot.id}',
      robotId: '${harbor_robot_account.edge-robot.robot_id}',
      fullName: '${harbor_robot_account.edge-robot.full_name}',
      secret: '${harbor_robot_account.edge-robot.secret}',
    });
  });

  test('does not write secret when unset (Harbor generates one)', () => {
    const f = fixture();
    robot(f);
    const attrs = synth(f.stack).resource.harbor_robot_account['edge-robot'];
    expect(attrs).not.toHaveProperty('secret');
    expect(attrs).not.toHaveProperty('secret_wo');
  });

  test('a project-level robot with one project permission and a write-only secret', () => {
    const f = fixture();
    robot(f, {
      level: 'project',
      secretWo: f.secret.stringValue,
      secretWoVersion: 2,
      permissions: [{ kind: 'project', namespace: 'edge', access: [{ action: 'pull', resource: 'repository' }] }],
    });
    expect(Testing.synth(f.stack, true)).toHaveResourceWithProperties(HarborRobotAccount, {
      level: 'project',
      secret_wo: '${var.edge_robot_secret}',
      secret_wo_version: 2,
      permissions: [{ kind: 'project', namespace: 'edge', access: [{ action: 'pull', resource: 'repository' }] }],
    });
  });

  test('unresolved tokens are not validated', () => {
    const f = fixture();
    const level = new TerraformVariable(f.stack, 'level', { type: 'string' });
    const ns = new TerraformVariable(f.stack, 'ns', { type: 'string' });
    robot(f, {
      level: bad<HarborRobotLevel>(level.stringValue),
      permissions: [{ kind: 'system', namespace: ns.stringValue, access: [{ action: 'list', resource: 'project' }] }],
    });
    const attrs = synth(f.stack).resource.harbor_robot_account['edge-robot'];
    expect(attrs.level).toBe('${var.level}');
    expect(attrs.permissions).toEqual([{ kind: 'system', namespace: '${var.ns}', access: [{ action: 'list', resource: 'project' }] }]);
  });

  const pull = [{ action: 'pull' as const, resource: 'repository' }];

  test.each<[string, Partial<HarborRobotAccountConfig>, string]>([
    ["level 'global'", { level: bad<HarborRobotLevel>('global') }, "level 'global' is not allowed; allowed: system, project"],
    ['duration 0', { duration: 0 }, "duration '0' is not allowed; allowed: -1 (never expires) or a positive whole number of days"],
    ['duration 1.5', { duration: 1.5 }, "duration '1.5' is not allowed; allowed: -1 (never expires) or a positive whole number of days"],
    ['an empty permissions list', { permissions: [] }, 'permissions is empty; give at least one permissions block'],
    [
      "permission kind 'repo'",
      { permissions: [bad<HarborRobotAccountPermission>({ kind: 'repo', namespace: 'edge', access: pull })] },
      "permissions[0].kind 'repo' is not allowed; allowed: system, project",
    ],
    [
      "kind system with namespace 'edge'",
      { permissions: [{ kind: 'system', namespace: 'edge', access: pull }] },
      "permissions[0].namespace 'edge' is not allowed for kind system; allowed: /",
    ],
    [
      'a permission without access',
      { permissions: [{ kind: 'project', namespace: 'edge', access: [] }] },
      'permissions[0].access is empty; give at least one access block',
    ],
    [
      "access action 'write'",
      { permissions: [bad<HarborRobotAccountPermission>({ kind: 'project', namespace: 'edge', access: [{ action: 'write', resource: 'repository' }] })] },
      "permissions[0].access[0].action 'write' is not allowed; allowed: *, pull, push, create, read, update, delete, list, operate, scanner-pull, stop",
    ],
    [
      "access effect 'permit'",
      { permissions: [bad<HarborRobotAccountPermission>({ kind: 'project', namespace: 'edge', access: [{ action: 'pull', resource: 'repository', effect: 'permit' }] })] },
      "permissions[0].access[0].effect 'permit' is not allowed; allowed: allow, deny",
    ],
    [
      'an empty access resource',
      { permissions: [{ kind: 'project', namespace: 'edge', access: [{ action: 'pull', resource: ' ' }] }] },
      "permissions[0].access[0].resource ' ' is not allowed; allowed: a Harbor RBAC resource such as repository",
    ],
    [
      'level project with two permissions',
      {
        level: 'project',
        permissions: [
          { kind: 'project', namespace: 'a', access: pull },
          { kind: 'project', namespace: 'b', access: pull },
        ],
      },
      'level project allows exactly one permissions block; got 2',
    ],
    [
      'level project with a system permission',
      { level: 'project', permissions: [{ kind: 'system', namespace: '/', access: pull }] },
      "permissions[0].kind 'system' is not allowed for level project; allowed: project",
    ],
    ['secret together with secret_wo', { secret: 's', secretWo: 'w', secretWoVersion: 1 }, 'secret and secret_wo are mutually exclusive; set only one'],
    [
      'secret together with secret_wo_version',
      { secret: 's', secretWoVersion: 1 },
      'secret and secret_wo_version are mutually exclusive; secret_wo_version goes with secret_wo',
    ],
    ['secret_wo without secret_wo_version', { secretWo: 'w' }, 'secret_wo requires secret_wo_version'],
    ['secret_wo_version without secret_wo', { secretWoVersion: 1 }, 'secret_wo_version requires secret_wo'],
  ])('rejects %s', (_label, overrides, message) => {
    expect(() => robot(fixture(), overrides, 'r')).toThrow(exactly(`harbor_robot_account 'r': ${message}`));
  });
});

describe('HCL output (SYNTH_HCL_OUTPUT)', () => {
  test('renders the provider, insecure=false and one filters / permissions block per entry', () => {
    const f = fixture();
    replication(f, { schedule: '0 0 2 * * *', filters: [{ name: 'edge/**' }, { tag: 'v*', decoration: 'matches' }] });
    robot(f);
    const hcl = String(Testing.synthHcl(f.stack, true));
    expect(hcl).toContain('provider "harbor" {');
    expect(hcl).toContain('source = "goharbor/harbor"');
    expect(hcl).toContain('version = "~> 3.12"');
    expect(hcl.match(/insecure = false/g)).toHaveLength(2); // provider + registry
    expect(hcl).toContain('registry_id = "${harbor_registry.edge-01.registry_id}"');
    expect(hcl.match(/^filters \{/gm)).toHaveLength(2);
    expect(hcl).toMatch(/filters \{\s*name = "edge\/\*\*"\s*\}/);
    expect(hcl).toMatch(/filters \{\s*tag = "v\*"\s*decoration = "matches"\s*\}/);
    expect(hcl.match(/^permissions \{/gm)).toHaveLength(1);
    expect(hcl.match(/^access \{/gm)).toHaveLength(2);
  });
});
