/**
 * Every Terraform expression the fleet writes parses. Providers cannot be downloaded
 * here, so `terraform validate` cannot run on the stacks themselves; instead every
 * string holding an interpolation or directive becomes an output of a provider-less
 * configuration, and Terraform's own parser reads them. References to resources and
 * variables the probe does not declare are expected; anything else (a syntax error,
 * an invalid escape) fails the test. Skipped, with a note, without a terraform binary.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parse } from 'yaml';
import { HAVE_TERRAFORM, testWhen } from '../support/tools';
import { hclLiterals, yamlencode } from '../../constructs/terraform-functions';
import { Fn, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { readTree, runApp } from '../support/synth';

const withTerraform = testWhen(HAVE_TERRAFORM, 'terraform-expressions.test: no terraform binary on PATH; the HCL parse check cannot run');

/** Every string below `value` that Terraform evaluates as a template, with where it is. */
function expressions(value: unknown, where: string, into: Array<{ where: string; text: string }> = []): Array<{ where: string; text: string }> {
  if (typeof value === 'string') {
    if (value.includes('${') || value.includes('%{')) into.push({ where, text: value });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expressions(v, `${where}[${i}]`, into));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (k !== '//') expressions(v, `${where}.${k}`, into);
  }
  return into;
}

const ENV = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' };

/** A provider-less configuration whose outputs are the given templates, initialised. */
function probe(templates: Array<{ text: string }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcl-probe-'));
  const output = Object.fromEntries(templates.map((t, i) => [`e${i}`, { value: t.text }]));
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ output }));
  const init = spawnSync('terraform', ['init', '-backend=false', '-input=false'], { cwd: dir, env: ENV, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
  return dir;
}

/** What Terraform evaluates a template without references to (applied with local state). */
function evaluate(template: { text: string }): unknown {
  const dir = probe([template]);
  const apply = spawnSync('terraform', ['apply', '-auto-approve', '-input=false'], { cwd: dir, env: ENV, encoding: 'utf8' });
  if (apply.status !== 0) throw new Error(`terraform apply failed: ${apply.stderr}`);
  const out = spawnSync('terraform', ['output', '-json'], { cwd: dir, env: ENV, encoding: 'utf8' });
  return (JSON.parse(out.stdout) as { e0: { value: unknown } }).e0.value;
}

/** Terraform's diagnostics for the given templates, other than references it cannot resolve. */
function parseProblems(templates: Array<{ where: string; text: string }>): string[] {
  const dir = probe(templates);
  const validate = spawnSync('terraform', ['validate', '-json'], { cwd: dir, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
  const result = JSON.parse(validate.stdout) as { diagnostics: Array<{ severity: string; summary: string; detail: string; range?: { start: { line: number } } }> };
  return result.diagnostics
    .filter((d) => d.severity === 'error' && !/^Reference to undeclared (resource|input variable|data resource)$/.test(d.summary))
    .map((d) => `${d.summary}: ${d.detail}`);
}

describe('Terraform parses every expression the fleet writes', () => {
  withTerraform('the default catalog, every stack', () => {
    const run = runApp({});
    expect(run.status).toBe(0);
    const tree = readTree(path.join(run.outdir, 'stacks'));
    // `self` exists only in conditions; the probe evaluates every template as an output, so a
    // condition's `self.x` becomes a reference to an undeclared data resource (still parsed).
    const templates = Object.entries(tree)
      .flatMap(([file, text]) => expressions(JSON.parse(text), file))
      .map((t) => (/\.lifecycle\.(pre|post)condition\[/.test(t.where) ? { ...t, text: t.text.replace(/\bself\./g, 'data.probe.self.') } : t));
    expect(templates.length).toBeGreaterThan(100);
    expect(parseProblems(templates)).toEqual([]);
  });

  withTerraform.each([['a quote', 'regex: "true"'], ['a backslash', 'C:\\temp\\d'], ['a template directive', '%{ if x }']])(
    'the probe catches %s that cdktf leaves unescaped in a function call; yamlencode escapes it',
    (_name, text) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 's');
      new TerraformOutput(stack, 'escaped', { value: yamlencode({ text }) });
      new TerraformOutput(stack, 'cdktf', { value: Fn.yamlencode({ text }) });
      const outputs = expressions(JSON.parse(Testing.synth(stack)), 's');
      const output = (name: string) => outputs.filter((t) => t.where === `s.output.${name}.value`);
      expect(output('escaped')).toHaveLength(1);
      expect(parseProblems(output('escaped'))).toEqual([]);
      expect(parse(evaluate(output('escaped')[0]) as string)).toEqual({ text });
      expect(parseProblems(output('cdktf'))).not.toEqual([]);
    },
  );
});

describe('hclLiterals', () => {
  test('escapes backslashes, quotes and template directives in strings and keys, nothing else', () => {
    expect(hclLiterals({ 'a"b': ['x\\y', 'say "hi"', '%{x}', '${TfToken[TOKEN.1]}', 3, true, null] })).toEqual({
      'a\\"b': ['x\\\\y', 'say \\"hi\\"', '%%{x}', '${TfToken[TOKEN.1]}', 3, true, null],
    });
  });
});
