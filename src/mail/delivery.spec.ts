import { classifyFailure, emlFileName, messageIdFor, retryDelaySeconds } from './delivery';

describe('delivery rules', () => {
  it('an SMTP 5xx reply is permanent, with the reply as the reason', () => {
    const error = Object.assign(new Error('Can\u2019t send mail - all recipients were rejected'), {
      code: 'EENVELOPE',
      responseCode: 550,
      response: '550 No such user here',
    });
    expect(classifyFailure(error)).toEqual({ permanent: true, reason: '550 No such user here' });
  });

  it('a 4xx reply, 503, a refused or dropped connection, a timeout and a failed sign-in are temporary', () => {
    const cases = [
      { code: 'EMESSAGE', responseCode: 451, response: '451 Try again later' },
      { code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence of commands' },
      { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:2525' },
      { code: 'ECONNECTION', message: 'Connection closed unexpectedly' },
      { code: 'ETIMEDOUT', message: 'Greeting never received' },
      { code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' },
    ];
    for (const c of cases) {
      const failure = classifyFailure(Object.assign(new Error(c.message ?? 'failed'), c));
      expect(failure.permanent).toBe(false);
      expect(failure.reason).toBe(c.response ?? c.message);
    }
    expect(classifyFailure('odd')).toEqual({ permanent: false, reason: 'odd' });
  });

  it('waits base × 2^(attempts−1), at most an hour', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(30, n))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30, 20)).toBe(3600);
    expect(retryDelaySeconds(0, 5)).toBe(0);
  });

  it('the Message-ID depends on the idempotency key only', () => {
    const id = messageIdFor('digest:2023-09-20:unit:12');
    expect(id).toMatch(/^<[0-9a-f]{32}@zhuanban>$/);
    expect(messageIdFor('digest:2023-09-20:unit:12')).toBe(id);
    expect(messageIdFor('digest:2023-09-20:unit:13')).not.toBe(id);
  });

  it('names a file by the time it was queued in the task force time zone, its id and kind', () => {
    const queuedAt = new Date('2023-09-20T01:02:03Z');
    expect(emlFileName(queuedAt, 12, 'dispatch.request', 'Asia/Shanghai')).toBe(
      '20230920-090203-12-dispatch.request.eml',
    );
    expect(emlFileName(new Date('2023-09-19T16:00:00Z'), 3, 'a/b c', 'Asia/Shanghai')).toBe(
      '20230920-000000-3-a_b_c.eml',
    );
  });
});
