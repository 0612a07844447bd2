/**
 * The review command: arguments, reading both folders, diffing every stack,
 * rendering. Returns what to print and the exit code instead of printing, so tests
 * can run it in-process; main.ts is the thin entry point.
 */
import { diffStack } from './diff';
import { ReviewInputError, SynthDir, openSynthDir, readStackPair } from './load';
import { renderMarkdown } from './markdown';
import { naturalCompare } from './order';
import { buildReport, renderJson } from './report';
import { ReviewReport, StackDiff } from './types';

/** Output formats. */
export type ReviewFormat = 'markdown' | 'json';

/** Parsed command line. */
export interface ReviewArgs {
  readonly base: string;
  readonly head: string;
  readonly format: ReviewFormat;
}

/** What a run prints and how it exits. */
export interface ReviewRun {
  /** 0: no change; 1: usage or input error; 2: changes found. */
  readonly code: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Exit codes, as `terraform plan -detailed-exitcode`. */
export const EXIT = { unchanged: 0, error: 1, changed: 2 } as const;

export const USAGE = `usage: npm run review -- --base <synth dir> --head <synth dir> [--format markdown|json]

Compares two cdktf output folders (manifest.json and stacks/<stack>/cdk.tf.json) and
reports what the change does to each stack of the fleet, identical changes of many
sites collapsed into one entry, and the policy waivers it adds, removes or changes.
Headlines come first: site phase changes, new required secret variables, the order
in which to apply the stacks.

  --base <dir>      output folder before the change (e.g. synthesized from the target branch)
  --head <dir>      output folder after the change
  --format <fmt>    markdown (default; for a pull-request comment) or json
  --help            this text

exit codes: 0 no change, 2 changes found, 1 usage or input error
`;

const FORMATS: readonly ReviewFormat[] = ['markdown', 'json'];

/** Splits `--flag=value` and `--flag value` into pairs; `--help` gives undefined. */
export function parseArgs(argv: readonly string[]): ReviewArgs | undefined {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return undefined;
    const match = /^(--base|--head|--format)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new ReviewInputError(`unknown argument ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) throw new ReviewInputError(`${match[1]} needs a value`);
    if (values.has(match[1])) throw new ReviewInputError(`${match[1]} given twice`);
    values.set(match[1], value);
  }
  const format = values.get('--format') ?? 'markdown';
  if (!FORMATS.includes(format as ReviewFormat)) throw new ReviewInputError(`--format ${format}: expected markdown or json`);
  for (const flag of ['--base', '--head']) if (!values.has(flag)) throw new ReviewInputError(`missing ${flag} <synth dir>`);
  return { base: values.get('--base') as string, head: values.get('--head') as string, format: format as ReviewFormat };
}

/**
 * Site stacks that one side lacks only because its synthesis was partial (SITES): the
 * site is in that side's catalog record, so it was left out, not removed or added.
 */
export function leftOut(base: SynthDir, head: SynthDir): string[] {
  const out: string[] = [];
  const missingFrom = (side: SynthDir, other: SynthDir) => {
    if (side.record?.selected === undefined) return;
    for (const name of other.stacks.keys()) if (!side.stacks.has(name) && side.record.sites.has(name)) out.push(name);
  };
  missingFrom(base, head);
  missingFrom(head, base);
  return out.sort(naturalCompare);
}

/** Diffs every stack of either folder, one stack at a time, with its waived policy findings (not the stacks in `skip`). */
export function diffFolders(base: SynthDir, head: SynthDir, skip: ReadonlySet<string> = new Set()): StackDiff[] {
  const names = [...new Set([...base.stacks.keys(), ...head.stacks.keys()])].filter((name) => !skip.has(name)).sort(naturalCompare);
  return names.map((name) => {
    const [baseStack, headStack] = readStackPair(base, head, name);
    return diffStack(name, baseStack, headStack, { base: base.waived.get(name) ?? [], head: head.waived.get(name) ?? [] });
  });
}

/** Reads both folders and builds the review. */
export function review(args: ReviewArgs): ReviewReport {
  const base = openSynthDir('--base', args.base);
  const head = openSynthDir('--head', args.head);
  const notCompared = leftOut(base, head);
  const partial = { ...(base.record?.selected ? { base: base.record.selected } : {}), ...(head.record?.selected ? { head: head.record.selected } : {}) };
  return buildReport({ base: args.base, head: args.head, diffs: diffFolders(base, head, new Set(notCompared)), notCompared, partial });
}

/** Runs the command on its arguments. */
export function runReview(argv: readonly string[]): ReviewRun {
  try {
    const args = parseArgs(argv);
    if (args === undefined) return { code: EXIT.unchanged, stdout: USAGE, stderr: '' };
    const report = review(args);
    const stdout = args.format === 'json' ? renderJson(report) : renderMarkdown(report);
    return { code: report.changed ? EXIT.changed : EXIT.unchanged, stdout, stderr: '' };
  } catch (error) {
    if (!(error instanceof ReviewInputError)) throw error;
    const usage = /^(unknown argument|missing|--\w+ needs|--\w+ given)/.test(error.message) ? `\n${USAGE}` : '';
    return { code: EXIT.error, stdout: '', stderr: `review: ${error.message}\n${usage}` };
  }
}
