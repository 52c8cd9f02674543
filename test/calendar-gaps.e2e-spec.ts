// A year the working-day calendar has no data for, over real HTTP on the demo plan with the clock in such a year:
// the start-up log warns, the schedule flags the jobs whose next run falls in it, the dashboard answers the
// warning (and its page shows it), a bulletin, a meeting notice and minutes carry the note line in HTML, Markdown
// and Word, and so does a supervision notice; `jobs` prints it — and none of it appears once an extra-calendar file gives the year.
import { Logger } from '@nestjs/common';
import JSZip from 'jszip';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { runCli } from '../src/cli';
import { loadConfig } from '../src/config/config';
import { startApp, tempDir, type TestApp } from './support/app';

/** The first year after the calendar package's data, and a Wednesday in March of it. */
const YEAR = Math.max(...new WorkingDaysService(loadConfig({})).years()) + 1;
const TODAY = `${YEAR}-03-10`;
const NOTE_ZH = `注：${YEAR}年工作日历（法定节假日和调休安排）未加载，该年工作日按周一至周五计算。`;
const NOTE_EN = `Note: the working-day calendar for ${YEAR} is not loaded, so working days in it are counted Monday to Friday.`;

async function download(t: TestApp, who: string, path: string): Promise<Buffer> {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await t.as(who)}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The visible text of a Word document, paragraph by paragraph. */
async function wordText(content: Buffer): Promise<string> {
  const xml = (await (await JSZip.loadAsync(content)).file('word/document.xml')?.async('string')) as string;
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

/** What the service says about the year, everywhere it says something: one place per key. */
async function whatItSays(t: TestApp) {
  const schedule = await t.get<any[]>('secretariat', '/api/schedule');
  const dashboard = await t.get('lead', '/api/dashboard');
  const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: `${YEAR}-02` });
  expect(bulletin.status).toBe(201);
  const id = bulletin.body.id as number;
  const units = await t.get<{ id: number; code: string }[]>('admin', '/api/units');
  const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
    title: '5G建设和应用推进工作专班会商会',
    startsAt: `${YEAR}-03-18T09:30:00+08:00`,
    endsAt: `${YEAR}-03-18T11:30:00+08:00`,
    place: '天水市工业和信息化局三楼会议室',
    unitIds: units.slice(0, 3).map((u) => u.id),
  });
  expect(meeting.status).toBe(201);
  const m = meeting.body.id as number;
  // a task graded red (every open task of the demo plan is overdue by then), for its supervision notice
  const [red] = (await t.get('lead', '/api/tasks?overdue=true&pageSize=1')).items;
  const out: string[] = [];
  const code = await runCli(
    ['jobs'],
    { database: t.config.database, clock: { today: TODAY }, ...calendarOf(t) },
    {
      stdout: (s) => out.push(s),
      stderr: (s) => out.push(s),
    },
  );
  expect(code).toBe(0);
  return {
    schedule,
    dashboard,
    snapshot: (await t.get('secretariat', `/api/bulletins/${id}`)).snapshot,
    bulletinHtml: (await download(t, 'secretariat', `/api/bulletins/${id}/preview?lang=zh-CN`)).toString('utf8'),
    bulletinHtmlEn: (await download(t, 'secretariat', `/api/bulletins/${id}/preview?lang=en`)).toString('utf8'),
    bulletinDocx: await wordText(await download(t, 'secretariat', `/api/bulletins/${id}/document.docx`)),
    bulletinDocxEn: await wordText(await download(t, 'secretariat', `/api/bulletins/${id}/document.docx?lang=en`)),
    agendaMd: (await download(t, 'viewer', `/api/meetings/${m}/agenda.md`)).toString('utf8'),
    agendaHtmlEn: (await download(t, 'viewer', `/api/meetings/${m}/agenda.html?lang=en`)).toString('utf8'),
    agendaDocx: await wordText(await download(t, 'secretariat', `/api/meetings/${m}/agenda.docx`)),
    minutesMd: (await download(t, 'viewer', `/api/meetings/${m}/minutes.md`)).toString('utf8'),
    minutesDocxEn: await wordText(await download(t, 'secretariat', `/api/meetings/${m}/minutes.docx?lang=en`)),
    supervisionDocx: await wordText(await download(t, 'secretariat', `/api/tasks/${red.id}/supervision-notice.docx`)),
    jobs: out.join(''),
  };
}

function calendarOf(t: TestApp): Record<string, unknown> {
  return t.config.calendar.extraFile ? { calendar: { extraFile: t.config.calendar.extraFile } } : {};
}

describe(`a year without calendar data (${YEAR})`, () => {
  let t: TestApp;
  let warnings: string[];
  let said: Awaited<ReturnType<typeof whatItSays>>;

  beforeAll(async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      t = await startApp({ today: TODAY });
      warnings = warn.mock.calls.map((c) => String(c[0]));
    } finally {
      warn.mockRestore();
    }
    said = await whatItSays(t);
  });
  afterAll(() => t?.close());

  it('is warned of at start, in Chinese and English, with how to add the year', () => {
    const line = warnings.find((w) => w.includes('工作日历缺少'));
    expect(line).toContain(`${YEAR}年`);
    expect(line).toContain(`no working-day calendar is loaded for ${YEAR}`);
    expect(line).toContain('CALENDAR_EXTRA_FILE');
    expect(line).toContain(`{"years":[${YEAR}],"holidays":["${YEAR}-01-01"],"workdays":[]}`);
  });

  it('flags each job of the schedule whose next run falls in it, the answer still a list', () => {
    expect(Array.isArray(said.schedule)).toBe(true);
    const running = said.schedule.filter((e) => e.nextRun);
    expect(running.length).toBeGreaterThan(0);
    for (const entry of running) {
      expect(entry.nextRun.slice(0, 4)).toBe(String(YEAR));
      expect(entry.calendarWarning).toEqual({
        year: YEAR,
        message: expect.stringContaining('CALENDAR_EXTRA_FILE'),
        messageEn: expect.stringContaining('CALENDAR_EXTRA_FILE'),
      });
    }
    for (const entry of said.schedule.filter((e) => !e.nextRun)) expect(entry.calendarWarning).toBeNull();
    expect(said.jobs).toMatch(new RegExp(`^ +warning: No working-day calendar .* is loaded for ${YEAR}:`, 'm'));
  });

  it('is on the dashboard, once, in both languages', () => {
    expect(said.dashboard.calendarWarnings).toEqual([
      {
        year: YEAR,
        message: expect.stringMatching(new RegExp(`^${YEAR}年的工作日历.*CALENDAR_EXTRA_FILE`)),
        messageEn: expect.stringMatching(new RegExp(`^No working-day calendar .* for ${YEAR}:.*CALENDAR_EXTRA_FILE`)),
      },
    ]);
  });

  it('is noted in a bulletin of the year: its snapshot, its mail and its Word document', () => {
    expect(said.snapshot.calendarMissingYears).toEqual([YEAR]);
    expect(said.bulletinHtml).toContain(NOTE_ZH);
    expect(said.bulletinHtmlEn).toContain(NOTE_EN);
    expect(said.bulletinDocx.split('\n')).toContain(NOTE_ZH);
    expect(said.bulletinDocxEn.split('\n')).toContain(NOTE_EN);
  });

  it('is noted in the meeting notice and the minutes of a meeting held in it', () => {
    expect(said.agendaMd).toContain(NOTE_ZH);
    expect(said.agendaHtmlEn).toContain(NOTE_EN);
    expect(said.agendaDocx.split('\n')).toContain(NOTE_ZH);
    expect(said.minutesMd).toContain(NOTE_ZH);
    expect(said.minutesDocxEn.split('\n')).toContain(NOTE_EN);
  });

  it('is noted in the supervision notice of a task, whose reply is due some working days on', () => {
    expect(said.supervisionDocx.split('\n')).toContain(NOTE_ZH);
  });
});

describe(`the same year given by an extra-calendar file`, () => {
  let t: TestApp;
  let warnings: string[];
  let said: Awaited<ReturnType<typeof whatItSays>>;

  beforeAll(async () => {
    const file = join(tempDir(), 'calendar-extra.json');
    writeFileSync(file, JSON.stringify({ years: [YEAR], holidays: [`${YEAR}-01-01`], workdays: [] }));
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      t = await startApp({ today: TODAY, config: { calendar: { extraFile: file } } });
      warnings = warn.mock.calls.map((c) => String(c[0]));
    } finally {
      warn.mockRestore();
    }
    said = await whatItSays(t);
  });
  afterAll(() => t?.close());

  it('is warned of nowhere', () => {
    expect(warnings.filter((w) => w.includes('工作日历缺少'))).toEqual([]);
    expect(said.schedule.filter((e) => e.nextRun).length).toBeGreaterThan(0);
    expect(said.schedule.map((e) => e.calendarWarning)).toEqual(said.schedule.map(() => null));
    expect(said.jobs).not.toContain('warning:');
    expect(said.dashboard.calendarWarnings).toEqual([]);
    expect(said.snapshot.calendarMissingYears).toBeUndefined();
    for (const text of [
      said.bulletinHtml,
      said.bulletinHtmlEn,
      said.bulletinDocx,
      said.bulletinDocxEn,
      said.agendaMd,
      said.agendaHtmlEn,
      said.agendaDocx,
      said.minutesMd,
      said.minutesDocxEn,
      said.supervisionDocx,
    ]) {
      expect(text).not.toContain('注：');
      expect(text).not.toContain('working-day calendar for');
    }
  });
});
