/**
 * fluentBitValues: filesystem buffering with exactly the reference's keys, forwarding to
 * the hub over verified TLS with a shared key, records tagged with the site, the CA
 * extension, rejections and determinism.
 */
import { parse } from 'yaml';
import {
  FLUENT_BIT_HUB_CA_PATH,
  FluentBitValuesOptions,
  classicSection,
  fluentBitConfigSections,
  fluentBitExtensions,
  fluentBitValues,
} from '../../../constructs/addons/values/fluent-bit';
import { toYaml } from '../../../constructs/addons/values/types';
import { CA_PEM, IDENTITY, json, terraformHazards, text } from './fixtures';

const hub = { host: 'logs.hub.tanzu.lab', sharedKey: '${var.log_shared_key}' };
const base: FluentBitValuesOptions = { identity: IDENTITY, hub };

/** `key value` pairs of every section named `name` in a classic config text. */
function entries(config: string, name: string): Array<Array<[string, string]>> {
  return config
    .split(/\n(?=\[)/)
    .filter((block) => block.startsWith(`[${name}]`))
    .map((block) =>
      block
        .split('\n')
        .slice(1)
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const m = /^ {4}(\S+)\s+(.*)$/.exec(line);
          if (!m) throw new Error(`malformed line: ${line}`);
          return [m[1], m[2]] as [string, string];
        }),
    );
}
const get = (pairs: Array<[string, string]>, key: string): string[] => pairs.filter(([k]) => k === key).map(([, v]) => v);

describe('fluentBitConfigSections', () => {
  const s = fluentBitConfigSections(base);

  test('[SERVICE] has the reference buffering keys, storage.path under /var/log', () => {
    const [service] = entries(s.service, 'SERVICE');
    expect(get(service, 'storage.path')).toEqual(['/var/log/flb-storage/']);
    expect(get(service, 'storage.sync')).toEqual(['normal']);
    expect(get(service, 'storage.checksum')).toEqual(['off']);
    expect(get(service, 'storage.backlog.mem_limit')).toEqual(['5M']);
    expect(get(service, 'storage.max_chunks_up')).toEqual(['128']);
    expect(get(service, 'storage.metrics')).toEqual(['on']);
    expect(get(service, 'HTTP_Server')).toEqual(['On']);
    expect(get(service, 'HTTP_Port')).toEqual(['2020']);
    expect(get(service, 'Parsers_File')).toEqual(['parsers.conf']);
  });

  test('[INPUT]s buffer to the filesystem with mem_buf_limit and keep their position on the host', () => {
    const inputs = entries(s.inputs, 'INPUT');
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(get(input, 'storage.type')).toEqual(['filesystem']);
      expect(get(input, 'mem_buf_limit')).toEqual(['5M']);
      expect(get(input, 'DB')[0]).toMatch(/^\/var\/log\/flb-[a-z]+\.db$/);
    }
    expect(get(inputs[0], 'Name')).toEqual(['tail']);
    expect(get(inputs[0], 'Path')).toEqual(['/var/log/containers/*.log']);
    expect(get(inputs[0], 'Parser')).toEqual(['cri']);
    expect(get(inputs[1], 'Name')).toEqual(['systemd']);
  });

  test('[OUTPUT] forwards to the hub: TLS verified, shared key token, total limit, unlimited retries', () => {
    const [output] = entries(s.outputs, 'OUTPUT');
    expect(output).toEqual([
      ['Name', 'forward'],
      ['Match', '*'],
      ['Alias', 'hub_forward'],
      ['Host', 'logs.hub.tanzu.lab'],
      ['Port', '24224'],
      ['Shared_Key', '${var.log_shared_key}'],
      ['Self_Hostname', 'tkg-edge33-wld01'],
      ['tls', 'On'],
      ['tls.verify', 'On'],
      ['storage.total_limit_size', '2G'],
      ['Retry_Limit', 'False'],
    ]);
  });

  test('with a hub CA the output points tls.ca_file at the mounted Secret', () => {
    const [output] = entries(fluentBitConfigSections({ ...base, hub: { ...hub, caCertificate: CA_PEM } }).outputs, 'OUTPUT');
    expect(get(output, 'tls.ca_file')).toEqual([FLUENT_BIT_HUB_CA_PATH]);
    expect(get(output, 'tls.verify')).toEqual(['On']);
  });

  test('[FILTER]s: Kubernetes metadata, then site, ring and cluster on every record', () => {
    const filters = entries(s.filters, 'FILTER');
    expect(get(filters[0], 'Name')).toEqual(['kubernetes']);
    expect(get(filters[0], 'Kube_Tag_Prefix')).toEqual(['kube.var.log.containers.']);
    expect(filters[1]).toEqual([
      ['Name', 'record_modifier'],
      ['Match', '*'],
      ['Record', 'site edge33'],
      ['Record', 'ring canary'],
      ['Record', 'cluster tkg-edge33-wld01'],
    ]);
  });

  test('[PARSER]s define the cri and json parsers the inputs use', () => {
    const parsers = entries(s.parsers, 'PARSER');
    expect(parsers.map((p) => get(p, 'Name')[0])).toEqual(['cri', 'json']);
    expect(get(parsers[0], 'Regex')).toEqual(['^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<message>.*)$']);
  });

  test('buffer options are honoured', () => {
    const t = fluentBitConfigSections({
      ...base,
      buffer: { path: '/var/log/edge-buffer', sync: 'full', checksum: true, backlogMemLimit: '10M', maxChunksUp: 64, memBufLimit: '16M', totalLimitSize: '5G' },
    });
    const [service] = entries(t.service, 'SERVICE');
    expect(get(service, 'storage.path')).toEqual(['/var/log/edge-buffer/']);
    expect(get(service, 'storage.sync')).toEqual(['full']);
    expect(get(service, 'storage.checksum')).toEqual(['on']);
    expect(get(service, 'storage.backlog.mem_limit')).toEqual(['10M']);
    expect(get(service, 'storage.max_chunks_up')).toEqual(['64']);
    expect(get(entries(t.inputs, 'INPUT')[0], 'mem_buf_limit')).toEqual(['16M']);
    expect(get(entries(t.outputs, 'OUTPUT')[0], 'storage.total_limit_size')).toEqual(['5G']);
  });

  test('the rendered sections contain the exact buffering keys as text', () => {
    expect(s.service).toMatch(/^ {4}storage\.path +\/var\/log\/flb-storage\/$/m);
    expect(s.inputs).toMatch(/^ {4}storage\.type +filesystem$/m);
    expect(s.inputs).toMatch(/^ {4}mem_buf_limit +5M$/m);
    expect(s.outputs).toMatch(/^ {4}storage\.total_limit_size 2G$/m);
    expect(s.service.startsWith('[SERVICE]\n')).toBe(true);
  });
});

describe('fluentBitValues', () => {
  test('package keys: namespace and fluent_bit.config.* carrying the rendered sections', () => {
    const v = json(fluentBitValues(base));
    const s = fluentBitConfigSections(base);
    expect(Object.keys(v)).toEqual(['namespace', 'fluent_bit']);
    expect(v.namespace).toBe('tanzu-system-logging');
    expect(v.fluent_bit).toEqual({ config: { service: s.service, outputs: s.outputs, inputs: s.inputs, filters: s.filters, parsers: s.parsers } });
  });

  test('YAML carries the sections as literal blocks and parses back; deterministic', () => {
    const yaml = toYaml(fluentBitValues(base));
    expect(yaml).toContain('    service: |\n      [SERVICE]\n');
    expect(parse(yaml)).toEqual(json(fluentBitValues(base)));
    expect(toYaml(fluentBitValues({ hub: { sharedKey: hub.sharedKey, host: hub.host }, identity: { ...IDENTITY } }))).toBe(yaml);
  });

  test('only the shared key token is Terraform syntax', () => {
    expect(terraformHazards(fluentBitValues(base), ['${var.log_shared_key}'])).toEqual([]);
  });
});

describe('fluentBitExtensions', () => {
  test('none without a CA; with one, a Secret and an overlay on the fluent-bit DaemonSet', () => {
    expect(fluentBitExtensions(base)).toEqual([]);
    const [ext] = fluentBitExtensions({ ...base, hub: { ...hub, caCertificate: CA_PEM } });
    expect(ext.secretName).toBe('fluent-bit-hub-ca-ytt');
    expect(parse(ext.files['hub-ca-secret.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'fluent-bit-hub-ca', namespace: 'tanzu-system-logging' },
      type: 'Opaque',
      stringData: { 'ca.crt': CA_PEM },
    });
    const overlay = ext.files['hub-ca-overlay.yaml'];
    expect(overlay).toContain('overlay.subset({"kind": "DaemonSet", "metadata": {"name": "fluent-bit"}}), expects=1');
    expect(overlay).toContain('      - name: fluent-bit\n');
    expect(overlay).toContain('          mountPath: /fluent-bit/hub-ca\n');
    expect(text(json(parse(overlay.split('---\n')[1])).spec.template.spec.volumes[0].secret.secretName)).toBe('fluent-bit-hub-ca');
  });
});

test('classicSection aligns keys', () => {
  expect(classicSection('OUTPUT', [['Name', 'stdout'], ['Match', '*']])).toBe('[OUTPUT]\n    Name  stdout\n    Match *\n');
});

describe('rejections', () => {
  const cases: Array<[string, FluentBitValuesOptions, string]> = [
    ['path outside /var/log', { ...base, buffer: { path: '/tmp/flb' } }, "fluentBitValues: buffer.path '/tmp/flb' is not allowed; allowed: a directory under /var/log/ (the host path the fluent-bit package mounts writable), not /var/log/containers or /var/log/pods, such as /var/log/flb-storage/"],
    ['path in containers', { ...base, buffer: { path: '/var/log/containers/flb' } }, "fluentBitValues: buffer.path '/var/log/containers/flb' is not allowed; allowed: a directory under /var/log/ (the host path the fluent-bit package mounts writable), not /var/log/containers or /var/log/pods, such as /var/log/flb-storage/"],
    ['path escapes', { ...base, buffer: { path: '/var/log/../tmp' } }, "fluentBitValues: buffer.path '/var/log/../tmp' is not allowed; allowed: a directory under /var/log/ (the host path the fluent-bit package mounts writable), not /var/log/containers or /var/log/pods, such as /var/log/flb-storage/"],
    ['size unit', { ...base, buffer: { totalLimitSize: '2GiB' } }, "fluentBitValues: buffer.totalLimitSize '2GiB' is not allowed; allowed: a Fluent Bit size such as 512K, 5M or 2G"],
    ['sync', { ...base, buffer: { sync: 'fast' as 'full' } }, "fluentBitValues: buffer.sync 'fast' is not allowed; allowed: normal or full"],
    ['chunks', { ...base, buffer: { maxChunksUp: 0 } }, 'fluentBitValues: buffer.maxChunksUp 0 is not allowed; allowed: an integer from 1 to 100000'],
    ['host', { ...base, hub: { ...hub, host: 'https://logs.hub' } }, "fluentBitValues: hub.host 'https://logs.hub' is not allowed; allowed: a lowercase DNS name such as grafana.edge33.example.com"],
    ['port', { ...base, hub: { ...hub, port: 70000 } }, 'fluentBitValues: hub.port 70000 is not allowed; allowed: an integer from 1 to 65535'],
    ['shared key', { ...base, hub: { ...hub, sharedKey: ' ' } }, "fluentBitValues: hub.sharedKey ' ' is not allowed; allowed: a non-empty string, usually a Terraform reference such as ${var.x}"],
    ['shared key line break', { ...base, hub: { ...hub, sharedKey: 'a\nb' } }, "fluentBitValues: hub.sharedKey '(redacted)' is not allowed; allowed: a single-line string"],
    ['CA', { ...base, hub: { ...hub, caCertificate: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n' } }, "fluentBitValues: hub.caCertificate '-----BEGIN CERTIFICATE----- nope -----END CERTIFICATE----- ' is not allowed; allowed: one PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- ...)"],
    ['log level', { ...base, logLevel: 'trace' as 'info' }, "fluentBitValues: logLevel 'trace' is not allowed; allowed: error, warning, info or debug"],
    ['cluster', { ...base, identity: { ...IDENTITY, cluster: '' } }, "fluentBitValues: identity.cluster '' is not allowed; allowed: a DNS label: lowercase letters, digits and hyphens, at most 63 characters"],
  ];
  test.each(cases)('rejects %s', (_name, options, message) => {
    expect(() => fluentBitValues(options)).toThrow(new Error(message));
  });
});
