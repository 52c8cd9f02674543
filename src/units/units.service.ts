import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { Unit } from './unit.entity';
import type { CreateUnitDto, UpdateUnitDto } from './unit.dto';

const AUDITED: (keyof Unit)[] = [
  'code',
  'name',
  'nameEn',
  'kind',
  'mailbox',
  'supervisingLeaderName',
  'supervisingLeaderEmail',
  'locale',
  'active',
];

@Injectable()
export class UnitsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Unit[]> {
    return this.units.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<Unit> {
    const unit = await this.units.findOneBy({ id });
    if (!unit) throw new NotFoundError('Unit', id, '单位');
    return unit;
  }

  /** Checks that every id names a unit; the error names the request field. */
  async requireIds(ids: number[], field: string): Promise<Unit[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await this.units.findBy({ id: In(unique) });
    const missing = unique.filter((id) => !found.some((u) => u.id === id));
    if (missing.length) {
      throw new InvalidFieldError(
        field,
        `unknown unit ${missing.join(', ')}`,
        `单位 ${missing.join('、')} 不存在`,
        'unknown_unit',
      );
    }
    return unique.map((id) => found.find((u) => u.id === id) as Unit);
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      if (await em.existsBy(Unit, { code: dto.code })) {
        throw new ConflictError(`A unit with code ${dto.code} exists`, `单位代码 ${dto.code} 已存在`, 'duplicate_code');
      }
      const unit = await em.save(Unit, em.create(Unit, { ...dto }));
      await this.audit.recordCreate(em, actor, 'unit', unit.id, unit, AUDITED);
      return unit;
    });
  }

  async update(actor: Actor, id: number, dto: UpdateUnitDto): Promise<Unit> {
    return this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const unit = await em.findOneBy(Unit, { id });
      if (!unit) throw new NotFoundError('Unit', id, '单位');
      if (dto.code && dto.code !== unit.code && (await em.existsBy(Unit, { code: dto.code }))) {
        throw new ConflictError(`A unit with code ${dto.code} exists`, `单位代码 ${dto.code} 已存在`, 'duplicate_code');
      }
      const before = { ...unit };
      Object.assign(unit, dto);
      await em.save(unit);
      await this.audit.recordUpdate(em, actor, 'unit', id, before, unit, AUDITED);
      return unit;
    });
  }
}
