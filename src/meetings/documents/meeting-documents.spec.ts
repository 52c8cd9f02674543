import JSZip from 'jszip';
import {
  agendaView,
  chineseNumeral,
  documentFileName,
  meetingTimeLabel,
  minutesView,
  noticeTitle,
  reminderLetterView,
} from './document-view';
import type { DocUnit, MeetingDoc } from './meeting-doc';
import { agendaDocument } from './meeting-docx';
import { meetingIcs } from './meeting-ics';

const TZ = 'Asia/Shanghai';
const OPTS = { timeZone: TZ, issuedOn: '2023-09-20' };

function unit(id: number, code: string, name: string, nameEn: string | null): DocUnit {
  return { id, code, name, nameEn, mailbox: `${code}@example.cn` };
}

function sample(over: Partial<MeetingDoc['meeting']> = {}): MeetingDoc {
  const units = [
    unit(1, 'gxj', '天水市工业和信息化局', 'Bureau of Industry and IT'),
    unit(3, 'yd', '天水移动', 'China Mobile Tianshui'),
  ];
  const qzq = unit(6, 'qzq', '秦州区', 'Qinzhou District');
  return {
    meeting: {
      id: 7,
      planId: 1,
      title: '专班第三次会商会',
      titleEn: 'Third Consultation Meeting',
      startsAt: new Date('2023-09-28T01:30:00Z'),
      endsAt: new Date('2023-09-28T03:30:00Z'),
      place: '三楼会议室',
      onlineLink: null,
      conveningUnitId: 1,
      convenerName: '李明华',
      status: 'planned',
      sequence: 2,
      agendaAsOf: '2023-09-20',
      minutes: '',
      invitationsSentAt: null,
      minutesSentAt: null,
      ...over,
    },
    plan: { id: 1, code: 'p', title: '天水市5G专班工作计划', titleEn: 'Work plan of the Tianshui 5G Task Force' },
    units,
    unitsById: new Map([...units, qzq].map((u) => [u.id, u])),
    attendees: [
      { id: 11, unitId: 3, userId: null, name: '王涛', position: '联络员', email: 'wt@example.cn', present: true },
      { id: 12, unitId: null, userId: null, name: '张建国', position: null, email: null, present: false },
    ],
    agenda: [
      {
        id: 21,
        seq: 1,
        kind: 'indicators',
        title: '重点指标完成情况',
        titleEn: null,
        detail: '',
        leadUnitId: 1,
        presenter: '天水市工业和信息化局',
        minutes: 10,
        notes: '',
        sources: { indicatorIds: [4] },
      },
      {
        id: 22,
        seq: 2,
        kind: 'manual',
        title: '研究基站进场问题',
        titleEn: 'Site access',
        detail: '',
        leadUnitId: 3,
        presenter: '王涛',
        minutes: 15,
        notes: '移动汇报了进场受阻情况。',
        sources: {},
      },
    ],
    decisions: [
      {
        id: 31,
        seq: 1,
        agendaItemId: 22,
        text: '10月底前解决进场问题',
        leadUnitId: 3,
        supportingUnitIds: [6],
        deadline: '2023-10-31',
        taskId: 41,
        task: {
          id: 41,
          code: 'W1-8',
          title: '解决进场问题',
          titleEn: null,
          status: 'assigned',
          deadline: '2023-10-31',
        },
      },
    ],
  };
}

describe('meeting documents', () => {
  it('writes Chinese numerals for numbered items', () => {
    expect([1, 2, 10, 11, 20, 21, 99, 100, 105, 110].map(chineseNumeral)).toEqual([
      '一',
      '二',
      '十',
      '十一',
      '二十',
      '二十一',
      '九十九',
      '一百',
      '一百零五',
      '一百一十',
    ]);
  });

  it('writes the time of a meeting at its wall-clock time in the task force zone', () => {
    const start = new Date('2023-09-28T01:30:00Z');
    expect(meetingTimeLabel(start, new Date('2023-09-28T03:30:00Z'), 'zh-CN', TZ)).toBe(
      '2023年9月28日（星期四）上午9:30—11:30',
    );
    expect(meetingTimeLabel(start, new Date('2023-09-28T06:00:00Z'), 'zh-CN', TZ)).toBe(
      '2023年9月28日（星期四）上午9:30—下午2:00',
    );
    expect(meetingTimeLabel(new Date('2023-09-28T11:00:00Z'), new Date('2023-09-28T12:30:00Z'), 'zh-CN', TZ)).toBe(
      '2023年9月28日（星期四）晚上7:00—8:30',
    );
    expect(meetingTimeLabel(start, new Date('2023-09-29T09:00:00Z'), 'zh-CN', TZ)).toBe(
      '2023年9月28日（星期四）上午9:30至9月29日（星期五）下午5:00',
    );
    expect(meetingTimeLabel(start, new Date('2023-09-28T03:30:00Z'), 'en', TZ)).toBe(
      'Thursday 28 September 2023, 09:30–11:30 (UTC+8)',
    );
    // 17:30 UTC is already the next day in Shanghai
    expect(meetingTimeLabel(new Date('2023-09-30T17:30:00Z'), new Date('2023-09-30T18:30:00Z'), 'zh-CN', TZ)).toBe(
      '2023年10月1日（星期日）上午1:30—2:30',
    );
  });

  it('titles the notice from the meeting title', () => {
    expect(noticeTitle('专班第三次会商会', 'zh-CN')).toBe('关于召开专班第三次会商会的通知');
    expect(noticeTitle('专班第三次会商会议', 'zh-CN')).toBe('关于召开专班第三次会商会议的通知');
    expect(noticeTitle('九月工作会商', 'zh-CN')).toBe('关于召开九月工作会商会议的通知');
    expect(noticeTitle('5G基站进场问题', 'zh-CN')).toBe('关于召开5G基站进场问题会商会议的通知');
    expect(noticeTitle('Third Consultation Meeting', 'en')).toBe('Notice of the Third Consultation Meeting');
  });

  it('builds the agenda with numbered items, slots, and the presenter only when it is not the lead unit', () => {
    const v = agendaView(sample(), 'zh-CN', OPTS);
    expect(v.heading).toBe('关于召开专班第三次会商会的通知');
    expect(v.addressee).toBe('天水市工业和信息化局、天水移动：');
    expect(v.office).toBe('天水市5G专班办公室');
    expect(v.items.map((i) => `${i.numberLabel}${i.title}`)).toEqual(['一、重点指标完成情况', '二、研究基站进场问题']);
    expect(v.items.map((i) => i.noteLine)).toEqual([
      '牵头单位：天水市工业和信息化局；时长：10分钟（09:30–09:40）',
      '牵头单位：天水移动；汇报人：王涛；时长：15分钟（09:40–09:55）',
    ]);
    expect(v.items[0].sources).toEqual({ indicatorIds: [4] });
    const en = agendaView(sample(), 'en', OPTS);
    expect(en.items[0].presenter).toBe('Bureau of Industry and IT');
    expect(en.items[1].title).toBe('Site access');
    expect(en.office).toBe('Office of the Tianshui 5G Task Force');
  });

  it('builds the minutes with attendance and decisions, and a letter only for units given something', () => {
    const v = minutesView(sample({ status: 'held' }), 'zh-CN', OPTS);
    expect(v.heading).toBe('专班第三次会商会纪要');
    expect(v.presentLabel).toBe('王涛（天水移动 联络员）');
    expect(v.absentLabel).toBe('张建国');
    // an item heard without notes is named once, in a sentence of its own
    expect(v.unnotedLabel).toBe('会议还听取了“重点指标完成情况”等议题的汇报。');
    expect(minutesView(sample({ status: 'held' }), 'en', OPTS).unnotedLabel).toBe(
      'The meeting also heard reports on “重点指标完成情况”.', // no English title in the data
    );
    expect(v.decisions[0].detailLine).toBe(
      '牵头单位：天水移动；配合单位：秦州区；完成时限：2023年10月31日；跟踪任务：W1-8（已交办）',
    );
    const yd = reminderLetterView(sample(), 3, 'zh-CN', OPTS);
    expect(yd?.led.map((d) => d.id)).toEqual([31]);
    expect(yd?.led[0].letterLine).toBe('配合单位：秦州区；完成时限：2023年10月31日；跟踪任务：W1-8（已交办）');
    const qzq = reminderLetterView(sample(), 6, 'en', OPTS);
    expect(qzq?.supported[0].letterLine).toBe(
      'Lead unit: China Mobile Tianshui; deadline: 31 October 2023; follow-up task: W1-8 (assigned)',
    );
    expect(reminderLetterView(sample(), 1, 'zh-CN', OPTS)).toBeNull();
  });

  it('notes a year without calendar data that the dates of a notice, minutes or letter reach', async () => {
    // the service passes WorkingDaysService.missingYears; here, a calendar that knows nothing after 2023-10-15
    const seen: (string | null)[][] = [];
    const missingYears = (dates: (string | null)[]) => {
      seen.push(dates);
      return dates.some((d) => d && d > '2023-10-15') ? [2023] : [];
    };
    const opts = { ...OPTS, missingYears };
    expect(agendaView(sample(), 'zh-CN', opts).calendarNote).toBeNull();
    expect(seen[0]).toContain('2023-09-28'); // the meeting's day
    const note = '注：2023年工作日历（法定节假日和调休安排）未加载，该年工作日按周一至周五计算。';
    // the decisions are due on 2023-10-31
    expect(minutesView(sample({ status: 'held' }), 'zh-CN', opts).calendarNote).toBe(note);
    expect(reminderLetterView(sample(), 3, 'zh-CN', opts)?.calendarNote).toBe(note);
    expect(reminderLetterView(sample(), 6, 'en', opts)?.calendarNote).toBe(
      'Note: the working-day calendar for 2023 is not loaded, so working days in it are counted Monday to Friday.',
    );
    // without the calendar's answer there is no note
    expect(minutesView(sample({ status: 'held' }), 'zh-CN', OPTS).calendarNote).toBeNull();
    const late = agendaView(
      sample({ startsAt: new Date('2023-10-19T01:30:00Z'), endsAt: new Date('2023-10-19T03:30:00Z') }),
      'zh-CN',
      opts,
    );
    expect(late.calendarNote).toBe(note);
    const xml = await (await JSZip.loadAsync(await agendaDocument(late))).file('word/document.xml')?.async('string');
    expect(xml).toContain('注：2023年工作日历');
  });

  it('names files after the meeting date in the task force zone', () => {
    const doc = sample({ startsAt: new Date('2023-09-27T16:30:00Z') });
    expect(documentFileName(doc, 'agenda', 'zh-CN', 'docx', TZ)).toBe('会商会议议程-2023-09-28.docx');
    expect(documentFileName(doc, 'minutes', 'en', 'md', TZ)).toBe('meeting-minutes-2023-09-28.md');
    expect(documentFileName(doc, 'reminder-letter', 'zh-CN', 'docx', TZ, doc.unitsById.get(3))).toBe(
      '工作提醒函-天水移动-2023-09-28.docx',
    );
  });

  it('writes the invitation with TZID at the wall-clock time, a VTIMEZONE, the UID and the SEQUENCE', () => {
    const doc = sample();
    const ics = meetingIcs(doc, agendaView(doc, 'zh-CN', OPTS), {
      timeZone: TZ,
      organizer: '天水市5G专班办公室 <zhuanban@example.cn>',
      stamp: new Date('2023-09-20T01:00:00Z'),
    });
    const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        'BEGIN:VTIMEZONE',
        'TZID:Asia/Shanghai',
        'UID:meeting-7@zhuanban',
        'SEQUENCE:2',
        'DTSTAMP:20230920T010000Z',
        'DTSTART;TZID=Asia/Shanghai:20230928T093000',
        'DTEND;TZID=Asia/Shanghai:20230928T113000',
        'SUMMARY:专班第三次会商会',
        'LOCATION:三楼会议室',
        'STATUS:CONFIRMED',
        'ORGANIZER;CN="天水市5G专班办公室":mailto:zhuanban@example.cn',
      ]),
    );
    expect(lines.filter((l) => l.startsWith('ATTENDEE')).map((l) => l.replace(/.*:/, '').toLowerCase())).toEqual([
      'wt@example.cn',
      'gxj@example.cn',
      'yd@example.cn',
    ]);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);

    const cancelled = sample({ status: 'cancelled', sequence: 3 });
    const cancel = meetingIcs(cancelled, agendaView(cancelled, 'en', OPTS), {
      timeZone: TZ,
      organizer: 'zhuanban@example.cn',
      stamp: new Date('2023-09-21T01:00:00Z'),
    });
    expect(cancel).toContain('METHOD:CANCEL\r\n');
    expect(cancel).toContain('STATUS:CANCELLED\r\n');
    expect(cancel).toContain('SEQUENCE:3\r\n');
    expect(cancel).toContain('SUMMARY:Third Consultation Meeting\r\n');
  });

  it('writes the invitation in another zone at that zone’s wall-clock time', () => {
    const doc = sample({ startsAt: new Date('2023-07-03T07:00:00Z'), endsAt: new Date('2023-07-03T08:00:00Z') });
    const ics = meetingIcs(doc, agendaView(doc, 'en', { ...OPTS, timeZone: 'Europe/Berlin' }), {
      timeZone: 'Europe/Berlin',
      organizer: 'zhuanban@example.cn',
      stamp: new Date('2023-07-01T00:00:00Z'),
    });
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20230703T090000');
    expect(ics).toContain('TZID:Europe/Berlin');
  });

  it('writes the agenda as a Word document with the fonts declared for Chinese', async () => {
    const zip = await JSZip.loadAsync(await agendaDocument(agendaView(sample(), 'zh-CN', OPTS)));
    const xml = (await zip.file('word/document.xml')?.async('string')) as string;
    expect(xml).toContain('关于召开专班第三次会商会的通知');
    expect(xml).toContain('2023年9月28日（星期四）上午9:30—11:30');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toMatch(/w:eastAsia="黑体"/);
  });
});
