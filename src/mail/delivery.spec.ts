import {
  classifyFailure,
  deliveriesOf,
  emlFileName,
  initialDeliveries,
  messageIdFor,
  pendingAddresses,
  requeueDeadDeliveries,
  retryDelaySeconds,
  settleAttempt,
} from './delivery';

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

describe('per-address outcome of an attempt', () => {
  const now = new Date('2023-09-20T01:00:00Z');
  const fresh = () => initialDeliveries(['a@x.cn', 'b@x.cn'], ['c@x.cn']);
  const temporary = { permanent: false, reason: '451 busy' };
  const permanent = { permanent: true, reason: '550 no such user' };

  it('every address accepted: sent, no error', () => {
    const out = settleAttempt(fresh(), { refused: [] }, now, 8);
    expect(out).toMatchObject({ status: 'sent', accepted: true, lastError: null });
    expect(out.deliveries.map((d) => [d.status, d.attempts, d.sentAt])).toEqual([
      ['sent', 1, now.toISOString()],
      ['sent', 1, now.toISOString()],
      ['sent', 1, now.toISOString()],
    ]);
  });

  it('a co-recipient refused for now waits alone; one refused for good is dead alone', () => {
    const first = settleAttempt(fresh(), { refused: [{ address: 'B@x.cn', failure: temporary }] }, now, 8);
    expect(first.status).toBe('pending');
    expect(first.deliveries.map((d) => d.status)).toEqual(['sent', 'pending', 'sent']);
    expect(pendingAddresses(first.deliveries)).toEqual(['b@x.cn']);
    expect(first.lastError).toBe('b@x.cn: 451 busy');
    const second = settleAttempt(first.deliveries, { refused: [{ address: 'b@x.cn', failure: permanent }] }, now, 8);
    expect(second).toMatchObject({ status: 'dead', accepted: false, lastError: '550 no such user' });
    expect(second.deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 1],
      ['dead', 2],
      ['sent', 1],
    ]);
    const again = requeueDeadDeliveries(second.deliveries);
    expect(again.map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 1],
      ['pending', 0],
      ['sent', 1],
    ]);
  });

  it('a refusal of the whole message applies to every waiting address; the last allowed attempt gives up', () => {
    const out = settleAttempt(fresh(), { failure: temporary }, now, 1);
    expect(out).toMatchObject({ status: 'dead', accepted: false, lastError: '451 busy' });
    expect(out.deliveries.every((d) => d.status === 'dead' && d.lastError === '451 busy')).toBe(true);
  });

  it('a message written before addresses had their own state stands where the message does', () => {
    const base = { to: ['a@x.cn'], cc: ['c@x.cn'], attempts: 2, lastError: 'x', sentAt: now };
    expect(deliveriesOf({ ...base, deliveries: [], status: 'sent' }).map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(deliveriesOf({ ...base, deliveries: [], status: 'dead' }).map((d) => d.lastError)).toEqual(['x', 'x']);
    expect(deliveriesOf({ ...base, deliveries: [], status: 'sending' })[0]).toMatchObject({ status: 'pending' });
  });
});
