// Domain errors: one type per kind, each with a stable code and a message in Chinese and English.
// The exception filter maps them to HTTP once; services throw them and never build HTTP responses.

export interface FieldError {
  field: string;
  code: string;
  message: string;
  messageZh: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageEn: string,
    readonly messageZh: string,
    readonly errors: FieldError[] = [],
  ) {
    super(messageEn);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: number | string, entityZh = entity) {
    super(404, 'not_found', `${entity} ${id} not found`, `${entityZh} ${id} 不存在`);
  }
}

export class ForbiddenError extends DomainError {
  /** `code` names a refusal a client tells apart from a missing role (e.g. own_request: deciding one's own request). */
  constructor(messageEn = 'You may not do this', messageZh = '无权执行此操作', code = 'forbidden') {
    super(403, code, messageEn, messageZh);
  }
}

export class ConflictError extends DomainError {
  /** With `field`, the conflict names the request field it is about (e.g. a code already taken). */
  constructor(messageEn: string, messageZh: string, code = 'conflict', field?: string) {
    super(409, code, messageEn, messageZh, field ? [{ field, code, message: messageEn, messageZh }] : []);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: string, to: string, allowed: string[]) {
    super(
      409,
      'invalid_transition',
      `A task cannot go from ${from} to ${to}` +
        (allowed.length ? `; from ${from} it may go to ${allowed.join(', ')}` : ''),
      `任务状态不能从“${from}”变为“${to}”` + (allowed.length ? `；可变为：${allowed.join('、')}` : ''),
    );
  }
}

/** A request that is well-formed but names something that is not acceptable, e.g. an unknown unit id. */
export class InvalidFieldError extends DomainError {
  constructor(field: string, messageEn: string, messageZh: string, code = 'invalid') {
    super(400, 'validation_failed', `${field}: ${messageEn}`, `${field}:${messageZh}`, [
      { field, code, message: messageEn, messageZh },
    ]);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(messageEn = 'Sign in first', messageZh = '请先登录') {
    super(401, 'unauthorized', messageEn, messageZh);
  }
}

/** A request body (an upload) larger than the configured limit: 413, naming the field. */
export class PayloadTooLargeError extends DomainError {
  constructor(field: string, limitBytes: number) {
    const en = `larger than the limit of ${limitBytes} bytes`;
    const zh = `超过${limitBytes}字节的上限`;
    super(413, 'payload_too_large', `${field}: ${en}`, `${field}:${zh}`, [
      { field, code: 'too_large', message: en, messageZh: zh },
    ]);
  }
}
