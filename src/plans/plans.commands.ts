// The lookup of the --plan option that several features' commands share.
import { InvalidFieldError } from '../common/errors';
import { PlansRepository } from './plans.repository';

/** The plan with this code (the --plan option of several commands), or undefined for the default plan. */
export async function planIdByCode(plans: PlansRepository, code: string | undefined): Promise<number | undefined> {
  if (code === undefined) return undefined;
  const plan = await plans.findPlanByCode(code);
  if (!plan) throw new InvalidFieldError('--plan', `unknown plan "${code}"`, `计划 "${code}" 不存在`);
  return plan.id;
}
