export const POSTGRES_MIGRATIONS = [];
