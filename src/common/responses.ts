// What every answer of the API shares in the OpenAPI document: the error shape, pages of items, file downloads,
// free-form JSON values, and the decorators that attach them to routes.
import { ACTIONS } from '../access/actions';
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotAcceptableResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiUnauthorizedResponse,
  type ApiPropertyOptions,
} from '@nestjs/swagger';

export class FieldErrorResponseDto {
  @ApiProperty({ example: 'deadline', description: 'the field of the request the error is about' })
  field: string;

  @ApiProperty({ example: 'before_start' })
  code: string;

  @ApiProperty()
  message: string;

  @ApiProperty()
  messageZh: string;
}

/** The one shape of every error answer (see AllExceptionsFilter). */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'validation_failed', description: 'a stable code for the kind of error' })
  code: string;

  @ApiProperty({ description: 'in English' })
  message: string;

  @ApiProperty({ description: 'in Chinese' })
  messageZh: string;

  @ApiProperty({ type: [FieldErrorResponseDto], description: 'one entry per field at fault; empty otherwise' })
  errors: FieldErrorResponseDto[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 406 | 409;

const ERROR_DECORATORS: Record<ErrorStatus, (o: { type: Type<unknown>; description: string }) => MethodDecorator> = {
  400: ApiBadRequestResponse,
  401: ApiUnauthorizedResponse,
  403: ApiForbiddenResponse,
  404: ApiNotFoundResponse,
  406: ApiNotAcceptableResponse,
  409: ApiConflictResponse,
};

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'invalid input: the fields at fault are named in errors[]',
  401: 'not signed in, or the token expired',
  403: 'the caller may not do this',
  404: 'no such object',
  406: 'this format cannot be made here (a PDF needs LibreOffice: the message names the package)',
  409: 'in conflict with the current state',
};

/** The error answers a controller's routes can give, in the one error shape. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(
    ...statuses.map((s) => ERROR_DECORATORS[s]({ type: ErrorResponseDto, description: ERROR_DESCRIPTIONS[s] })),
  );
}

/**
 * A route's 403 with the codes it can answer beside `forbidden` (e.g. own_request under separation of duties),
 * in the one error shape; declared on the route, it replaces the controller's general 403.
 */
export function ApiForbiddenCodes(codes: Record<string, string>) {
  const listed = Object.entries(codes)
    .map(([code, when]) => `${code}: ${when}`)
    .join('; ');
  return ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: `${ERROR_DESCRIPTIONS[403]} (code forbidden); ${listed}`,
  });
}

/** A file download: its content type and a binary body. */
export function ApiFile(contentType: string, description: string) {
  return applyDecorators(
    ApiProduces(contentType),
    ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } }),
  );
}

/** Any JSON value (a changed field's old or new value). */
export const ANY_JSON: ApiPropertyOptions = {
  nullable: true,
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object', additionalProperties: true },
  ],
};

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A page class for one item type; extend it to name it: `class TaskPageResponseDto extends PageResponseDto(TaskResponseDto) {}`. */
export function PageResponseDto<T>(item: Type<T>): Type<PageOf<T>> {
  class PageDto {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ description: 'items matching, over all pages' })
    total: number;

    @ApiProperty({ minimum: 1 })
    page: number;

    @ApiProperty({ minimum: 1 })
    pageSize: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name}Page` });
  return PageDto;
}

/** Declared on every answer that carries the caller's permitted actions. */
export const ALLOWED_ACTIONS: ApiPropertyOptions = {
  enum: ACTIONS,
  isArray: true,
  description: 'actions the caller may take on this object now (see the access policy)',
};

// Figures that keep the ids of the rows they count.

export class UnitIdsCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  unitIds: number[];
}

export class ReportIdsCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  reportIds: number[];
}

export class TaskIdsCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  taskIds: number[];
}
