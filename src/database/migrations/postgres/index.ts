// Migrations for PostgreSQL, in order. Add each generated migration here
// (`DATABASE_URL=postgres://… npm run migration:generate -- src/database/migrations/postgres/Name`).
import { Initial1796166821496 } from './1796166821496-Initial';

export const POSTGRES_MIGRATIONS = [Initial1796166821496];
