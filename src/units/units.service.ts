// Units (成员单位): listing, creating and editing them, each change audited; a taken code is a 409 naming `code`.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { isUniqueViolation } from '../database/sql';
import { Unit } from './unit.entity';
import type { CreateUnitDto, UpdateUnitDto } from './unit.dto';
import { UnitsRepository } from './units.repository';

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

function duplicateCode(code: string): ConflictError {
  return new ConflictError(`A unit with code ${code} exists`, `单位代码 ${code} 已存在`, 'duplicate_code', 'code');
}

@Injectable()
export class UnitsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly units: UnitsRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Unit[]> {
    return this.units.all();
  }

  async get(id: number): Promise<Unit> {
    const unit = await this.units.findById(id);
    if (!unit) throw new NotFoundError('Unit', id, '单位');
    return unit;
  }

  /** Checks that every id names a unit; the error names the request field. */
  async requireIds(ids: number[], field: string): Promise<Unit[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await this.units.findByIds(unique);
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
      if (await this.units.codeTaken(dto.code)) throw duplicateCode(dto.code);
      const unit = await this.unique(dto.code, () => this.units.insert({ ...dto }));
      await this.audit.recordCreate(actor, 'unit', unit.id, unit, AUDITED);
      return unit;
    });
  }

  async update(actor: Actor, id: number, dto: UpdateUnitDto): Promise<Unit> {
    return this.txHost.withTransaction(async () => {
      const unit = await this.units.findById(id);
      if (!unit) throw new NotFoundError('Unit', id, '单位');
      if (dto.code && dto.code !== unit.code && (await this.units.codeTaken(dto.code))) throw duplicateCode(dto.code);
      const before = { ...unit };
      Object.assign(unit, dto);
      await this.unique(unit.code, () => this.units.save(unit));
      await this.audit.recordUpdate(actor, 'unit', id, before, unit, AUDITED);
      return unit;
    });
  }

  /** A code taken by a concurrent request is caught by the unique index. */
  private async unique<T>(code: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateCode(code);
      throw e;
    }
  }
}
