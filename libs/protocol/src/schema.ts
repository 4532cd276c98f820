// The protocol's schema language: the subset of JSON Schema (draft-07, the base of AsyncAPI's schema
// format) its message definitions are written in. `checkSchema` interprets it for the parsers, so the
// same objects validate frames and describe them in the AsyncAPI document (`asyncApiDocument`). A full
// JSON Schema validator (ajv) would cost a browser bundle more than the whole client.
import { isJsonObject, own } from './frame';

/** JSON types a schema may name (`integer`: a JavaScript number with no fraction). */
export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'null';

/** One JSON Schema, in the subset `checkSchema` understands. Every keyword here is enforced. */
export interface Schema {
  readonly title?: string;
  readonly description?: string;
  readonly type?: SchemaType | readonly SchemaType[];
  readonly const?: string | number | boolean;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** draft-07 property dependencies: when the key is present, the listed properties must be too. */
  readonly dependencies?: Readonly<Record<string, readonly string[]>>;
  readonly examples?: readonly unknown[];
}

/** What is wrong with `value` under `schema` (the first problem found, naming its path), or null when it conforms. */
export function checkSchema(schema: Schema, value: unknown, path = 'message'): string | null {
  if (schema.type !== undefined && !hasType(schema.type, value)) return `${path} must be ${describeType(schema.type)}`;
  if (schema.const !== undefined && value !== schema.const) return `${path} must be ${JSON.stringify(schema.const)}`;
  if (schema.enum !== undefined && !schema.enum.includes(value as string)) return `${path} must be one of ${schema.enum.join(', ')}`;
  if (typeof value === 'string' && schema.pattern !== undefined && !compiled(schema.pattern).test(value)) {
    return `${path} must match /${schema.pattern}/`;
  }
  if (typeof value === 'number' && !inRange(schema, value)) return `${path} must be in [${schema.minimum ?? '-∞'}, ${schema.maximum ?? '∞'}]`;
  return isJsonObject(value) ? checkObject(schema, value, path) : null;
}

/**
 * A copy of `value` holding only the properties `schema` names, recursively for nested object schemas
 * (a schema without `properties`, such as `data`'s, keeps its value whole). `value` must conform.
 */
export function pickKnown(schema: Schema, value: unknown): unknown {
  if (schema.properties === undefined || !isJsonObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(schema.properties)) {
    const field = own(value, key);
    if (field !== undefined) copy[key] = pickKnown(child, field);
  }
  return copy;
}

function checkObject(schema: Schema, value: Record<string, unknown>, path: string): string | null {
  for (const key of schema.required ?? []) if (own(value, key) === undefined) return `${path}.${key} is required`;
  for (const [key, needed] of Object.entries(schema.dependencies ?? {})) {
    const missing = own(value, key) !== undefined && needed.find((other) => own(value, other) === undefined);
    if (missing) return `${path}.${key} and ${path}.${missing} come together`;
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const field = own(value, key);
    const problem = field === undefined ? null : checkSchema(child, field, `${path}.${key}`);
    if (problem !== null) return problem;
  }
  return null;
}

function hasType(type: SchemaType | readonly SchemaType[], value: unknown): boolean {
  return typeof type === 'string' ? isOfType(type, value) : type.some((one) => isOfType(one, value));
}

function isOfType(type: SchemaType, value: unknown): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isJsonObject(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function describeType(type: SchemaType | readonly SchemaType[]): string {
  return typeof type === 'string' ? `of type ${type}` : `of type ${type.join(' or ')}`;
}

function inRange(schema: Schema, value: number): boolean {
  return (schema.minimum === undefined || value >= schema.minimum) && (schema.maximum === undefined || value <= schema.maximum);
}

const patterns = new Map<string, RegExp>();

/** Each pattern compiled once (the definitions are a fixed set, so the map stays small). */
function compiled(source: string): RegExp {
  let regex = patterns.get(source);
  if (regex === undefined) {
    regex = new RegExp(source);
    patterns.set(source, regex);
  }
  return regex;
}
