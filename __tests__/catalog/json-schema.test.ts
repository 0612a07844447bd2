/**
 * The committed JSON Schemas are generated from the validator's definition, are up
 * to date, accept the sample catalog and reject what the validator rejects at the
 * schema level.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { catalogJsonSchemas } from '../../constructs/catalog/json-schema';
import { generatedFilesOf } from '../../tools/generated-files';
import { ROOT, SAMPLE_DIR } from '../support/catalog';

const generated = catalogJsonSchemas();
const ajv = new Ajv({ allErrors: true, strict: true });
const validateSite = ajv.compile(generated['site.schema.json']);
const validateFleet = ajv.compile(generated['fleet.schema.json']);
const sample = (name: string) => parse(fs.readFileSync(path.join(SAMPLE_DIR, name), 'utf8'));

describe('catalog JSON Schemas', () => {
  const files = generatedFilesOf(ROOT);
  test.each(Object.keys(files))('%s is committed and up to date (npm run schema)', (name) => {
    expect(fs.readFileSync(path.join(ROOT, name), 'utf8')).toBe(files[name]);
  });

  test('the built-in defaults appear as JSON Schema defaults', () => {
    const site = generated['site.schema.json'] as { properties: { esxi: { properties: { lockdown: { default: unknown } } } } };
    expect(site.properties.esxi.properties.lockdown.default).toBe('normal');
  });

  test('every sample file names its schema for editors', () => {
    for (const file of fs.readdirSync(SAMPLE_DIR).filter((f) => f.endsWith('.yaml'))) {
      const first = fs.readFileSync(path.join(SAMPLE_DIR, file), 'utf8').split('\n')[0];
      expect(first).toBe(`# yaml-language-server: $schema=../schemas/${file === 'fleet.yaml' ? 'fleet' : 'site'}.schema.json`);
    }
  });

  test('the sample catalog passes the schemas', () => {
    expect(validateFleet(sample('fleet.yaml'))).toBe(true);
    for (const site of ['edge33.yaml', 'edge41.yaml', 'edge52.yaml']) {
      expect([site, validateSite(sample(site)), validateSite.errors]).toEqual([site, true, null]);
    }
  });

  test('the schemas reject unknown keys, missing keys and out-of-range values', () => {
    const edge33 = sample('edge33.yaml');
    expect(validateSite({ ...edge33, tkg: { ...edge33.tkg, wokers: {} } })).toBe(false);
    expect(validateSite.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'wokers' } });
    const { witness: _witness, ...noWitness } = edge33;
    expect(validateSite(noWitness)).toBe(false);
    expect(validateSite.errors?.[0]).toMatchObject({ keyword: 'required', params: { missingProperty: 'witness' } });
    expect(validateSite({ ...edge33, networks: { ...edge33.networks, vsan: { vlan: 4095, cidr: '10.33.2.0/24' } } })).toBe(false);
    expect(validateSite.errors?.[0]).toMatchObject({ keyword: 'maximum', instancePath: '/networks/vsan/vlan' });
    expect(validateSite({ ...edge33, hosts: [edge33.hosts[0]] })).toBe(false);
  });

  test('descriptions reach the editor', () => {
    const site = generated['site.schema.json'] as { properties: Record<string, { description?: string }> };
    expect(site.properties.id.description).toMatch(/stack name/);
    expect(site.properties.witness.description).toMatch(/witness/);
  });
});
