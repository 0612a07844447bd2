/**
 * `npm run apiserver`: builds the real kube-apiserver of tools/kube-apiserver (the
 * management-cluster stand-in of `npm run accept:sim`) into `.sim/bin/kube-apiserver`,
 * only when its wrapper module, the Go version or the flags changed, and checks that
 * etcd is installed (Debian's etcd-server). Measured on the 2-core machine: about 5
 * minutes cold, about a second when current.
 *
 * Exit 1 when the build fails or etcd is missing.
 */
import * as path from 'path';
import { buildGoBinary, goVersion } from '../providers/go-build';
import { projectRoot } from '../project-root';
import { findBinaries } from './apiserver';

function main(): number {
  const root = projectRoot();
  const go = goVersion();
  if (!go) {
    process.stderr.write('apiserver: no `go` on PATH; install Go 1.26 (kube-apiserver is built from source)\n');
    return 1;
  }
  const output = path.join(root, '.sim', 'bin', 'kube-apiserver');
  try {
    const result = buildGoBinary(
      {
        label: 'kube-apiserver (tools/kube-apiserver)',
        moduleDir: path.join(root, 'tools', 'kube-apiserver'),
        pkg: 'k8s.io/kubernetes/cmd/kube-apiserver',
        output,
        ldflags: '-s -w',
      },
      go,
      process.argv.includes('--force'),
    );
    process.stdout.write(`kube-apiserver: ${result.built ? `built in ${result.seconds.toFixed(1)} s` : 'up to date'} (${path.relative(root, output)})\n`);
  } catch (error) {
    process.stderr.write(`apiserver: ${(error as Error).message}\n`);
    return 1;
  }
  const bins = findBinaries({ root });
  if (!bins.etcd) {
    process.stderr.write(`apiserver: ${bins.missing.join('; ')}\n`);
    return 1;
  }
  process.stdout.write(`etcd: ${bins.etcd}\n`);
  return 0;
}

process.exitCode = main();
