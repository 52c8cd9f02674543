// The route decorator: @Can('round.manage') lets through the roles the policy gives the action at all; which
// objects they reach is checked in the services, through the same policy.
import { SetMetadata } from '@nestjs/common';
import type { Action } from './actions';

export const ACTION_KEY = 'zhuanban:action';

export const Can = (action: Action) => SetMetadata(ACTION_KEY, action);
