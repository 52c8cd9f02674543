// The document_number table: numbers given out per kind, year and subject.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { DocumentNumber } from './document-number.entity';

@Injectable()
export class DocumentNumbersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(DocumentNumber);
  }

  ofSubject(kind: string, subject: string): Promise<DocumentNumber | null> {
    return this.repo.findOneBy({ kind, subject });
  }

  async lastNumber(kind: string, year: number): Promise<number> {
    return (await this.repo.findOne({ where: { kind, year }, order: { number: 'DESC' } }))?.number ?? 0;
  }

  /**
   * Takes the number unless another issuer took it (or numbered the subject) first: an insert that does nothing on
   * a conflict, so it never aborts the caller's transaction on PostgreSQL.
   */
  async take(row: Omit<DocumentNumber, 'id' | 'createdAt'>): Promise<boolean> {
    await this.repo.createQueryBuilder().insert().values(row).orIgnore().execute();
    const now = await this.ofSubject(row.kind, row.subject);
    return now?.year === row.year && now.number === row.number;
  }
}
