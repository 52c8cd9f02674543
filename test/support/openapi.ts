// Reads the served OpenAPI document and checks real JSON answers against the schemas it declares: $refs resolved,
// the type of every property (nullable, arrays, nested objects, enums), no property the schema does not declare
// and every required property present.

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface MediaType {
  schema?: Schema;
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with its method and path template. */
export function operations(doc: OpenApiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}

/** Every $ref anywhere in a part of the document. */
export function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

export function resolveRef(doc: OpenApiDocument, ref: string): Schema | undefined {
  const prefix = '#/components/schemas/';
  return ref.startsWith(prefix) ? doc.components?.schemas?.[ref.slice(prefix.length)] : undefined;
}

/** The JSON schema of an operation's answer with this status, if it declares one. */
export function responseSchema(doc: OpenApiDocument, method: string, path: string, status: number): Schema | undefined {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`no operation ${method} ${path} in the document`);
  return op.responses[String(status)]?.content?.['application/json']?.schema;
}

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** allOf members merged into one object schema (properties and required of each). */
export function flatten(doc: OpenApiDocument, schema: Schema, at: string, errors: string[]): Schema | null {
  if (schema.$ref) {
    const target = resolveRef(doc, schema.$ref);
    if (!target) {
      errors.push(`${at}: $ref ${schema.$ref} does not resolve`);
      return null;
    }
    return flatten(doc, { ...target, nullable: schema.nullable || target.nullable }, at, errors);
  }
  if (!schema.allOf) return schema;
  const merged: Schema = { ...schema, allOf: undefined };
  for (const part of schema.allOf) {
    const p = flatten(doc, part, at, errors);
    if (!p) return null;
    merged.type ??= p.type;
    merged.enum ??= p.enum;
    merged.items ??= p.items;
    merged.additionalProperties ??= p.additionalProperties;
    if (p.properties) merged.properties = { ...merged.properties, ...p.properties };
    if (p.required) merged.required = [...(merged.required ?? []), ...p.required];
    if (p.oneOf) merged.oneOf = p.oneOf;
  }
  return merged;
}

/** What is wrong with a value measured against a schema; empty when it conforms. */
export function conformance(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const errors: string[] = [];
  const s = flatten(doc, schema, at, errors);
  if (!s) return errors;
  if (value === null) {
    if (!s.nullable) errors.push(`${at}: null, but the schema does not allow null`);
    return errors;
  }
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    const fits = alternatives.some((alt) => conformance(doc, alt, value, at).length === 0);
    if (!fits) errors.push(`${at}: ${JSON.stringify(value)?.slice(0, 80)} fits none of the alternatives`);
    return errors;
  }
  const actual = typeOf(value);
  if (s.enum && !s.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum}`);
  switch (s.type) {
    case undefined:
      if (!s.properties) return errors; // any value
      break;
    case 'number':
      if (actual !== 'number' && actual !== 'integer') errors.push(`${at}: expected a number, got ${actual}`);
      return errors;
    case 'integer':
      if (actual !== 'integer') errors.push(`${at}: expected an integer, got ${actual}`);
      return errors;
    case 'string':
    case 'boolean':
      if (actual !== s.type) errors.push(`${at}: expected a ${s.type}, got ${actual}`);
      return errors;
    case 'array':
      if (actual !== 'array') {
        errors.push(`${at}: expected an array, got ${actual}`);
        return errors;
      }
      if (!s.items) errors.push(`${at}: the array schema declares no items`);
      else (value as unknown[]).forEach((v, i) => errors.push(...conformance(doc, s.items!, v, `${at}[${i}]`)));
      return errors;
    case 'object':
      break;
    default:
      errors.push(`${at}: unknown schema type ${s.type}`);
      return errors;
  }
  if (actual !== 'object') {
    errors.push(`${at}: expected an object, got ${actual}`);
    return errors;
  }
  const obj = value as Record<string, unknown>;
  const props = s.properties ?? {};
  for (const [key, v] of Object.entries(obj)) {
    if (props[key]) errors.push(...conformance(doc, props[key], v, `${at}.${key}`));
    else if (s.additionalProperties && typeof s.additionalProperties === 'object')
      errors.push(...conformance(doc, s.additionalProperties, v, `${at}.${key}`));
    else if (s.additionalProperties !== true) errors.push(`${at}.${key}: present in the answer, not in the schema`);
  }
  for (const key of s.required ?? []) {
    if (!(key in obj)) errors.push(`${at}.${key}: required by the schema, missing from the answer`);
  }
  return errors;
}

/** One request body that the schema says is wrong in one field, and the field the answer must name. */
export interface BadBody {
  field: string;
  what: string;
  body: Record<string, unknown>;
}

const LONE_SURROGATE = 'a\ud800b';
const BLANKS = ['   ', '\u3000\u3000'];
const LINE_BREAKS = ['a\r\nb', 'a\nb', 'a\rb'];
const BAD_LINKS = ['javascript:alert(5)', 'data:text/html,<script>alert(5)</script>', 'ftp://example.cn/x'];

/** `value` set at a field path such as `attendees[0].name`, in an otherwise empty body. */
function bodyWith(path: (string | number)[], value: unknown): Record<string, unknown> {
  let v: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'number') {
      const arr: unknown[] = [];
      arr[key] = v;
      v = arr;
    } else v = { [key]: v };
  }
  return v as Record<string, unknown>;
}

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/**
 * The bad bodies an object schema implies, field by field (nested objects and array items too): null where the
 * schema does not allow null; in a string, a lone surrogate; blank text where the field is required or its pattern
 * refuses blank; line breaks where its pattern refuses them; links other than http(s) where it is a URI.
 */
export function badBodies(doc: OpenApiDocument, schema: Schema, path: (string | number)[] = [], depth = 0): BadBody[] {
  const s = flatten(doc, schema, fieldName(path) || '$', []);
  if (!s || depth > 4) return [];
  const out: BadBody[] = [];
  for (const [name, raw] of Object.entries(s.properties ?? {})) {
    const at = [...path, name];
    const field = fieldName(at);
    const p = flatten(doc, raw, field, []);
    if (!p) continue;
    const add = (what: string, value: unknown) => out.push({ field, what, body: bodyWith(at, value) });
    if (!p.nullable) add('null', null);
    if (p.type === 'string' && !p.enum) {
      add('a lone surrogate', LONE_SURROGATE);
      const pattern = p.pattern ? new RegExp(p.pattern) : null;
      const required = (s.required ?? []).includes(name);
      for (const v of BLANKS) if (required || (pattern && !pattern.test(v))) add(`blank ${JSON.stringify(v)}`, v);
      for (const v of LINE_BREAKS) if (pattern && !pattern.test(v)) add(`a line break ${JSON.stringify(v)}`, v);
      if (p.format === 'uri') for (const v of BAD_LINKS) add(`the link ${v}`, v);
    }
    if (p.type === 'object' || p.properties) out.push(...badBodies(doc, p, at, depth + 1));
    if (p.type === 'array' && p.items) {
      const item = flatten(doc, p.items, `${field}[0]`, []);
      if (item && (item.type === 'object' || item.properties)) out.push(...badBodies(doc, item, [...at, 0], depth + 1));
      else if (item?.type === 'string' && !item.enum) {
        out.push({ field: `${field}[0]`, what: 'a lone surrogate', body: bodyWith([...at, 0], LONE_SURROGATE) });
      }
    }
  }
  return out;
}

/** Ways of writing a number that are not the canonical decimal id, and must not be read as one. */
export const NON_CANONICAL_IDS = ['0x10', '1e1', '+1', '%201', '01', '1.0', '-1', '0', '1%20', '%2B1', 'Infinity'];
