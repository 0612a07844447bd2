/**
 * Apply and plan a stack with the providers at hand, from a state of the shape before,
 * so a catalog edit's effect on what those providers manage is Terraform's own verdict,
 * not ours. Objects of providers that cannot be built here are cut out (partial.ts);
 * every variable gets a value a plan can use: credentials a fixed test value (a
 * private key a real one: the tls provider parses it), each cut object an object
 * holding every attribute the rest of the stack reads from it, or what the caller gives.
 *
 * Local state in the work folder only: never a stack's own backend.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generateKeyPairSync } from 'crypto';
import { runTerraform } from '../providers/mirror';
import { TerraformConfig, withoutProviders } from './partial';

export interface PlannedChange {
  readonly address: string;
  /** Terraform's actions: `create`, `update`, `delete`, `forget`, `no-op`, ... */
  readonly actions: readonly string[];
}

export interface PlanOutcome {
  readonly ok: boolean;
  /** Terraform's error output when `ok` is false. */
  readonly error: string;
  readonly changes: readonly PlannedChange[];
}

export interface PartialWorkspace {
  readonly dir: string;
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A PEM private key for variables that must hold one (the tls provider parses it). */
function testPrivateKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Values for every variable: attribute maps for cut objects, test values for credentials. */
function variableValues(config: TerraformConfig, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const variables = (config.variable ?? {}) as Record<string, { type?: string }>;
  const text = JSON.stringify(config);
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(variables)) {
    if (name in given) {
      values[name] = given[name];
    } else if (name.startsWith('cut__')) {
      const attributes = new Set([...text.matchAll(new RegExp(`var\\.${name}\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g'))].map((m) => m[1]));
      values[name] = Object.fromEntries([...attributes].map((attribute) => [attribute, `cut-${attribute}`]));
    } else {
      values[name] = /private_key/.test(name) ? testPrivateKey() : `test-${name}`;
    }
  }
  return values;
}

/**
 * Writes the partial configuration of `config` into the workspace (replacing the
 * previous one, keeping its state) with a local backend there. `given` sets variables
 * (say, a CA key that matches the catalog's CA certificate).
 */
export function writePartial(workspace: PartialWorkspace, config: TerraformConfig, missing: ReadonlySet<string>, given: Readonly<Record<string, unknown>> = {}): TerraformConfig {
  const partial = withoutProviders(config, missing).config;
  const terraform = { ...(partial.terraform as Record<string, unknown>) };
  delete terraform.cloud;
  terraform.backend = { local: { path: 'terraform.tfstate' } };
  const out = { ...partial, terraform };
  fs.mkdirSync(workspace.dir, { recursive: true });
  fs.writeFileSync(path.join(workspace.dir, 'main.tf.json'), JSON.stringify(out, null, 2));
  fs.writeFileSync(path.join(workspace.dir, 'terraform.tfvars.json'), JSON.stringify(variableValues(out, given), null, 2));
  return out;
}

function run(workspace: PartialWorkspace, args: readonly string[]) {
  return runTerraform(workspace.binary, args, workspace.dir, workspace.env);
}

function init(workspace: PartialWorkspace): string | undefined {
  const result = run(workspace, ['init', '-input=false', '-no-color', '-reconfigure']);
  return result.status === 0 ? undefined : result.stderr || result.stdout;
}

/** `terraform apply` of what the workspace holds; throws with Terraform's message on failure. */
export function applyPartial(workspace: PartialWorkspace): void {
  const failed = init(workspace);
  if (failed) throw new Error(`terraform init failed: ${failed}`);
  const result = run(workspace, ['apply', '-auto-approve', '-input=false', '-no-color']);
  if (result.status !== 0) throw new Error(`terraform apply failed: ${result.stderr || result.stdout}`);
}

/** `terraform plan` (or `plan -destroy`) of what the workspace holds, from its state. */
export function planPartial(workspace: PartialWorkspace, mode: 'plan' | 'destroy' = 'plan'): PlanOutcome {
  const failed = init(workspace);
  if (failed) return { ok: false, error: failed, changes: [] };
  const plan = run(workspace, ['plan', '-input=false', '-no-color', '-out=tfplan', ...(mode === 'destroy' ? ['-destroy'] : [])]);
  if (plan.status !== 0) return { ok: false, error: plan.stderr || plan.stdout, changes: [] };
  const show = run(workspace, ['show', '-json', 'tfplan']);
  if (show.status !== 0) return { ok: false, error: show.stderr, changes: [] };
  const json = JSON.parse(show.stdout) as { resource_changes?: Array<{ address: string; change: { actions: string[] } }> };
  return { ok: true, error: '', changes: (json.resource_changes ?? []).map((c) => ({ address: c.address, actions: c.change.actions })) };
}
