/**
 * An image pull Secret of a registry (kubernetes.io/dockerconfigjson), as the YAML text
 * of a Kubernetes object that Terraform builds at apply time: the credentials are
 * Terraform references and never appear in the synthesized output. Delivered into a
 * workload cluster through a kapp App's `documentSecrets`.
 */
import { Fn } from 'cdktf';
import { yamlencode } from '../terraform-functions';

/** A user name and secret, as Terraform references (never literal). */
export interface SecretPair {
  readonly username: string;
  readonly password: string;
}

/** The YAML text (a Terraform expression) of a pull Secret `name` in `namespace` for `registryHost`. */
export function pullSecretDocument(name: string, namespace: string, registryHost: string, credentials: SecretPair, labels: Readonly<Record<string, string>>): string {
  const { username, password } = credentials;
  const dockerConfig = Fn.jsonencode({ auths: { [registryHost]: { username, password, auth: Fn.base64encode(Fn.join(':', [username, password])) } } });
  return yamlencode({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Fn.base64encode(dockerConfig) },
  });
}
