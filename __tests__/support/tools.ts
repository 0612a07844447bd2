/**
 * Tests that need a tool beside Node (the terraform binary, the locally built
 * providers). Where the tool is missing they say so and skip on a developer's
 * machine; under CI=true they fail instead, so CI never passes without running them.
 */
import { spawnSync } from 'child_process';
import { mirroredProviders, platform } from '../../tools/providers/mirror';
import { PROVIDER_RELEASES } from '../../tools/providers/releases';

export const IN_CI = process.env.CI === 'true';

/**
 * `test` when `available`; otherwise `test.skip` after a note on stderr, or under
 * CI=true a test that fails with the note.
 */
export function testWhen(available: boolean, note: string): jest.It {
  if (available) return test;
  if (IN_CI) {
    const failing = (name: string) => test(name, () => {
      throw new Error(`${note} (CI=true: tests that need it fail instead of skipping)`);
    });
    return failing as unknown as jest.It;
  }
  process.stderr.write(`${note}: skipped\n`);
  return test.skip;
}

/** A terraform binary on PATH. */
export const HAVE_TERRAFORM = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

/** Every provider of tools/providers/releases.ts is in the local mirror (`npm run providers`). */
export function haveBuiltProviders(): boolean {
  const mirrored = mirroredProviders(platform());
  return Object.values(PROVIDER_RELEASES).every((r) => mirrored.get(r.source)?.includes(r.version) ?? false);
}
