// The id of each request, in every log line about it and in the X-Request-Id answer header: the caller's own
// X-Request-Id when it is a plain token (a proxy's or a client's trace id), else a new UUID.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:-`, up to 128 characters: nothing that could forge a log line or a header. */
const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's id if it is sane, else undefined. */
export function saneRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && SANE_ID.test(header) ? header : undefined;
}

/**
 * The request's id, given once: Fastify asks first (its `request.id`) and keeps it on the raw request, where the
 * request logger finds the same one.
 */
export function requestId(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const id = saneRequestId(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
  req.id = id;
  return id;
}
