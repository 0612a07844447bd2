/**
 * Fleet review: what a change does to each stack of the fleet.
 *
 *   npm run review -- --base <synth dir> --head <synth dir> [--format markdown|json]
 *
 * Exit code 0: no change; 2: changes found; 1: usage or input error. See cli.ts.
 */
import { runReview } from './cli';

const run = runReview(process.argv.slice(2));
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
// exitCode, not exit(): a large report piped to another program is written in full.
process.exitCode = run.code;
