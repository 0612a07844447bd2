/**
 * A real Kubernetes API server (kube-apiserver built from source, see
 * tools/kube-apiserver/go.mod) backed by a throw-away etcd, standing in for the TKG
 * management cluster so that the objects our stacks create are checked server-side.
 *
 * Everything listens on 127.0.0.1 only, on free ports, with a fresh temp dir holding
 * the PKI, the token file, the etcd data and both logs. TLS is always verified
 * against the generated CA.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { projectRoot } from '../project-root';

export interface ApiServerOptions {
  /** Project root (where .sim/bin lives). @default the folder holding cdktf.json */
  readonly root?: string;
  /** kube-apiserver binary. @default $SIM_KUBE_APISERVER or <root>/.sim/bin/kube-apiserver */
  readonly kubeApiServer?: string;
  /** etcd binary. @default $SIM_ETCD, else `etcd` on PATH, else /usr/bin/etcd */
  readonly etcd?: string;
  /** How long to wait for etcd health and then for /readyz. @default 90 s */
  readonly readyTimeoutMs?: number;
}

export interface ApiServer {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** Bearer token of a user in system:masters. */
  readonly token: string;
  /** PEM of the CA that signed the serving certificate. */
  readonly caPem: string;
  /** Kills kube-apiserver and etcd and removes the temp dir. */
  stop(): Promise<void>;
}

export interface Binaries {
  readonly kubeApiServer?: string;
  readonly etcd?: string;
  /** One message per missing binary, naming it and the command that provides it. */
  readonly missing: string[];
}

/** Where the binaries are, and what is missing (messages name the command that builds or installs each). */
export function findBinaries(opts: ApiServerOptions = {}): Binaries {
  const root = opts.root ?? projectRoot();
  const missing: string[] = [];
  const apiserver = opts.kubeApiServer ?? process.env.SIM_KUBE_APISERVER ?? path.join(root, '.sim', 'bin', 'kube-apiserver');
  const kubeApiServer = isExecutable(apiserver) ? apiserver : undefined;
  if (!kubeApiServer) {
    missing.push(
      `kube-apiserver not found at ${apiserver}; build it with: ` +
        'npm run apiserver (tools/kube-apiserver)',
    );
  }
  const etcdGiven = opts.etcd ?? process.env.SIM_ETCD;
  const etcdCandidates = etcdGiven !== undefined
    ? [etcdGiven]
    : [...(process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '').map((d) => path.join(d, 'etcd')), '/usr/bin/etcd'];
  const etcd = etcdCandidates.find(isExecutable);
  if (!etcd) missing.push(`etcd not found (looked at ${[...new Set(etcdCandidates)].join(', ')}); install it with: apt-get install etcd-server`);
  return { kubeApiServer, etcd, missing };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Starts etcd and kube-apiserver on free loopback ports; resolves once /readyz answers ok. */
export async function startApiServer(opts: ApiServerOptions = {}): Promise<ApiServer> {
  const bins = findBinaries(opts);
  if (!bins.kubeApiServer || !bins.etcd) throw new Error(bins.missing.join('\n'));
  const timeout = opts.readyTimeoutMs ?? 90_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-apiserver-'));
  const children: ChildProcess[] = [];
  // A test runner or Ctrl-C must not leave servers behind: kill them when this process exits.
  const killAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'));
  process.once('exit', killAll);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killAll);
    // The API server first, so it does not log etcd connection errors on the way down.
    for (const child of [...children].reverse()) await terminate(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const pki = generatePki(dir);
    const token = crypto.randomBytes(24).toString('hex');
    const tokenFile = path.join(dir, 'tokens.csv');
    // token,user,uid,"group1,group2"
    fs.writeFileSync(tokenFile, `${token},sim-admin,sim-admin,"system:masters"\n`, { mode: 0o600 });

    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    const etcd = launch(bins.etcd, [
      '--name=sim',
      `--data-dir=${path.join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=sim=${peerUrl}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
    ], path.join(dir, 'etcd.log'));
    children.push(etcd);
    await waitFor('etcd', etcd, path.join(dir, 'etcd.log'), timeout, async () => {
      const res = await httpGet(`${etcdUrl}/health`);
      return res.status === 200 && /"health":\s*"true"/.test(res.body);
    });

    const url = `https://127.0.0.1:${securePort}`;
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const apiserver = launch(bins.kubeApiServer, [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${securePort}`,
      // Only written into objects (the `kubernetes` Service), never dialled; loopback so
      // nothing outside the machine is ever named. No endpoint reconciler: it would
      // write a loopback address into an Endpoints object, which validation refuses.
      '--advertise-address=127.0.0.1',
      '--endpoint-reconciler-type=none',
      `--cert-dir=${path.join(dir, 'certs')}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--token-auth-file=${tokenFile}`,
      '--anonymous-auth=false',
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPublic}`,
      `--service-account-signing-key-file=${pki.saPrivate}`,
      // Addresses the server hands out to Services: data only, no traffic.
      '--service-cluster-ip-range=10.96.0.0/24',
      '--profiling=false',
    ], apiLog);
    children.push(apiserver);
    const server: ApiServer = { url, token, caPem: pki.caPem, stop };
    await waitFor('kube-apiserver', apiserver, apiLog, timeout, async () => {
      const res = await apiRequest(server, 'GET', '/readyz');
      return res.status === 200 && res.body.trim() === 'ok';
    });
    return server;
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Pki {
  readonly caPem: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly saPublic: string;
  readonly saPrivate: string;
}

/** A CA, a serving certificate for 127.0.0.1/localhost signed by it (openssl), and a service-account key pair (node:crypto). */
function generatePki(dir: string): Pki {
  const p = (name: string) => path.join(dir, name);
  // A config of our own: the system openssl.cnf would add its v3_ca extensions to every -x509 certificate.
  fs.writeFileSync(p('openssl.cnf'), '[req]\ndistinguished_name = dn\n[dn]\n');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
  const openssl = (args: string[]) => {
    try {
      execFileSync('openssl', ['req', '-config', p('openssl.cnf'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
      if (e.code === 'ENOENT') throw new Error('openssl not found on PATH; install it with: apt-get install openssl');
      throw new Error(`openssl req ${args.join(' ')} failed: ${e.stderr?.toString() ?? e.message}`);
    }
  };
  openssl(['-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-subj', '/CN=tanzu-edge-sim-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl([...ec, '-keyout', p('server.key'), '-out', p('server.crt'), '-subj', '/CN=kube-apiserver',
    '-CA', p('ca.crt'), '-CAkey', p('ca.key'),
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'extendedKeyUsage=serverAuth',
    '-addext', 'basicConstraints=critical,CA:FALSE']);
  const sa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(p('sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(p('sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    caPem: fs.readFileSync(p('ca.crt'), 'utf8'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    saPublic: p('sa.pub'),
    saPrivate: p('sa.key'),
  };
}

function launch(binary: string, args: string[], logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log); // the child has its own copy
  child.on('error', () => undefined); // reported through waitFor (exitCode stays null, spawn failed)
  return child;
}

/** Polls `ready` every 250 ms; fails with the log's tail when the process exits or the time is up. */
async function waitFor(name: string, child: ChildProcess, logFile: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode ?? 'did not start'}) before it was ready:\n${tail(logFile)}`);
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM, then SIGKILL after 10 s. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A free TCP port on 127.0.0.1 (closed again before use: a small race, acceptable for tests). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
  /** `Warning` headers (for example unknown fields under fieldValidation=Warn). */
  readonly warnings: string[];
}

function httpGet(url: string): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 5000 }, (res) => collect(res, resolve));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** One request to the API server as the admin user, TLS verified against the generated CA. */
export function apiRequest(server: Pick<ApiServer, 'url' | 'token' | 'caPem'>, method: string, pathAndQuery: string, body?: unknown, contentType = 'application/json'): Promise<ApiResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(pathAndQuery, server.url), {
      method,
      ca: server.caPem,
      timeout: 30_000,
      headers: {
        Authorization: `Bearer ${server.token}`,
        Accept: 'application/json',
        ...(payload === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
      },
    }, (res) => collect(res, resolve));
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathAndQuery}: timeout`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function collect(res: http.IncomingMessage, resolve: (r: ApiResponse) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => {
    const w = res.headers.warning;
    resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), warnings: w === undefined ? [] : Array.isArray(w) ? w : [w] });
  });
}
