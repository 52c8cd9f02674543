import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { IndicatorsService } from '../src/indicators/indicators.service';
import { startApp, type TestApp } from './support/app';
import { testDialect } from './support/database';

interface PlanIndicator {
  code: string;
  baseline: number;
  baselineDate: string;
  target: number;
  targetDate: string;
  headline: boolean;
  values: { date: string; value: number; source: string }[];
}

interface PlanTask {
  code: string;
  leadUnit: string;
  supportingUnits: string[];
  indicators: string[];
  subtasks?: PlanTask[];
}

interface PlanFile {
  indicators: PlanIndicator[];
  tasks: PlanTask[];
  reports: { task: string; unit: string; filedOn: string; indicatorValues: { indicator: string; value: number }[] }[];
}

const PLAN: PlanFile = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'demo-plan.json'), 'utf8'));
const TODAY = '2023-09-20';
const NEW_STATIONS = PLAN.indicators.find((i) => i.code === 'bs-new-2023') as PlanIndicator;
/** The figure the source document gives: 1,127 stations by the end of July 2023. */
const DOCUMENT_VALUE = NEW_STATIONS.values.filter((v) => v.source === 'document').at(-1) as PlanIndicator['values'][0];

const round1 = (x: number) => Math.round(x * 10) / 10;
const days = (a: string, b: string) => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
const achievement = (ind: PlanIndicator, value: number) =>
  round1(((value - ind.baseline) / (ind.target - ind.baseline)) * 100);
/**
 * The share of the indicator's period elapsed by the end of `date`: the period starts on a baseline dated the 1st
 * of a month, else on the day after the baseline date, and ends with the target date, days counted inclusively.
 */
const proRata = (ind: PlanIndicator, date: string) => {
  const start = ind.baselineDate.endsWith('-01')
    ? ind.baselineDate
    : new Date(Date.parse(`${ind.baselineDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const share = (days(start, date) + 1) / (days(start, ind.targetDate) + 1);
  return round1(Math.min(1, Math.max(0, share)) * 100);
};

function allTasks(tasks: PlanTask[]): PlanTask[] {
  return tasks.flatMap((t) => [t, ...allTasks(t.subtasks ?? [])]);
}

/** The fields an error answer names, each once. */
function fields(body: { errors?: { field: string }[] }): string[] {
  return [...new Set((body.errors ?? []).map((e) => e.field))];
}

async function indicatorId(t: TestApp, code: string): Promise<number> {
  const list = await t.get<{ id: number; code: string }[]>('viewer', '/api/indicators');
  return (list.find((i) => i.code === code) as { id: number }).id;
}

describe('indicators of the demo plan', () => {
  let t: TestApp;
  let planId: number;
  let stationsId: number;

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    const list = await t.get('viewer', '/api/indicators');
    const stations = list.find((i: { code: string }) => i.code === NEW_STATIONS.code);
    planId = stations.planId;
    stationsId = stations.id;
  });
  afterAll(() => t.close());

  it('lists the headline indicators of the plan, each with metrics as of today', async () => {
    const list = await t.get('viewer', `/api/indicators?planId=${planId}&headline=true`);
    expect(list.map((i: { code: string }) => i.code).sort()).toEqual(
      PLAN.indicators
        .filter((i) => i.headline)
        .map((i) => i.code)
        .sort(),
    );
    for (const ind of list) {
      expect(ind.metrics.asOf).toBe(TODAY);
      expect(ind.metrics.proRataToday).toBe(proRata(ind, TODAY));
    }
    const all = await t.get('viewer', `/api/indicators?planId=${planId}`);
    expect(all).toHaveLength(PLAN.indicators.length);
    const noValues = all.find((i: { code: string }) => i.code === 'app-demo-projects');
    expect(noValues.metrics).toMatchObject({ latestValue: null, achievementPercent: null, status: 'no_data' });
  });

  it('reads the values of all listed indicators with one query, however many there are', async () => {
    // The queries the database driver of this run is sent.
    const runner = testDialect() === 'postgres' ? PostgresQueryRunner : SqliteQueryRunner;
    const spy = jest.spyOn(runner.prototype as SqliteQueryRunner, 'query');
    const valueQueries = async (path: string) => {
      spy.mockClear();
      const list = await t.get('viewer', path);
      const count = spy.mock.calls.filter(([sql]) => /FROM "indicator_value"/.test(sql)).length;
      return { count, size: list.length };
    };
    try {
      const few = await valueQueries(`/api/indicators?planId=${planId}&headline=true`);
      const all = await valueQueries(`/api/indicators?planId=${planId}`);
      expect(all.size).toBeGreaterThan(few.size);
      expect([few.count, all.count]).toEqual([1, 1]);
    } finally {
      spy.mockRestore();
    }
  });

  it('shows the new stations 132.6% achieved against a pro-rata of 58.1% at the end of July (212 of 365 days)', async () => {
    const res = await t.get('viewer', `/api/indicators/${stationsId}?asOf=${DOCUMENT_VALUE.date}`);
    const m = res.metrics;
    expect(m.latestValue).toBe(DOCUMENT_VALUE.value);
    expect(m.latestOn).toBe(DOCUMENT_VALUE.date);
    expect(m.achievementPercent).toBe(achievement(NEW_STATIONS, DOCUMENT_VALUE.value));
    expect(m.proRataAtLatest).toBe(proRata(NEW_STATIONS, DOCUMENT_VALUE.date));
    // the figures of the source document
    expect(Math.round(m.achievementPercent)).toBe(133);
    expect(Math.round(m.proRataAtLatest)).toBe(58);
    expect([m.achievementPercent, m.proRataAtLatest]).toEqual([132.6, 58.1]);
    // the cumulative indicator of the same year, from a baseline at the end of 2022, counts the same days
    const cumulative = (await t.get('viewer', `/api/indicators/${await indicatorId(t, 'bs-total')}?asOf=2023-07-31`))
      .metrics;
    expect(cumulative.proRataAtLatest).toBe(58.1);
    expect(m.gap).toBe(round1(m.achievementPercent - m.proRataAtLatest));
    expect(m.targetReached).toBe(true);
    expect(m.status).toBe('ahead');
  });

  it('measures today from the latest value on record and the pro-rata of 2023-09-20', async () => {
    const values = await t.get('viewer', `/api/indicators/${stationsId}/values`);
    const latest = values[0];
    const res = await t.get('viewer', `/api/indicators/${stationsId}`);
    const m = res.metrics;
    expect(m.asOf).toBe(TODAY);
    expect(m.latestValueId).toBe(latest.id);
    expect(m.latestValue).toBe(latest.value);
    expect(m.latestOn).toBe(latest.observedOn);
    expect(m.achievementPercent).toBe(achievement(NEW_STATIONS, latest.value));
    expect(m.proRataAtLatest).toBe(proRata(NEW_STATIONS, latest.observedOn));
    expect(m.proRataToday).toBe(proRata(NEW_STATIONS, TODAY));
    expect(m.proRataToday).toBe(72.1);
    expect(m.onTrack).toBe(true);
    expect(m.projectedValue).toBeGreaterThan(NEW_STATIONS.target);
  });

  it('lists the tasks linked to the indicator; a liaison only those of its unit', async () => {
    const linked = allTasks(PLAN.tasks).filter((task) => task.indicators.includes(NEW_STATIONS.code));
    const res = await t.get('lead', `/api/indicators/${stationsId}`);
    expect(res.tasks.map((x: { code: string }) => x.code).sort()).toEqual(linked.map((x) => x.code).sort());
    expect(Object.keys(res.tasks[0]).sort()).toEqual(['code', 'id', 'title']);

    const mine = linked.filter((x) => x.leadUnit === 'yd' || x.supportingUnits.includes('yd'));
    expect(mine.length).toBeLessThan(linked.length);
    const asLiaison = await t.get('liaison', `/api/indicators/${stationsId}`);
    expect(asLiaison.tasks.map((x: { code: string }) => x.code).sort()).toEqual(mine.map((x) => x.code).sort());
  });

  it('lists values newest first with their source: the document, or a report with its unit and task', async () => {
    const values = await t.get('liaison', `/api/indicators/${stationsId}/values`);
    const dates = values.map((v: { observedOn: string }) => v.observedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const fromDocument = values.find((v: { observedOn: string }) => v.observedOn === DOCUMENT_VALUE.date);
    expect(fromDocument).toMatchObject({
      value: DOCUMENT_VALUE.value,
      source: 'document',
      report: null,
      voided: false,
    });

    const reported = PLAN.reports.filter((r) => r.indicatorValues.some((v) => v.indicator === NEW_STATIONS.code));
    const fromReports = values.filter((v: { source: string }) => v.source === 'report');
    expect(fromReports).toHaveLength(reported.length);
    for (const v of fromReports) {
      expect(v.report).toEqual({
        id: expect.any(Number),
        unitId: expect.any(Number),
        taskId: expect.any(Number),
        period: expect.any(String),
        status: expect.any(String),
      });
    }
    const tasks = (await t.get('lead', `/api/indicators/${stationsId}`)).tasks;
    expect(tasks.map((x: { id: number }) => x.id)).toEqual(expect.arrayContaining([fromReports[0].report.taskId]));
  });

  it('lets the secretariat add a value, and the metrics move with it', async () => {
    const me = await t.get('secretariat', '/api/auth/me');
    const res = await t.call('secretariat', 'POST', `/api/indicators/${stationsId}/values`, {
      value: 1300,
      observedOn: '2023-09-15',
      note: '9月调度',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      value: 1300,
      observedOn: '2023-09-15',
      source: 'secretariat',
      enteredById: me.id,
      report: null,
      voided: false,
    });

    const m = (await t.get('viewer', `/api/indicators/${stationsId}`)).metrics;
    expect(m).toMatchObject({
      latestValueId: res.body.id,
      latestValue: 1300,
      latestOn: '2023-09-15',
      achievementPercent: achievement(NEW_STATIONS, 1300),
      proRataAtLatest: proRata(NEW_STATIONS, '2023-09-15'),
    });

    const audit = await t.get('lead', `/api/audit?entityType=indicator_value&entityId=${res.body.id}`);
    expect(audit.items.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['value', 'observedOn', 'source']),
    );
    expect(audit.items[0]).toMatchObject({ action: 'create', actorId: me.id });
  });

  it('refuses a liaison and a viewer who post an indicator or a value', async () => {
    const before = await t.get('lead', `/api/indicators/${stationsId}/values?includeVoided=true`);
    for (const who of ['liaison', 'viewer']) {
      const value = await t.call(who, 'POST', `/api/indicators/${stationsId}/values`, {
        value: 2000,
        observedOn: '2023-09-19',
      });
      expect(value.status).toBe(403);
      const indicator = await t.call(who, 'POST', '/api/indicators', {
        planId,
        code: `by-${who}`,
        name: 'x',
        measure: '个',
        baselineDate: '2023-01-01',
        target: 1,
        targetDate: '2023-12-31',
      });
      expect(indicator.status).toBe(403);
      const patch = await t.call(who, 'PATCH', `/api/indicators/${stationsId}`, { target: 1 });
      expect(patch.status).toBe(403);
    }
    expect(await t.get('lead', `/api/indicators/${stationsId}/values?includeVoided=true`)).toEqual(before);
    expect((await t.get('lead', '/api/indicators')).map((i: { code: string }) => i.code)).not.toContain('by-liaison');
  });

  describe('bad input is answered 4xx naming the field, and changes nothing', () => {
    const valueCases: [string, unknown, number, string | null][] = [
      ['an unknown field', { value: 1, observedOn: '2023-09-01', extra: 1 }, 400, 'extra'],
      ['a value given as a string', { value: '1200', observedOn: '2023-09-01' }, 400, 'value'],
      ['a value that is no number', { value: 'abc', observedOn: '2023-09-01' }, 400, 'value'],
      ['a missing value', { observedOn: '2023-09-01' }, 400, 'value'],
      ['a missing observedOn', { value: 1 }, 400, 'observedOn'],
      ['an impossible date', { value: 1, observedOn: '2023-13-01' }, 400, 'observedOn'],
      ['a date in the future', { value: 1, observedOn: '2023-09-21' }, 400, 'observedOn'],
      ['a date before the baseline date', { value: 1, observedOn: '2022-12-31' }, 400, 'observedOn'],
      ['a note too long', { value: 1, observedOn: '2023-09-01', note: 'x'.repeat(2001) }, 400, 'note'],
    ];

    it.each(valueCases)('a value with %s', async (_name, body, status, field) => {
      const path = `/api/indicators/${stationsId}/values`;
      const before = await t.get('lead', `${path}?includeVoided=true`);
      const res = await t.call('secretariat', 'POST', path, body);
      expect(res.status).toBe(status);
      expect(fields(res.body)).toContain(field);
      expect(await t.get('lead', `${path}?includeVoided=true`)).toEqual(before);
    });

    it('a value too large to be finite', async () => {
      const path = `/api/indicators/${stationsId}/values`;
      const before = await t.get('lead', `${path}?includeVoided=true`);
      const res = await t.request('POST', path, {
        token: await t.as('secretariat'),
        raw: '{"value": 1e400, "observedOn": "2023-09-01"}',
      });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['value']);
      expect(await t.get('lead', `${path}?includeVoided=true`)).toEqual(before);
    });

    it('a value for an unknown indicator is 404, and a malformed id names the id', async () => {
      const unknown = await t.call('secretariat', 'POST', '/api/indicators/999999/values', {
        value: 1,
        observedOn: '2023-09-01',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('not_found');
      expect((await t.call('viewer', 'GET', '/api/indicators/999999')).status).toBe(404);
      expect((await t.call('viewer', 'GET', '/api/indicators/999999/values')).status).toBe(404);
      const malformed = await t.call('secretariat', 'POST', '/api/indicators/abc/values', {
        value: 1,
        observedOn: '2023-09-01',
      });
      expect(malformed.status).toBe(400);
      expect(fields(malformed.body)).toEqual(['id']);
    });

    it.each([
      ['/api/indicators?planId=abc', 'planId'],
      ['/api/indicators?headline=maybe', 'headline'],
      ['/api/indicators?asOf=2023-02-30', 'asOf'],
      ['/api/indicators?unit=1', 'unit'],
      ['/api/indicators/1/values?includeVoided=yes', 'includeVoided'],
    ])('a query %s names %s', async (path, field) => {
      const res = await t.call('viewer', 'GET', path);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual([field]);
    });

    const valid = () => ({
      planId,
      code: 'households-5g',
      name: '5G用户数',
      measure: '户',
      baseline: 100,
      baselineDate: '2023-01-01',
      target: 200,
      targetDate: '2023-12-31',
    });
    const indicatorCases: [string, () => Record<string, unknown>, number, string][] = [
      ['an unknown planId', () => ({ ...valid(), planId: 99999 }), 400, 'planId'],
      ['a planId that is no number', () => ({ ...valid(), planId: 'abc' }), 400, 'planId'],
      ['a code the plan has already', () => ({ ...valid(), code: NEW_STATIONS.code }), 409, 'code'],
      ['a malformed code', () => ({ ...valid(), code: 'Not A Code' }), 400, 'code'],
      ['a work item of no plan', () => ({ ...valid(), workItemId: 99999 }), 400, 'workItemId'],
      ['an unknown direction', () => ({ ...valid(), direction: 'sideways' }), 400, 'direction'],
      ['a target date before the baseline date', () => ({ ...valid(), targetDate: '2022-12-31' }), 400, 'targetDate'],
      ['a target date equal to the baseline date', () => ({ ...valid(), targetDate: '2023-01-01' }), 400, 'targetDate'],
      ['a target against the direction', () => ({ ...valid(), direction: 'decrease' }), 400, 'target'],
      ['a target given as a string', () => ({ ...valid(), target: '200' }), 400, 'target'],
      ['a name too long', () => ({ ...valid(), name: '指'.repeat(201) }), 400, 'name'],
      ['a missing measure', () => ({ ...valid(), measure: undefined }), 400, 'measure'],
      ['an unknown field', () => ({ ...valid(), colour: 'red' }), 400, 'colour'],
    ];

    it.each(indicatorCases)('an indicator with %s', async (_name, body, status, field) => {
      const before = await t.get('lead', '/api/indicators');
      const res = await t.call('lead', 'POST', '/api/indicators', body());
      expect(res.status).toBe(status);
      expect(fields(res.body)).toContain(field);
      expect(await t.get('lead', '/api/indicators')).toEqual(before);
    });
  });

  it('describes its endpoints in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/indicators', '/api/indicators/{id}', '/api/indicators/{id}/values']),
    );
  });

  it('lets a lead create and edit an indicator, audited, and refuses a bad edit', async () => {
    const created = await t.call('lead', 'POST', '/api/indicators', {
      planId,
      code: 'gigabit-households',
      name: '千兆宽带用户数',
      measure: '万户',
      baseline: 20,
      baselineDate: '2023-01-01',
      target: 30,
      targetDate: '2024-12-31',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ direction: 'increase', headline: false, workItemId: null, source: 'user' });
    expect(created.body.metrics).toMatchObject({ status: 'no_data', proRataToday: expect.any(Number) });
    const id = created.body.id;

    const workItemId = (await t.get('viewer', `/api/indicators/${stationsId}`)).workItemId;
    const patched = await t.call('secretariat', 'PATCH', `/api/indicators/${id}`, {
      target: 35,
      headline: true,
      workItemId,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ target: 35, headline: true, workItemId, code: 'gigabit-households' });

    const before = await t.get('lead', `/api/indicators/${id}`);
    const bad: [Record<string, unknown>, number, string][] = [
      [{ name: null }, 400, 'name'],
      [{ targetDate: '2022-06-30' }, 400, 'targetDate'],
      [{ code: NEW_STATIONS.code }, 409, 'code'],
      [{ planId: 2 }, 400, 'planId'],
      [{ baseline: 'x' }, 400, 'baseline'],
    ];
    for (const [body, status, field] of bad) {
      const res = await t.call('lead', 'PATCH', `/api/indicators/${id}`, body);
      expect([res.status, fields(res.body)]).toEqual([status, [field]]);
    }
    expect(await t.get('lead', `/api/indicators/${id}`)).toEqual(before);

    const audit = await t.get('lead', `/api/audit?entityType=indicator&entityId=${id}`);
    const changes = audit.items.map((e: { action: string; field: string }) => `${e.action}:${e.field}`);
    expect(changes).toEqual(
      expect.arrayContaining(['create:code', 'create:target', 'update:target', 'update:headline', 'update:workItemId']),
    );
  });
});

describe('indicator values of progress reports', () => {
  let t: TestApp;
  let service: IndicatorsService;
  // A transaction as the service runs one: on the async context, so the service's queries join it.
  let ambient: { transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> };

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    service = t.app.get(IndicatorsService);
    const txHost = t.app.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost);
    ambient = { transaction: (fn) => txHost.withTransaction(() => fn(txHost.tx)) };
  });
  afterAll(() => t.close());

  it('stop counting when their report is voided, and stay on record', async () => {
    const id = await indicatorId(t, NEW_STATIONS.code);
    const values = await t.get('viewer', `/api/indicators/${id}/values`);
    const reported = values.find((v: { source: string }) => v.source === 'report');
    expect(reported).toBeDefined();

    const voided = await ambient.transaction(() => service.voidForReport(SYSTEM_ACTOR, reported.report.id));
    expect(voided.map((v) => v.id)).toContain(reported.id);

    const counted = await t.get('viewer', `/api/indicators/${id}/values`);
    expect(counted.map((v: { id: number }) => v.id)).not.toContain(reported.id);
    const onRecord = await t.get('viewer', `/api/indicators/${id}/values?includeVoided=true`);
    expect(onRecord.find((v: { id: number }) => v.id === reported.id)).toMatchObject({ voided: true });

    const m = (await t.get('viewer', `/api/indicators/${id}`)).metrics;
    expect(m.latestValueId).toBe(counted[0].id);
    expect(m.latestValue).toBe(counted[0].value);

    const audit = await t.get('lead', `/api/audit?entityType=indicator_value&entityId=${reported.id}`);
    expect(audit.items[0]).toMatchObject({ action: 'void', field: 'voided', oldValue: 'false', newValue: 'true' });
  });

  it('are recorded within the report transaction, and roll back with it', async () => {
    const id = await indicatorId(t, NEW_STATIONS.code);
    const report = (await t.get('viewer', `/api/indicators/${id}/values?includeVoided=true`)).find(
      (v: { source: string }) => v.source === 'report',
    ).report;
    const before = await t.get('viewer', `/api/indicators/${id}/values?includeVoided=true`);
    await expect(
      ambient.transaction(async () => {
        await service.recordFromReport(SYSTEM_ACTOR, {
          indicatorId: id,
          value: 1400,
          observedOn: '2023-09-18',
          reportId: report.id,
        });
        throw new Error('the report was refused');
      }),
    ).rejects.toThrow('the report was refused');
    expect(await t.get('viewer', `/api/indicators/${id}/values?includeVoided=true`)).toEqual(before);

    const recorded = await ambient.transaction(() =>
      service.recordFromReport(SYSTEM_ACTOR, {
        indicatorId: id,
        value: 1400,
        observedOn: '2023-09-18',
        reportId: report.id,
      }),
    );
    const [latest] = await t.get('viewer', `/api/indicators/${id}/values`);
    expect(latest).toMatchObject({
      id: recorded.id,
      source: 'report',
      report: { id: report.id, taskId: report.taskId },
    });
    expect((await t.get('viewer', `/api/indicators/${id}`)).metrics.latestValue).toBe(1400);
  });

  it('name the request field when the indicator is unknown or the date precedes its baseline', async () => {
    const id = await indicatorId(t, NEW_STATIONS.code);
    await expect(service.requireIds([id, 999999], 'indicatorIds')).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'indicatorIds', code: 'unknown_indicator' }],
    });
    await expect(service.requireIds([id], 'indicatorIds')).resolves.toHaveLength(1);
    await expect(
      ambient.transaction(() =>
        service.recordFromReport(SYSTEM_ACTOR, {
          indicatorId: id,
          value: 1,
          observedOn: '2022-12-01',
          reportId: 1,
          field: 'indicatorValues[0]',
        }),
      ),
    ).rejects.toMatchObject({ status: 400, errors: [{ field: 'indicatorValues[0]', code: 'before_baseline_date' }] });
  });
});
