// The instruction table and its units: a task's instructions with the units they reach and who recorded them.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { User } from '../users/user.entity';
import { Instruction } from './instruction.entity';

@Injectable()
export class InstructionsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Instruction);
  }

  insert(fields: Omit<Instruction, 'id' | 'task'>): Promise<Instruction> {
    return this.repo.save(this.repo.create(fields));
  }

  /** A task's instructions, newest given first, with their units. */
  listForTask(taskId: number): Promise<Instruction[]> {
    return this.repo.find({
      where: { taskId },
      relations: { units: true },
      order: { issuedOn: 'DESC', id: 'DESC' },
    });
  }

  /** The names of the people who recorded instructions, by id. */
  async peopleNames(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const users = await this.txHost.tx
      .getRepository(User)
      .find({ select: { id: true, displayName: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}
