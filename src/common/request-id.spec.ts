import type { IncomingMessage } from 'node:http';
import { requestId, saneRequestId } from './request-id';

const request = (headers: Record<string, string | string[]> = {}) => ({ headers }) as unknown as IncomingMessage;

describe('request ids', () => {
  it("keeps the caller's X-Request-Id when it is a plain token", () => {
    expect(requestId(request({ 'x-request-id': 'abc-123' }))).toBe('abc-123');
    expect(saneRequestId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeDefined();
    expect(saneRequestId('trace.id:1_2')).toBe('trace.id:1_2');
  });

  it('makes a new UUID for a missing, repeated, overlong or unsafe one', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(requestId(request())).toMatch(uuid);
    for (const bad of ['', 'a b', 'x\nforged line', '"quoted"', '-leading', 'é', 'a'.repeat(129)]) {
      expect(requestId(request({ 'x-request-id': bad }))).toMatch(uuid);
    }
    expect(requestId(request({ 'x-request-id': ['one', 'two'] }))).toMatch(uuid);
  });

  it('gives one request the same id each time it is asked', () => {
    const req = request();
    expect(requestId(req)).toBe(requestId(req));
  });
});
