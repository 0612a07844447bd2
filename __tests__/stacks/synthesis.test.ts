/**
 * Fast synthesis (one token-resolution pass, site sharding across threads) must write
 * exactly what cdktf's own synthesis writes: compared byte for byte, in process and
 * through the real app command, on the default catalog and on a generated one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Fn, TerraformIterator, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { parse, stringify } from 'yaml';
import { loadCatalog } from '../../constructs/catalog/load';
import { FleetApp, buildFleet } from '../../stacks/fleet-app';
import { Synthesis } from '../../stacks/fleet-stack-base';
import { MIN_SITES_PER_WORKER, workerCount } from '../../stacks/shards';
import { WorkQueue } from '../../stacks/work-queue';
import { Worker } from 'worker_threads';
import { CrossStackReferenceError, NUMBER_IN_STRING, singlePassTerraform } from '../../stacks/single-pass';
import { generateCatalog } from '../../tools/bench/generate';
import { SAMPLE_DIR } from '../support/catalog';
import { readTree, runApp } from '../support/synth';

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A generated catalog of `count` sites (the benchmark's generator). */
function generated(count: number): string {
  const dir = tmp('generated-');
  generateCatalog(dir, count, fs.readFileSync(path.join(SAMPLE_DIR, 'fleet.yaml'), 'utf8'));
  return dir;
}

/** Writes every stack of the catalog with one synthesis path; returns the output folder. */
function synthIn(catalogDir: string, synthesis: Synthesis): string {
  const outdir = tmp(`synth-${synthesis}-`);
  const app = new FleetApp({ outdir });
  buildFleet(app, loadCatalog(catalogDir), { synthesis });
  app.synth();
  return outdir;
}

describe('fast synthesis writes what cdktf writes', () => {
  test.each([
    ['the default catalog', () => SAMPLE_DIR],
    ['a generated 24-site catalog', () => generated(24)],
  ])('%s, in process', (_name, catalog) => {
    const dir = catalog();
    const fast = readTree(synthIn(dir, 'fast'));
    const stock = readTree(synthIn(dir, 'stock'));
    expect(Object.keys(fast).length).toBeGreaterThan(3);
    expect(Object.keys(fast).sort()).toEqual(Object.keys(stock).sort());
    for (const file of Object.keys(stock)) expect({ file, text: fast[file] }).toEqual({ file, text: stock[file] });
  });

  test('through the app command, split across threads, manifest included', () => {
    const dir = generated(12);
    const sharded = runApp({ SITE_CATALOG: dir, SYNTH_WORKERS: '2' });
    const stock = runApp({ SITE_CATALOG: dir, FLEET_SYNTH: 'stock' });
    expect(sharded.stderr).toBe('');
    expect(sharded.status).toBe(0);
    expect(stock.status).toBe(0);
    expect(sharded.stacks).toHaveLength(13);
    const manifest = JSON.parse(fs.readFileSync(path.join(sharded.outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toEqual(['hub', ...Array.from({ length: 12 }, (_, i) => `store${String(i + 1).padStart(4, '0')}`)]);
    expect(readTree(sharded.outdir)).toEqual(readTree(stock.outdir));
  });

  test('a policy violation in a site another thread builds still stops everything', () => {
    const dir = generated(6);
    const file = path.join(dir, 'store0006.yaml');
    const site = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    site.esxi = { lockdown: 'disabled' };
    fs.writeFileSync(file, stringify(site));
    const run = runApp({ SITE_CATALOG: dir, SYNTH_WORKERS: '2' });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'policy: store0006: store0006/hosts/preferred: esxi-lockdown: lockdown is "disabled"; allowed: normal or strict\n' +
        'policy: store0006: store0006/hosts/secondary: esxi-lockdown: lockdown is "disabled"; allowed: normal or strict\n' +
        'error: 2 policy violations; nothing was synthesized (docs/security.md, section Waivers, says how to waive a rule)\n',
    );
    expect(run.stacks).toEqual([]);
  });

  test('site files checked by other threads give the same problems, in the same order, as one thread', () => {
    const dir = generated(12);
    fs.writeFileSync(path.join(dir, 'store0003.yaml'), 'id: store0003\nphase: [built\n');
    const file = path.join(dir, 'store0011.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ring: .*$/m, 'ring: 7'));
    const one = runApp({ SITE_CATALOG: dir, SYNTH_WORKERS: '0' });
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/store0003\.yaml.*\n(.*\n)*.*store0011\.yaml: ring: /);
    for (const env of [{ SYNTH_WORKERS: '2' }, { SYNTH_WORKERS: '2', SITES: 'store0005', FLEET_CATALOG_CACHE: 'on' }]) {
      const run = runApp({ SITE_CATALOG: dir, ...env });
      expect({ env, status: run.status, stderr: run.stderr, stacks: run.stacks }).toEqual({ env, status: 1, stderr: one.stderr, stacks: [] });
    }
  });

  test('SITE selection with threads requested writes only the selected sites', () => {
    const dir = generated(6);
    const run = runApp({ SITE_CATALOG: dir, SITES: 'store0002,store0005', SYNTH_WORKERS: '3' });
    expect(run.status).toBe(0);
    expect(run.stacks).toEqual(['hub', 'store0002', 'store0005']);
  });
});

describe('synthesis settings', () => {
  test.each([
    [{ FLEET_SYNTH: 'quick' }, "FLEET_SYNTH: 'quick' is not allowed; allowed: fast (default) or stock\n"],
    [{ SYNTH_WORKERS: 'two' }, "SYNTH_WORKERS: 'two' is not allowed; allowed: a whole number of worker threads (0: synthesize in one thread)\n"],
    [{ SYNTH_WORKERS: '-1' }, "SYNTH_WORKERS: '-1' is not allowed; allowed: a whole number of worker threads (0: synthesize in one thread)\n"],
  ])('%p is refused with its allowed values', (env, message) => {
    const run = runApp(env);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(message);
    expect(run.stacks).toEqual([]);
  });
});

describe('single-pass synthesis', () => {
  test('a reference to another stack is an error, not a silent remote-state lookup', () => {
    const app = Testing.app();
    const hub = new TerraformStack(app, 'hub');
    const site = new TerraformStack(app, 'edge33');
    const name = new TerraformVariable(hub, 'name', { type: 'string' });
    new TerraformOutput(site, 'hub_name', { value: name.stringValue });
    expect(() => singlePassTerraform(site)).toThrow(CrossStackReferenceError);
    expect(() => singlePassTerraform(new TerraformStack(app, 'edge41'))).not.toThrow();
    const other = new TerraformStack(app, 'edge52');
    new TerraformOutput(other, 'hub_name', { value: name.stringValue });
    expect(() => singlePassTerraform(other)).toThrow(
      "stack 'edge52' references stack 'hub'; stacks of the fleet must plan alone: look the object up by name instead",
    );
  });

  test('matches TerraformStack.toTerraform on a stack with outputs and overrides', () => {
    const build = () => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 's');
      const v = new TerraformVariable(stack, 'v', { type: 'string', default: 'x' });
      new TerraformOutput(stack, 'o', { value: v.stringValue });
      stack.addOverride('terraform.required_version', '>= 1.6.0');
      return stack;
    };
    expect(singlePassTerraform(build())).toEqual(build().toTerraform());
  });

  test('lists with tokens, list tokens, encoded numbers and undefined resolve as cdktf resolves them', () => {
    const build = () => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 's');
      const name = new TerraformVariable(stack, 'name', { type: 'string' });
      const names = new TerraformVariable(stack, 'names', { type: 'list(string)' });
      const ports = new TerraformVariable(stack, 'ports', { type: 'list(number)' });
      const port = new TerraformVariable(stack, 'port', { type: 'number' });
      new TerraformOutput(stack, 'all', {
        value: {
          mixed: ['a', name.stringValue, undefined, `x-${name.stringValue}`, { k: name.stringValue, u: undefined }, [name.stringValue, 'b'], 3, port.numberValue],
          listToken: names.listValue,
          withListToken: [...names.listValue],
          numberList: Token.asNumberList(ports.value),
          nested: [[undefined], [], [{}]],
        },
      });
      return stack;
    };
    expect(singlePassTerraform(build())).toEqual(build().toTerraform());
  });

  test("the number-token pattern finds exactly the strings cdktf's pattern finds", () => {
    const cdktf = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/; // tokens/private/encoding of cdktf 0.21.0
    const alphabet = ['-', '|', '1', '9', '.', '+', 'e', 'E', 'x', ' ', 'é', '$', '{'];
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20000; i++) {
      const text = Array.from({ length: next() % 9 }, () => alphabet[next() % alphabet.length]).join('');
      expect([text, NUMBER_IN_STRING.test(text)]).toEqual([text, cdktf.test(text)]);
    }
    expect(NUMBER_IN_STRING.test(String(Token.asNumber('x')))).toBe(true);
  });

  test('a token met again in nested function calls and in other contexts resolves as cdktf resolves it each time', () => {
    // The resolver remembers a token's result per context; a token inside a call
    // renders without braces, the same token outside with them, in an iterator
    // context differently again, and a number token inside text as text.
    const build = () => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 's');
      const user = new TerraformVariable(stack, 'user', { type: 'string' });
      const pass = new TerraformVariable(stack, 'pass', { type: 'string', sensitive: true });
      const port = new TerraformVariable(stack, 'port', { type: 'number' });
      const list = new TerraformVariable(stack, 'hosts', { type: 'list(string)' });
      const auth = Fn.base64encode(Fn.join(':', [user.stringValue, pass.stringValue]));
      const config = Fn.jsonencode({ auths: { 'h.example': { username: user.stringValue, password: pass.stringValue, auth, port: port.numberValue } } });
      const doc = Fn.yamlencode({ kind: 'Secret', data: { a: Fn.base64encode(config), b: Fn.base64encode(config), same: auth }, list: [user.stringValue, `${user.stringValue}-x`, Fn.upper(user.stringValue)] });
      const each = TerraformIterator.fromList(list.listValue);
      // One element: the resolver's memory lasts for one element.
      new TerraformOutput(stack, 'all', {
        sensitive: true,
        value: { doc, again: `${user.stringValue}:${port.numberValue}:${auth}`, plain: user.stringValue, each: each.forExpressionForList(`"${user.stringValue}-\${${each.value}}"`) },
      });
      return stack;
    };
    const fast = singlePassTerraform(build());
    expect(fast).toEqual(build().toTerraform());
    expect(JSON.stringify(fast)).toContain('base64encode(join(\\":\\", [var.user, var.pass]))');
  });
});

describe('shards', () => {
  test('no threads for small fleets or one CPU; one per spare CPU, at most max', () => {
    expect(workerCount(10, 8)).toBe(0);
    expect(workerCount(MIN_SITES_PER_WORKER - 1, 8)).toBe(0);
    expect(workerCount(MIN_SITES_PER_WORKER, 8)).toBe(1);
    expect(workerCount(1000, 1)).toBe(0);
    expect(workerCount(1000, 2)).toBe(1);
    expect(workerCount(1000, 4)).toBe(3);
    expect(workerCount(100000, 64)).toBe(7);
    expect(workerCount(100000, 64, 3)).toBe(3);
  });

  test('a work queue hands every item out exactly once, across threads claiming at once', async () => {
    const queue = WorkQueue.create(1000, 7);
    // Two threads claim from the same queue as this one does; each reports what it got.
    const claimer = `const { parentPort, workerData } = require('worker_threads');
      const next = new Int32Array(workerData.buffer); const got = [];
      for (;;) { const start = Atomics.add(next, 0, workerData.chunk); if (start >= workerData.length) break;
        for (let i = start; i < Math.min(workerData.length, start + workerData.chunk); i++) got.push(i); }
      parentPort.postMessage(got);`;
    const others = [0, 1].map(() => new Promise<number[]>((resolve, reject) => new Worker(claimer, { eval: true, workerData: queue.handle }).once('message', resolve).once('error', reject)));
    const mine: number[] = [];
    for (let chunk = queue.claim(); chunk; chunk = queue.claim()) for (let i = chunk[0]; i < chunk[1]; i++) mine.push(i);
    const all = [...mine, ...(await Promise.all(others)).flat()].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(queue.claim()).toBeUndefined();
    expect(WorkQueue.create(0, 8).claim()).toBeUndefined();
    expect(() => WorkQueue.create(10, 0)).toThrow('internal error: work queue chunk 0; allowed: a whole number of 1 or more');
  });
});
