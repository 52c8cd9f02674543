// What every official document of the task force shares, from the settings (documents.*): the issuing organ, the
// contact line, who is copied (抄送), document numbers, and the PDF made from a DOCX. Features call it when they
// build their documents; it knows nothing of bulletins or meetings.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { DocLocale } from './docx';
import { DocumentNumberService, type IssuedNumber, type NumberedKind } from './document-number.service';
import { docxToPdf, sofficePath } from './pdf';

export type PaperSettings = AppConfig['documents'];

/** The parts of the settings a document needs, in its language: pure, so views and tests use it without Nest. */
export interface PaperParts {
  /** The issuing organ, as it signs; the office derived from the plan when none is configured. */
  organ: string;
  /** 联系人：张丽，电话：0938-8211234。 or Contact: Zhang Li, tel. 0938-8211234. Empty when none is set. */
  contact: string;
  copyTo: string;
}

/** The office of a plan's task force, as documents sign when no organ is configured: 天水市5G…专班办公室. */
export function planOffice(plan: { title: string; titleEn: string | null }, locale: DocLocale): string {
  const zh = plan.title.replace(/(的)?(工作计划|工作方案|计划)$/, '') + '办公室';
  if (locale !== 'en' || !plan.titleEn) return zh;
  return `Office of the ${plan.titleEn.replace(/^(the\s+)?(work\s+)?plan\s+of\s+(the\s+)?/i, '')}`;
}

export function paperParts(settings: PaperSettings, locale: DocLocale, derivedOffice: string): PaperParts {
  const organ = (locale === 'en' ? settings.issuingOrgan.en : settings.issuingOrgan.zh) ?? derivedOffice;
  const c = settings.contact;
  const name = locale === 'en' ? (c.nameEn ?? c.name) : c.name;
  let contact = '';
  if (name || c.telephone) {
    contact =
      locale === 'en'
        ? `Contact: ${[name, c.telephone ? `tel. ${c.telephone}` : ''].filter(Boolean).join(', ')}.`
        : `联系人：${[name, c.telephone ? `电话：${c.telephone}` : ''].filter(Boolean).join('，')}。`;
  }
  const copy = locale === 'en' ? settings.copyTo.en : settings.copyTo.zh;
  return { organ, contact, copyTo: copy.join(locale === 'en' ? ', ' : '，') };
}

@Injectable()
export class PaperService {
  private readonly logger = new Logger('Documents');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly numbers: DocumentNumberService,
  ) {}

  get settings(): PaperSettings {
    return this.config.documents;
  }

  parts(locale: DocLocale, derivedOffice: string): PaperParts {
    return paperParts(this.settings, locale, derivedOffice);
  }

  /** The subject's number of this kind, given on first issue and kept. */
  number(kind: NumberedKind, subject: string): Promise<IssuedNumber> {
    return this.numbers.issue(kind, subject);
  }

  /** Whether PDFs can be made here. */
  get pdfAvailable(): boolean {
    return sofficePath() !== null;
  }

  /** The DOCX as PDF (PdfUnavailableError, a 406 naming the Debian package, when LibreOffice is missing). */
  pdf(docx: Buffer): Promise<Buffer> {
    return docxToPdf(docx, { timeoutMs: this.settings.pdfTimeoutSeconds * 1000 });
  }

  /**
   * The PDF to attach beside the DOCX, or null when none can be made here: a mail goes out with its DOCX whether or
   * not LibreOffice is installed or answers.
   */
  async attachablePdf(docx: Buffer): Promise<Buffer | null> {
    if (!this.pdfAvailable) return null;
    try {
      return await this.pdf(docx);
    } catch (e) {
      this.logger.warn(`no PDF attached: ${(e as Error).message}`);
      return null;
    }
  }
}
