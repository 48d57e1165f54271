import type { Db } from '../index.js';

export interface AuthorRow {
  id: string;
  name: string;
  delegation_code: string | null;
  delegation_color: string | null;
}

/** People by id with their delegation, for showing who wrote or did what. */
export async function authorsByIds(db: Db, ids: Iterable<string>): Promise<Map<string, AuthorRow>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .leftJoin('delegations', 'delegations.id', 'users.delegation_id')
    .select(['users.id', 'users.name', 'delegations.code as delegation_code', 'delegations.color as delegation_color'])
    .where('users.id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
