// Gives documents their numbers from the configured patterns (documents.numbering): the next number of the kind in
// the year, once per subject. A unique index settles two issuers racing for the same number; the loser takes the next.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { isUniqueViolation } from '../database/sql';
import { DocumentNumber } from './document-number.entity';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
  ) {}

  /** The number of the subject's document of this kind, given now if it has none yet. */
  async issue(kind: NumberedKind, subject: string): Promise<IssuedNumber> {
    const pattern = this.config.documents.numbering[kind];
    const repo = this.dataSource.getRepository(DocumentNumber);
    for (let attempt = 0; ; attempt++) {
      const existing = await repo.findOneBy({ kind, subject });
      if (existing) return this.label(pattern, existing);
      const issuedOn = this.clock.today();
      const year = pattern.includes('{year}') ? Number(issuedOn.slice(0, 4)) : 0;
      const last = await repo.findOne({ where: { kind, year }, order: { number: 'DESC' } });
      try {
        const row = await repo.save(repo.create({ kind, year, number: (last?.number ?? 0) + 1, subject, issuedOn }));
        return this.label(pattern, row);
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 10) throw e;
      }
    }
  }

  private label(pattern: string, row: DocumentNumber): IssuedNumber {
    const year = row.year || Number(row.issuedOn.slice(0, 4));
    return {
      number: row.number,
      year,
      label: formatDocumentNumber(pattern, year, row.number),
      issuedOn: row.issuedOn,
    };
  }
}
