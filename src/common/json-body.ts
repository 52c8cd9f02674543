// The JSON body parser at the edge, before any validation: a body nested deeper than JSON_MAX_DEPTH is refused from
// a scan of its bytes that stops at the first level too deep (validation recurses through a parsed value, and a
// 1.8 MB body of brackets would overflow the stack after seconds of work); a string holding a lone surrogate, which
// no database, mail or document can store, is refused naming the field.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from './errors';
import { validationFailed } from './validation';

/** Levels of objects and arrays a request body may nest; the deepest body the API declares has four. */
export const JSON_MAX_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The offset of the first bracket that opens a level deeper than `max`, or -1. The bytes are read as they came:
 * quotes, backslashes and brackets are ASCII and never part of a multi-byte UTF-8 sequence.
 */
export function tooDeepAt(body: Buffer, max = JSON_MAX_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return -1;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** The path of each string (value or key) in a parsed body that holds a lone surrogate, as validation names fields. */
export function malformedStrings(value: unknown, path = '', found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) found.push(path || 'body');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => malformedStrings(v, `${path}[${i}]`, found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (LONE_SURROGATE.test(k)) found.push(at);
      else malformedStrings(v, at, found);
    }
  }
  return found;
}

export function tooDeep(max = JSON_MAX_DEPTH): DomainError {
  return new DomainError(
    400,
    'too_deep',
    `The JSON body nests objects and arrays more than ${max} levels deep`,
    `JSON 请求内容的对象和数组嵌套超过 ${max} 层`,
    [
      {
        field: 'body',
        code: 'maxDepth',
        message: `body must not nest more than ${max} levels`,
        messageZh: `body 嵌套不能超过 ${max} 层`,
      },
    ],
  );
}

export function loneSurrogates(fields: string[]): DomainError {
  return validationFailed(
    fields.map((field): FieldError => ({
      field,
      code: 'isWellFormed',
      message: `${field} must be well-formed Unicode text (it holds a lone surrogate)`,
      messageZh: `${field} 必须是有效的 Unicode 文本（含有不成对的代理项）`,
    })),
  );
}

/**
 * Replaces the JSON parser (register it with Nest's own body parsers turned off). The body limit stays Fastify's,
 * answered 413 before a byte is parsed; prototype poisoning is refused as Fastify does by default.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      if (tooDeepAt(body) >= 0) return done(tooDeep());
      // Fastify's parser takes the bytes as they are (its type says string).
      parse(req, body as unknown as string, (err: Error | null, value?: unknown) => {
        if (err) return done(err);
        const malformed = malformedStrings(value);
        if (malformed.length) return done(loneSurrogates(malformed));
        done(null, value);
      });
    },
  );
}
