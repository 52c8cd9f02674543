import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { InvalidFieldError } from './errors';

/** A path or query id: a positive integer, else a 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, meta: ArgumentMetadata): number {
    const field = meta.data ?? 'id';
    if (!/^[1-9]\d{0,9}$/.test(String(value)) || Number(value) > 2_147_483_647) {
      throw new InvalidFieldError(field, 'must be a positive integer id', '必须是正整数编号', 'invalid_id');
    }
    return Number(value);
  }
}
