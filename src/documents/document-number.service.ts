// Gives documents their numbers from the configured patterns (documents.numbering): the next number of the kind in
// the year, once per subject. A unique index settles two issuers racing for the same number; the loser takes the next.
import { Inject, Injectable } from '@nestjs/common';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { DocumentNumber } from './document-number.entity';
import { DocumentNumbersRepository } from './document-numbers.repository';

export type NumberedKind = keyof AppConfig['documents']['numbering'];

export interface IssuedNumber {
  number: number;
  year: number;
  /** The pattern filled in: 天水5G专班〔2023〕3号, 第2期. */
  label: string;
  issuedOn: string;
}

/** 天水5G专班〔{year}〕{n}号 with 2023 and 3 → 天水5G专班〔2023〕3号 (no padding, no 第). */
export function formatDocumentNumber(pattern: string, year: number, n: number): string {
  return pattern.replace(/\{year\}/g, String(year)).replace(/\{n\}/g, String(n));
}

@Injectable()
export class DocumentNumberService {
  constructor(
    private readonly numbers: DocumentNumbersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
  ) {}

  /** The number of the subject's document of this kind, given now if it has none yet. */
  async issue(kind: NumberedKind, subject: string): Promise<IssuedNumber> {
    const pattern = this.config.documents.numbering[kind];
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await this.numbers.ofSubject(kind, subject);
      if (existing) return this.label(pattern, existing);
      const issuedOn = this.clock.today();
      const year = pattern.includes('{year}') ? Number(issuedOn.slice(0, 4)) : 0;
      const row = { kind, year, number: (await this.numbers.lastNumber(kind, year)) + 1, subject, issuedOn };
      if (await this.numbers.take(row)) return this.label(pattern, row);
      // another issuer took that number, or numbered this subject: look again
    }
    throw new Error(`no free ${kind} number after 20 attempts`);
  }

  private label(pattern: string, row: Pick<DocumentNumber, 'number' | 'year' | 'issuedOn'>): IssuedNumber {
    const year = row.year || Number(row.issuedOn.slice(0, 4));
    return {
      number: row.number,
      year,
      label: formatDocumentNumber(pattern, year, row.number),
      issuedOn: row.issuedOn,
    };
  }
}
