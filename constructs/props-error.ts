/**
 * Construct props validation. A construct checks its props in its constructor and
 * throws one error listing every problem, each naming the field, the value and what
 * is allowed, prefixed with the construct's type and path.
 */
import { Construct } from 'constructs';

/** One rejected prop: `field` is a dotted path in the props. */
export interface PropViolation {
  readonly field: string;
  readonly message: string;
}

export class ConstructPropsError extends Error {
  constructor(
    readonly construct: string,
    readonly violations: readonly PropViolation[],
  ) {
    super(violations.map((v) => `${construct}: ${v.field}: ${v.message}`).join('\n'));
    this.name = 'ConstructPropsError';
  }
}

/** Throws when there is any violation. */
export function assertProps(scope: Construct, type: string, violations: readonly PropViolation[]): void {
  if (violations.length > 0) throw new ConstructPropsError(`${type} '${scope.node.path}'`, violations);
}
