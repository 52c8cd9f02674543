// Gathers a task's whole history into its dossier (一事一档): the task, its reports and their review, extensions,
// decisions, closing and the change log, as a Word or PDF document, or a ZIP of the document with every file the
// record holds. Each part reads the feature that owns it; the dossier only lays them side by side.
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AttachmentsService, type AttachmentView } from '../attachments/attachments.service';
import { AuditService } from '../audit/audit.service';
import { ClockService, dateTimeInZone } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { longDate, periodWords, plainNumber } from '../documents/chinese';
import { DOCX_CONTENT_TYPE, type DocLocale } from '../documents/docx';
import { PaperService, planOffice } from '../documents/paper.service';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { PlansService } from '../plans/plans.service';
import { REPORT_STATUS_WORDS, ReportsService } from '../reports/reports.service';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { CommentsService } from '../followup/comments.service';
import { InstructionsService } from '../followup/instructions.service';
import { UrgingsService } from '../followup/urgings.service';
import { statusLabel } from '../spreadsheets/task-columns';
import { SupervisionService } from '../supervision/supervision.service';
import { TaskRequestsService } from '../tasks/task-requests.service';
import { TasksService } from '../tasks/tasks.service';
import { UsersRepository } from '../users/users.repository';
import { dossierDocument, type DossierSection, type DossierView } from './dossier-document';
import { dossierZip, type DossierFile } from './dossier-zip';

export interface DossierDownload {
  content: Buffer;
  contentType: string;
  filename: string;
  asciiFilename: string;
}

/** A file the dossier holds beside its document (an attachment), with the part of the record it belongs to. */
export interface DossierAttachment extends DossierFile {
  section: string;
}

type TaskDetail = Awaited<ReturnType<TasksService['get']>>;

/** Text in the document's language. */
const say = (locale: DocLocale, zh: string, en: string) => (locale === 'en' ? en : zh);

const EXTENSION_STATUS: Record<string, [string, string]> = {
  pending: ['待审批', 'pending'],
  approved: ['已批准', 'approved'],
  refused: ['未批准', 'refused'],
  replanned: ['调整计划', 're-planned'],
};
const CLOSING_STATUS: Record<string, [string, string]> = {
  pending: ['待审批', 'pending'],
  accepted: ['已办结', 'closed'],
  returned: ['已退回', 'sent back'],
};

function word(table: Record<string, [string, string]>, key: string, locale: DocLocale): string {
  const w = table[key];
  return w ? w[locale === 'en' ? 1 : 0] : key;
}

const ACTION_WORDS: Record<string, [string, string]> = {
  create: ['创建', 'created'],
  update: ['修改', 'changed'],
  status: ['状态变更', 'status changed'],
  'report.progress': ['进展报告更新进度', 'progress from a report'],
  'report.returned': ['报告退回，进度恢复', 'report sent back, progress restored'],
  'closing.request': ['申请办结', 'closing requested'],
  'closing.accept': ['办结销号', 'closed'],
  'closing.return': ['退回办结申请', 'closing sent back'],
  'deadline.replan': ['调整计划', 're-planned'],
  'extension.approve': ['批准延期', 'extension approved'],
  'extension.refuse': ['不批准延期', 'extension refused'],
  'extension.request': ['申请延期', 'extension requested'],
  'decision.link': ['关联会商决定', 'linked to a decision'],
};

/** What the change log leaves to the parts that tell it better (urgings, instructions, comments). */
const TOLD_ELSEWHERE = new Set([
  'urging.create',
  'instruction.create',
  'comment.create',
  'comment.edit',
  'comment.delete',
]);
const FIELD_WORDS: Record<string, [string, string]> = {
  progress: ['进度', 'progress'],
  status: ['状态', 'status'],
  deadline: ['完成时限', 'deadline'],
  title: ['任务名称', 'title'],
  leadUnitId: ['牵头单位', 'lead unit'],
  supportingUnitIds: ['配合单位', 'supporting units'],
  ownerName: ['责任人', 'owner'],
  requestedDeadline: ['申请时限', 'deadline asked for'],
  reason: ['理由', 'reason'],
  priority: ['优先级', 'priority'],
  startDate: ['开始日期', 'start date'],
};
const OWNER_WORDS: Record<string, [string, string]> = {
  report: ['进展报告', 'progress reports'],
  closing_request: ['办结材料', 'closing materials'],
  extension_request: ['延期申请', 'extension requests'],
  meeting: ['会议材料', 'meeting papers'],
  decision: ['会商决定', 'decisions'],
  supervision_reply: ['督办反馈', 'supervision replies'],
};

/** 1.2 MB, 830 KB, 512 B. */
function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

const SOURCE_WORDS: Record<string, [string, string]> = {
  document: ['工作方案原文', 'the plan document'],
  demo: ['演示数据', 'demo data'],
  user: ['专班交办', 'the task force'],
};

/** A value of the change log as a reader wants it: dates in words, lists joined; anything else as recorded. */
function changeValue(value: string | null, locale: DocLocale): string {
  if (value === null || value === '') return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return longDate(value, locale);
  if (/^\[.*\]$/.test(value)) {
    try {
      const list = JSON.parse(value) as unknown[];
      if (list.every((x) => typeof x !== 'object')) return list.join(locale === 'en' ? ', ' : '、') || '—';
    } catch {
      // not JSON after all: as recorded
    }
  }
  return value;
}

/** 进展报告更新进度（进度）, or the action's own name where there is no word for it. */
function changeWords(action: string, field: string | null, locale: DocLocale): string {
  const a = word(ACTION_WORDS, action, locale);
  if (!field) return a;
  const f = word(FIELD_WORDS, field, locale);
  return locale === 'en' ? `${a} (${f})` : `${a}（${f}）`;
}

@Injectable()
export class DossierService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksService,
    private readonly requests: TaskRequestsService,
    private readonly reports: ReportsService,
    private readonly meetings: MeetingsRepository,
    private readonly plans: PlansService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly attachmentsService: AttachmentsService,
    private readonly supervision: SupervisionService,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly instructions: InstructionsService,
    private readonly urgings: UrgingsService,
    private readonly comments: CommentsService,
    private readonly paper: PaperService,
    private readonly clock: ClockService,
  ) {}

  /** The dossier as a Word document. */
  async docx(actor: Actor, taskId: number, locale: DocLocale): Promise<DossierDownload> {
    const { view, task } = await this.view(actor, taskId, locale);
    return this.file(task, locale, 'docx', await dossierDocument(view));
  }

  /** The same as PDF (406 naming the Debian package when LibreOffice is missing). */
  async pdf(actor: Actor, taskId: number, locale: DocLocale): Promise<DossierDownload> {
    const { view, task } = await this.view(actor, taskId, locale);
    return this.file(task, locale, 'pdf', await this.paper.pdf(await dossierDocument(view)));
  }

  /** The document and every attachment, byte for byte, with a list of the files and their SHA-256. */
  async zip(actor: Actor, taskId: number, locale: DocLocale): Promise<DossierDownload> {
    const { view, task, attachments } = await this.view(actor, taskId, locale);
    const docx = await dossierDocument(view);
    const base = this.baseName(task, locale);
    const content = await dossierZip(
      locale,
      { name: `${base}.docx`, content: docx, at: this.clock.now() },
      attachments,
    );
    return {
      content,
      contentType: 'application/zip',
      filename: `${base}.zip`,
      asciiFilename: `task-${task.id}-dossier.zip`,
    };
  }

  private file(task: TaskDetail, locale: DocLocale, format: 'docx' | 'pdf', content: Buffer): DossierDownload {
    return {
      content,
      contentType: format === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE,
      filename: `${this.baseName(task, locale)}.${format}`,
      asciiFilename: `task-${task.id}-dossier.${format}`,
    };
  }

  private baseName(task: TaskDetail, locale: DocLocale): string {
    return (locale === 'en' ? `dossier-${task.code}` : `任务档案-${task.code}`).replace(/[\\/:*?"<>|\r\n]+/g, ' ');
  }

  /** Everything the dossier says, in one language. */
  async view(
    actor: Actor,
    taskId: number,
    locale: DocLocale,
  ): Promise<{ view: DossierView; task: TaskDetail; attachments: DossierAttachment[] }> {
    const task = await this.tasks.get(actor, taskId);
    const plan = task.planId ? await this.plans.get(task.planId) : null;
    const [reports, extensions, closings, decisions, trail, files, notices, acks, instructions, urgings, comments] =
      await Promise.all([
        this.reports.listForTask(actor, taskId),
        this.requests.listExtensions(actor, { taskId }),
        this.requests.listClosing(actor, taskId),
        this.meetings.decisionsForTask(taskId, task.decisionId),
        this.audit.query({ entityType: 'task', entityId: taskId, page: 1, pageSize: 500 }),
        this.attachmentsService.listForTask(taskId),
        this.supervision.listForTask(taskId),
        this.acknowledgements.listForTask(taskId),
        this.instructions.listForTask(taskId),
        this.urgings.listForTask(taskId),
        this.comments.listForTask(taskId),
      ]);
    const filesOf = (ownerType: string, ownerId: number) =>
      files.filter((f) => f.ownerType === ownerType && f.ownerId === ownerId);
    const fileNames = (list: AttachmentView[]) => list.map((f) => f.filename).join(say(locale, '；', '; '));
    const meetings = new Map(
      (await this.meetings.briefs([...new Set(decisions.map((d) => d.meetingId))])).map((m) => [m.id, m]),
    );
    const names = await this.users.displayNamesOf([
      ...extensions.map((e) => e.decidedById as number),
      ...closings.flatMap((c) => [c.requestedById, c.decidedById as number]),
      ...trail.items.map((a) => a.actorId as number),
    ]);
    const who = (id: number | null | undefined) => (id ? (names.get(id) ?? `#${id}`) : '—');
    const when = (d: Date | null | undefined) => this.when(d, locale);
    const day = (d: string | null | undefined) => (d ? longDate(d, locale) : '—');
    const unitName = (u: { id: number; name?: string; nameEn?: string | null } | null | undefined) =>
      u ? ((locale === 'en' ? (u.nameEn ?? u.name) : u.name) ?? `#${u.id}`) : '—';
    const s = (zh: string, en: string) => say(locale, zh, en);

    const sections: DossierSection[] = [];
    const ackKind = (k: string) =>
      k === 'instruction'
        ? s('领导批示', 'instruction')
        : k === 'supervision_notice'
          ? s('督办单', 'supervision notice')
          : s('交办', 'assignment');
    sections.push({
      key: 'instructions',
      heading: s('领导批示', 'Leaders’ instructions'),
      headers: [s('日期', 'Date'), s('批示领导', 'Leader'), s('批示内容', 'Instruction'), s('送达单位', 'Sent to')],
      rows: instructions.map((i) => [
        day(i.issuedOn),
        i.leaderName,
        i.text,
        i.units.map(unitName).join(s('、', ', ')) || '—',
      ]),
      none: s('无领导批示。', 'No instruction.'),
    });
    sections.push({
      key: 'assignment',
      heading: s('交办与签收', 'Assignment and acknowledgement'),
      headers: [
        s('事项', 'Item'),
        s('单位', 'Unit'),
        s('送达时间', 'Sent'),
        s('签收时限', 'Due'),
        s('签收', 'Acknowledged'),
      ],
      rows: [
        [
          s('交办', 'assignment'),
          [unitName(task.leadUnit), ...task.supportingUnits.map(unitName)].join(s('、', ', ')),
          // the plan's start date is the day it was handed out; a task recorded without one, when it was recorded
          task.startDate ? day(task.startDate) : when(task.createdAt),
          day(task.originalDeadline) === '—'
            ? '—'
            : s(`完成时限${day(task.originalDeadline)}`, `deadline ${day(task.originalDeadline)}`),
          '',
        ],
        ...acks.map((a) => [
          ackKind(a.kind),
          unitName(a.unit),
          when(new Date(a.requestedAt)),
          when(new Date(a.dueAt)),
          a.acknowledgedAt
            ? `${when(new Date(a.acknowledgedAt))}${a.acknowledgedBy ? s(`，${a.acknowledgedBy.displayName}`, `, ${a.acknowledgedBy.displayName}`) : ''}${a.onTime === false ? s('（超时）', ' (late)') : ''}`
            : a.status === 'overdue'
              ? s('逾期未签收', 'overdue')
              : s('待签收', 'awaited'),
        ]),
      ],
      none: '',
    });
    const colon = s('：', ': ');
    sections.push({
      key: 'reports',
      heading: s('进展报告及审核', 'Progress reports and their review'),
      headers: [],
      rows: [],
      entries: [...reports]
        .sort((a, b) => new Date(a.filedAt).getTime() - new Date(b.filedAt).getTime())
        .map((r) => ({
          title: s(
            `${periodWords(r.period, locale)}进展（${unitName(r.unit)}，进度${plainNumber(r.percent)}%）`,
            `${periodWords(r.period, locale)} (${unitName(r.unit)}, ${plainNumber(r.percent)}%)`,
          ),
          lines: [
            {
              label: s('报送', 'Filed') + colon,
              value:
                `${when(r.filedAt)}${r.filedBy ? s(`，${r.filedBy.displayName}`, `, ${r.filedBy.displayName}`) : ''}` +
                (r.late ? s('（逾期报送）', ' (late)') : ''),
            },
            { label: s('进展情况', 'Progress made') + colon, value: r.text || '—' },
            { label: s('存在问题', 'Problems') + colon, value: r.problems || '—' },
            { label: s('下步打算', 'Next steps') + colon, value: r.nextSteps || '—' },
            ...(r.needsCoordination ? [{ label: s('需协调', 'Coordination') + colon, value: s('是', 'needed') }] : []),
            ...(filesOf('report', r.id).length
              ? [{ label: s('附件', 'Attachments') + colon, value: fileNames(filesOf('report', r.id)) }]
              : []),
            {
              label: s('审核', 'Review') + colon,
              value: [
                word(REPORT_STATUS_WORDS, r.status, locale),
                r.reviewedBy ? `${r.reviewedBy.displayName}，${when(r.reviewedAt)}` : '',
                r.reviewReason ?? '',
              ]
                .filter(Boolean)
                .join(s('；', '; ')),
            },
          ],
        })),
      none: s('尚无进展报告。', 'No progress report yet.'),
    });
    sections.push({
      key: 'extensions',
      heading: s('延期申请', 'Extension requests'),
      headers: [],
      rows: [],
      entries: [...extensions]
        .sort((a, b) => a.id - b.id)
        .map((e) => ({
          title: s(
            `申请延期至${day(e.requestedDeadline)}（原时限${day(e.previousDeadline)}）`,
            `To ${day(e.requestedDeadline)} (was ${day(e.previousDeadline)})`,
          ),
          lines: [
            {
              label: s('申请', 'Requested') + colon,
              value: `${when(e.requestedAt)}${e.requestedBy ? s(`，${e.requestedBy.displayName}`, `, ${e.requestedBy.displayName}`) : ''}`,
            },
            { label: s('理由', 'Reason') + colon, value: e.reason || '—' },
            ...(filesOf('extension_request', e.id).length
              ? [{ label: s('附件', 'Attachments') + colon, value: fileNames(filesOf('extension_request', e.id)) }]
              : []),
            {
              label: s('结果', 'Decision') + colon,
              value: [
                word(EXTENSION_STATUS, e.status, locale),
                e.decidedById ? `${who(e.decidedById)}，${when(e.decidedAt)}` : '',
                e.decisionNote ?? '',
              ]
                .filter(Boolean)
                .join(s('；', '; ')),
            },
          ],
        })),
      none: s('无延期申请。', 'No extension request.'),
    });
    sections.push({
      key: 'supervision',
      heading: s('督办单及反馈', 'Supervision notices and replies'),
      headers: [],
      rows: [],
      entries: notices.map((n) => ({
        title: s(
          `${n.number}（${n.grade === 'red' ? '红色' : '黄色'}督办）`,
          `${n.number} (${n.grade === 'red' ? 'red' : 'yellow'})`,
        ),
        lines: [
          {
            label: s('签发', 'Issued') + colon,
            value: `${day(n.issuedOn)}${n.issuedBy?.displayName ? s(`，${n.issuedBy.displayName}`, `, ${n.issuedBy.displayName}`) : ''}${s(`，致${unitName(n.unit)}`, `, to ${unitName(n.unit)}`)}`,
          },
          { label: s('反馈时限', 'Reply by') + colon, value: day(n.replyDueOn) },
          ...(n.note ? [{ label: s('备注', 'Note') + colon, value: n.note }] : []),
          ...(n.replies.length
            ? n.replies.flatMap((r) => [
                {
                  label: s('反馈', 'Reply') + colon,
                  value: `${when(r.createdAt)}${r.by.displayName ? s(`，${r.by.displayName}`, `, ${r.by.displayName}`) : ''}${r.late ? s('（逾期反馈）', ' (late)') : ''}：${r.text}`,
                },
                ...(filesOf('supervision_reply', r.id).length
                  ? [{ label: s('附件', 'Attachments') + colon, value: fileNames(filesOf('supervision_reply', r.id)) }]
                  : []),
              ])
            : [
                {
                  label: s('反馈', 'Reply') + colon,
                  value: n.overdue ? s('逾期未反馈', 'overdue, none') : s('尚未反馈', 'none yet'),
                },
              ]),
        ],
      })),
      none: s('未发督办单。', 'No supervision notice.'),
    });
    sections.push({
      key: 'decisions',
      heading: s('会商决定', 'Decisions of consultation meetings'),
      headers: [s('会议', 'Meeting'), s('决定事项', 'Decision'), s('完成时限', 'Deadline')],
      rows: decisions.map((d) => {
        const m = meetings.get(d.meetingId);
        return [m ? `${m.title}（${when(m.startsAt)}）` : `#${d.meetingId}`, d.text, day(d.deadline)];
      }),
      none: s('无会商决定。', 'No decision of a meeting.'),
    });
    sections.push({
      key: 'urgings',
      heading: s('催办记录', 'Urgings'),
      headers: [s('时间', 'When'), s('催办单位', 'Unit urged'), s('催办人', 'By'), s('催办事项', 'Note')],
      rows: urgings.map((g) => [when(new Date(g.createdAt)), unitName(g.unit), g.by?.displayName ?? '—', g.note]),
      none: s('无催办。', 'No urging.'),
    });
    sections.push({
      key: 'closing',
      heading: s('办结', 'Closing'),
      headers: [
        s('申请时间', 'Requested'),
        s('申请人', 'By'),
        s('办结说明', 'Note'),
        s('办结材料', 'Materials'),
        s('结果', 'Decision'),
      ],
      rows: [...closings]
        .sort((a, b) => a.id - b.id)
        .map((c) => [
          when(c.requestedAt),
          who(c.requestedById),
          c.note || '—',
          fileNames(filesOf('closing_request', c.id)) || '—',
          [
            word(CLOSING_STATUS, c.status, locale),
            c.decidedById ? `${who(c.decidedById)} ${when(c.decidedAt)}` : '',
            c.reason ?? '',
          ]
            .filter(Boolean)
            .join(s('；', '; ')),
        ]),
      none: s('尚未申请办结。', 'Not yet put forward for closing.'),
    });
    sections.push({
      key: 'comments',
      heading: s('留言', 'Comments'),
      headers: [s('时间', 'When'), s('留言人', 'By'), s('内容', 'Comment')],
      rows: comments.map((c) => [
        `${when(new Date(c.createdAt))}${c.editedAt ? s('（已修改）', ' (edited)') : ''}`,
        c.author?.displayName ?? '—',
        c.body ??
          s(
            `（已删除：${c.deleteReason ?? ''}，${c.deletedBy?.displayName ?? ''}）`,
            `(removed: ${c.deleteReason ?? ''}, ${c.deletedBy?.displayName ?? ''})`,
          ),
      ]),
      none: s('无留言。', 'No comment.'),
    });
    const attachmentSection = s('附件清单', 'Attachments');
    sections.push({
      key: 'attachments',
      heading: attachmentSection,
      headers: [
        s('序号', 'No.'),
        s('所属', 'Belongs to'),
        s('文件名', 'File'),
        s('大小', 'Size'),
        s('上传', 'Uploaded'),
      ],
      rows: files.map((f, i) => [
        String(i + 1),
        word(OWNER_WORDS, f.ownerType, locale),
        f.filename,
        fileSize(f.size),
        `${f.uploadedBy?.displayName ?? '—'}，${when(f.createdAt)}`,
      ]),
      none: s('无附件。', 'No attachment.'),
    });
    sections.push({
      key: 'changes',
      heading: s('变更记录', 'Changes'),
      headers: [s('时间', 'When'), s('操作人', 'By'), s('事项', 'What'), s('原值', 'Before'), s('新值', 'After')],
      rows: [...trail.items]
        .filter((a) => !TOLD_ELSEWHERE.has(a.action))
        .sort((a, b) => a.id - b.id)
        .map((a) => [
          when(a.at),
          a.actorId ? who(a.actorId) : s('系统', 'system'),
          changeWords(a.action, a.field, locale),
          changeValue(a.oldValue, locale),
          changeValue(a.newValue, locale),
        ]),
      none: s('无变更记录。', 'No change recorded.'),
    });

    const organ = this.paper.parts(locale, plan ? planOffice(plan, locale) : '').organ;
    const view: DossierView = {
      locale,
      heading: s('任务档案', 'Task dossier'),
      subheading: `${task.code} ${locale === 'en' ? (task.titleEn ?? task.title) : task.title}`,
      facts: [
        {
          label: s('所属计划', 'Plan'),
          value: plan ? (locale === 'en' ? (plan.titleEn ?? plan.title) : plan.title) : '—',
        },
        {
          label: s('工作事项', 'Work item'),
          value: task.workItem && 'title' in task.workItem ? String(task.workItem.title) : '—',
        },
        { label: s('牵头单位', 'Lead unit'), value: unitName(task.leadUnit) },
        {
          label: s('配合单位', 'Supporting units'),
          value: task.supportingUnits.map(unitName).join(s('、', ', ')) || '—',
        },
        { label: s('责任人', 'Owner'), value: task.ownerName ?? '—' },
        {
          label: s('完成时限', 'Deadline'),
          value: task.replanned
            ? s(
                `${day(task.deadline)}（原定${day(task.originalDeadline)}）`,
                `${day(task.deadline)} (first ${day(task.originalDeadline)})`,
              )
            : day(task.deadline),
        },
        { label: s('状态', 'Status'), value: statusLabel(task.status, locale) },
        { label: s('进度', 'Progress'), value: `${plainNumber(task.progress)}%` },
        { label: s('办结日期', 'Closed on'), value: day(task.closedOn) },
        {
          label: s('任务来源', 'Source'),
          value:
            [task.source ? word(SOURCE_WORDS, task.source, locale) : '', task.sourceQuote]
              .filter(Boolean)
              .join(s('：', ': ')) || '—',
        },
      ],
      sections,
      footer: s(
        `本档案由系统于${when(this.clock.now())}生成，据实汇集该任务的全部记录。`,
        `Made on ${when(this.clock.now())} from every record the system holds of the task.`,
      ),
      organ,
    };
    const attachments: DossierAttachment[] = [];
    for (const f of files) {
      const stored = await this.attachmentsService.content(f.id);
      attachments.push({
        section: word(OWNER_WORDS, f.ownerType, locale),
        name: stored.filename,
        content: stored.content,
        at: new Date(f.createdAt),
      });
    }
    return { view, task, attachments };
  }

  /** 2023年9月20日 14:05, or 20 September 2023 14:05, in the task force's time zone. */
  private when(d: Date | string | null | undefined, locale: DocLocale): string {
    if (!d) return '—';
    const [date, time] = dateTimeInZone(new Date(d), this.clock.timeZone).split(' ');
    return `${longDate(date, locale)} ${time.slice(0, 5)}`;
  }
}
