/**
 * cdktf's CloudBackend checks the Terraform binary's version (>= 1.1) by starting it,
 * once per stack; the fleet runs that check once per process (thread). A fake
 * `terraform` on PATH counts how often the real app command starts it and answers
 * with the version the test wants.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { editableSample, setPath, terraformCloudSettings, toSources, writeCatalog } from '../support/catalog';
import { runApp } from '../support/synth';

/** A folder with a fake terraform that prints `Terraform v<version>` and logs each start. */
function fakeTerraform(version: string): { dir: string; starts: () => number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-terraform-'));
  const log = path.join(dir, 'starts');
  fs.writeFileSync(path.join(dir, 'terraform'), `#!/bin/sh\necho start >> "${log}"\necho "Terraform v${version}"\n`, { mode: 0o755 });
  return { dir, starts: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

/** The app command on the default catalog with Terraform Cloud on, with the fake terraform first on PATH. */
function synthWith(version: string) {
  const terraform = fakeTerraform(version);
  const c = editableSample();
  setPath(c.fleet, 'terraformCloud', terraformCloudSettings());
  // The app's child processes see this PATH (jest's process.env is not the one child_process reads).
  const run = runApp({ SITE_CATALOG: writeCatalog(toSources(c)), PATH: `${terraform.dir}${path.delimiter}${process.env.PATH ?? ''}`, SYNTH_WORKERS: '0' });
  return { run, starts: terraform.starts() };
}

test('the Terraform version check starts the binary once for all six stacks', () => {
  const { run, starts } = synthWith('1.11.4');
  expect(run.status).toBe(0);
  expect(run.stacks).toEqual(['edge33', 'edge41', 'edge52', 'edge60', 'fleet', 'hub']);
  expect(starts).toBe(1);
});

test('and still refuses a Terraform older than the cloud block needs', () => {
  const { run, starts } = synthWith('1.0.11');
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    'error: Validation failed with the following errors:\n  [hub/backend] terraform version 1.0.11 is lower than the required version >=1.1 for this construct. The cloud block is only supported for Terraform >=1.1. Please upgrade your Terraform version.',
  );
  expect(run.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
  expect(run.stacks).toEqual([]);
  expect(starts).toBe(1);
});
