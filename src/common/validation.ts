// Request validation: unknown fields are refused, types and formats checked, and every failure names its field
// with a message in English and Chinese.
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
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

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
