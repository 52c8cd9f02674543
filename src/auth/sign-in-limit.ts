// The key the per-account sign-in limit counts under: the email asked for, trimmed and in lower case, so that
// attempts on one account from many addresses (or spelt in other cases) share one count.
import type { FastifyRequest } from 'fastify';

export function signInAccount(req: Record<string, any>): string {
  const email = (req as FastifyRequest<{ Body: { email?: unknown } }>).body?.email;
  if (typeof email === 'string' && email.trim()) return `account:${email.trim().toLowerCase()}`;
  return `address:${String(req.ip)}`;
}
