// Who may do what, in one place: roles, actions, the policy, list scopes, allowed actions and the route decorator.
export * from './actions';
export * from './allowed-actions';
export * from './can.decorator';
export * from './list-scope';
export * from './objects';
export * from './policy';
export * from './roles';
export * from './separation-of-duties';
