// The units table: the task force's member units, read by id and code, and the active ones mail goes to.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type DeepPartial } from 'typeorm';
import { Unit } from './unit.entity';

@Injectable()
export class UnitsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Unit);
  }

  all(): Promise<Unit[]> {
    return this.repo.find({ order: { id: 'ASC' } });
  }

  findById(id: number): Promise<Unit | null> {
    return this.repo.findOneBy({ id });
  }

  findByIds(ids: number[]): Promise<Unit[]> {
    return ids.length ? this.repo.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  findByCode(code: string): Promise<Unit | null> {
    return this.repo.findOneBy({ code });
  }

  codeTaken(code: string): Promise<boolean> {
    return this.repo.existsBy({ code });
  }

  /** Active units in id order: those with the given ids, or all of them when no ids are given. */
  active(ids?: number[]): Promise<Unit[]> {
    return this.repo.find({
      where: { active: true, ...(ids ? { id: In(ids.length ? ids : [-1]) } : {}) },
      order: { id: 'ASC' },
    });
  }

  /** A taken code fails on the unique index. */
  insert(fields: DeepPartial<Unit>): Promise<Unit> {
    return this.repo.save(this.repo.create(fields));
  }

  /** Writes a loaded unit back. */
  save(unit: Unit): Promise<Unit> {
    return this.repo.save(unit);
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** Id and mailbox of the units. */
  mailboxesOf(ids: number[]): Promise<Pick<Unit, 'id' | 'mailbox'>[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ select: { id: true, mailbox: true }, where: { id: In(ids) } });
  }

  async codes(): Promise<string[]> {
    return (await this.repo.find({ select: { code: true } })).map((u) => u.code);
  }

  // --- read by dispatch, bulletins and the dashboard ---

  /** The units with the given ids, in id order; only the active ones when asked. */
  byIdsInOrder(ids: number[], activeOnly = false): Promise<Unit[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({
      where: activeOnly ? { id: In(ids), active: true } : { id: In(ids) },
      order: { id: 'ASC' },
    });
  }
}
