/**
 * The CRD schemas in ../shared/reference/schemas, compiled with ajv. They are read
 * from beside the clone, never copied into the project; where ../shared is absent the
 * schema tests say so and skip.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { ROOT } from './catalog';

export const SCHEMA_DIR = path.resolve(ROOT, '..', 'shared', 'reference', 'schemas');
export const HAVE_SCHEMAS = fs.existsSync(SCHEMA_DIR);

if (!HAVE_SCHEMAS) {
  // Visible in the test output: these tests did not run.
  process.stderr.write(`CRD schemas not found at ${SCHEMA_DIR}: the CRD schema tests are skipped\n`);
}

/** `describe` when the schemas are present, `describe.skip` otherwise. */
export const describeWithSchemas: jest.Describe = HAVE_SCHEMAS ? describe : describe.skip;

let ajv: Ajv | undefined;

/** Compiles one schema file (OpenAPI v3 subset with Kubernetes extensions). */
export function crdValidator(file: string): ValidateFunction {
  ajv ??= new Ajv({
    allErrors: true,
    strict: false, // the x-kubernetes-* extensions are not JSON Schema keywords
    formats: {
      int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
      int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
      'date-time': true,
      duration: true,
    },
  });
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object;
  return ajv.compile(schema);
}
