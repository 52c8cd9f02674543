// Request validation: unknown fields are refused, types and formats checked, and every failure names its field
// with a message in English and Chinese.
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUrl, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { DomainError, type FieldError } from './errors';

const ZH: Record<string, (c: string) => string> = {
  whitelistValidation: () => '不允许的字段',
  isString: () => '必须是字符串',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isBoolean: () => '必须是布尔值 (true/false)',
  isArray: () => '必须是数组',
  isEmail: () => '必须是有效的电子邮件地址',
  isNotEmpty: () => '不能为空',
  isDefined: () => '必填',
  isIn: () => '取值无效',
  isEnum: () => '取值无效',
  isIsoDate: () => '必须是 YYYY-MM-DD 格式的有效日期',
  isIsoDateTime: () => '必须是 ISO 8601 格式的有效时间',
  isObject: () => '必须是对象',
  nestedValidation: () => '格式不正确',
  arrayMaxSize: (c) => `元素过多 (${c})`,
  arrayUnique: () => '元素不能重复',
  isNotBlank: () => '不能为空白',
  isSingleLine: () => '不能包含换行符',
  isUrl: () => '必须是以 http:// 或 https:// 开头的有效网址',
};

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix
      ? /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`
      : e.property;
    for (const [code, message] of Object.entries(e.constraints ?? {})) {
      const zh = ZH[code]?.(message) ?? zhFromMessage(message);
      out.push({ field, code, message, messageZh: `${field} ${zh}` });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

function zhFromMessage(message: string): string {
  let m = message.match(/must be shorter than or equal to (\d+) characters/);
  if (m) return `长度不能超过 ${m[1]} 个字符`;
  m = message.match(/must be longer than or equal to (\d+) characters/);
  if (m) return `长度不能少于 ${m[1]} 个字符`;
  m = message.match(/must not be less than (-?[\d.]+)/);
  if (m) return `不能小于 ${m[1]}`;
  m = message.match(/must not be greater than (-?[\d.]+)/);
  if (m) return `不能大于 ${m[1]}`;
  m = message.match(/must be one of the following values: (.*)/);
  if (m) return `必须是以下之一：${m[1]}`;
  return `无效 (${message})`;
}

export function validationFailed(errors: FieldError[]): DomainError {
  return new DomainError(
    400,
    'validation_failed',
    errors.map((e) => e.message).join('; '),
    errors.map((e) => e.messageZh).join(';'),
    errors,
  );
}

/**
 * The global pipe, which Nest runs before a parameter's own pipe: a named path parameter reaches its pipe as the
 * text it was (IdPipe refuses 0x10, 1e1, +1, ' 1' and 01, which Number() would read as other ids).
 */
class RequestValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param' && metadata.data) return value;
    return super.transformPrimitive(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD (2023-02-30 is refused). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return (
    d.getUTCFullYear() === +m[1] &&
    d.getUTCMonth() === +m[2] - 1 &&
    d.getUTCDate() === +m[3] &&
    +m[1] >= 1900 &&
    +m[1] <= 2200
  );
}

export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a valid date as YYYY-MM-DD`, ...options },
      validator: { validate: (v: unknown) => isIsoDate(v) },
    });
}

/**
 * Optional, but not nullable: an absent field is left alone, a null one is validated (and refused).
 * Use it instead of IsOptional for fields whose column is NOT NULL.
 */
export const IfPresent = (): PropertyDecorator => ValidateIf((_: unknown, v: unknown) => v !== undefined);

/** Text on one line: no carriage return or line feed (titles, names, places, links, codes). */
export const SINGLE_LINE = /^[^\r\n]*$/;
/** Text with something to read: not empty, not spaces only (full-width spaces included). */
export const NOT_BLANK = /\S/;
/** Both: one line with something to read on it. */
export const REQUIRED_LINE = /^[^\r\n]*\S[^\r\n]*$/;

/** A check of a string against a pattern, declared in the OpenAPI document as the property's pattern too. */
function textRule(name: string, pattern: RegExp, what: string): PropertyDecorator {
  return (target, propertyName) => {
    ApiProperty({ pattern: pattern.source })(target, propertyName);
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} ${what}` },
      validator: { validate: (v: unknown) => typeof v !== 'string' || pattern.test(v) },
    });
  };
}

/** Optional single-line text: refused with a line break in it. */
export const SingleLine = (): PropertyDecorator =>
  textRule('isSingleLine', SINGLE_LINE, 'must be on one line (no line breaks)');

/** Required text of several lines (a reason, a report): refused when blank. */
export const NotBlank = (): PropertyDecorator => textRule('isNotBlank', NOT_BLANK, 'must not be blank');

/** Required single-line text (a title, a name): refused when blank or with a line break in it. */
export const RequiredLine = (): PropertyDecorator =>
  textRule('isSingleLine', REQUIRED_LINE, 'must be one line of text, not blank and without line breaks');

/** A link readers open: http or https only (never javascript: or data:), declared as a URI. */
export function IsHttpUrl(): PropertyDecorator {
  return (target, propertyName) => {
    ApiProperty({ format: 'uri', pattern: '^https?://' })(target, propertyName);
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true },
      { message: `${String(propertyName)} must be an http:// or https:// address` },
    )(target, propertyName);
  };
}

const CANONICAL_INT = /^(0|[1-9]\d{0,15})$/;

/**
 * A number in the query string, written as the API writes it: decimal digits, no sign, exponent, spaces or leading
 * zero. Anything else (0x10, 1e1, +1, ' 1', 01) stays a string and is refused by the integer check, naming the
 * parameter, instead of being read as another number.
 */
export const QueryInt = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && CANONICAL_INT.test(value) ? Number(value) : value,
  );

/** A stored link as documents and mail may show it: http or https only, else none (rows written before the check). */
export function httpLink(value: string | null | undefined): string | null {
  return value && /^https?:\/\/[^\s]+$/i.test(value) ? value : null;
}
