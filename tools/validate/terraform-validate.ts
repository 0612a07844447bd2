/**
 * `terraform init -backend=false` and `terraform validate` of one synthesized stack,
 * with the providers of the local mirror; the objects of providers that cannot be built
 * here are cut out first (partial.ts) and counted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runTerraform } from '../providers/mirror';
import { PROVIDER_RELEASES, UNAVAILABLE_PROVIDERS } from '../providers/releases';
import { TerraformConfig, withoutProviders } from './partial';

interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

export interface StackResult {
  readonly stack: string;
  readonly variant: string;
  readonly ok: boolean;
  readonly line: string;
  readonly diagnostics: readonly string[];
}

/** The problem of a required provider the mirror lacks, or undefined when it may be cut. */
function missingProblem(name: string, source: string): string | undefined {
  if (Object.values(UNAVAILABLE_PROVIDERS).some((u) => u.source === source)) return undefined;
  if (Object.values(PROVIDER_RELEASES).some((r) => r.source === source)) {
    return `provider ${source} is not in the mirror; run \`npm run providers\` first`;
  }
  return `provider ${source} (${name}) has no wrapper module in tools/providers and is not listed as unavailable; add it to tools/providers/releases.ts`;
}

function formatDiagnostic(d: Diagnostic): string {
  const where = d.address ?? (d.range ? `${d.range.filename}:${d.range.start.line}` : '');
  return `${d.severity}: ${where ? `${where}: ` : ''}${d.summary}${d.detail ? ` — ${d.detail.replace(/\s+/g, ' ')}` : ''}`;
}

/**
 * Validates one stack's configuration in `workDir` (created). `mirrored` holds the
 * provider sources the mirror has; `env` must point TF_CLI_CONFIG_FILE at it.
 */
export function validateStack(stack: string, variant: string, config: TerraformConfig, workDir: string, binary: string, env: NodeJS.ProcessEnv, mirrored: ReadonlySet<string>): StackResult {
  const required = ((config.terraform as { required_providers?: Record<string, { source: string }> } | undefined)?.required_providers ?? {});
  const missing = new Set<string>();
  const problems: string[] = [];
  for (const [name, { source }] of Object.entries(required)) {
    if (mirrored.has(source)) continue;
    const problem = missingProblem(name, source);
    if (problem) problems.push(problem);
    missing.add(name);
  }
  const label = `${stack} (${variant})`;
  if (problems.length > 0) return { stack, variant, ok: false, line: `${label}: not validated`, diagnostics: problems };

  const partial = withoutProviders(config, missing);
  fs.mkdirSync(workDir, { recursive: true });
  fs.writeFileSync(path.join(workDir, 'main.tf.json'), JSON.stringify(partial.config, null, 2));
  const init = runTerraform(binary, ['init', '-backend=false', '-input=false', '-no-color'], workDir, env);
  if (init.status !== 0) {
    return { stack, variant, ok: false, line: `${label}: terraform init failed`, diagnostics: [(init.stderr || init.stdout).trim()] };
  }
  const run = runTerraform(binary, ['validate', '-json', '-no-color'], workDir, env);
  let report: { valid: boolean; diagnostics: Diagnostic[] };
  try {
    report = JSON.parse(run.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
  } catch {
    return { stack, variant, ok: false, line: `${label}: terraform validate failed`, diagnostics: [(run.stderr || run.stdout).trim()] };
  }
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const cutTotal = Object.values(partial.cut).reduce((a, b) => a + b, 0);
  const checkedBy = Object.keys(required).filter((name) => !missing.has(name)).join(', ') || 'no provider';
  const scope =
    cutTotal === 0
      ? `all ${partial.kept} resources and data sources (${checkedBy})`
      : `${partial.kept} of ${partial.kept + cutTotal} resources and data sources (${checkedBy}); not checked: ${Object.entries(partial.cut)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ')} (provider unavailable)`;
  const verdict = report.valid && errors.length === 0 ? 'valid' : `${errors.length} error(s)`;
  return { stack, variant, ok: report.valid, line: `${label}: ${verdict}: ${scope}`, diagnostics: report.diagnostics.map(formatDiagnostic) };
}
