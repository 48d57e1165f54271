import type { Db } from '../index.js';
import type { DelegationRow, NewDelegation } from '../schema.js';

export async function insertDelegation(db: Db, row: NewDelegation): Promise<DelegationRow> {
  await db.insertInto('delegations').values(row).execute();
  return (await findDelegation(db, row.id)) as DelegationRow;
}

export function findDelegation(db: Db, id: string): Promise<DelegationRow | undefined> {
  return db.selectFrom('delegations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDelegationByCode(db: Db, code: string): Promise<DelegationRow | undefined> {
  return db.selectFrom('delegations').selectAll().where('code', '=', code).executeTakeFirst();
}

export function listDelegations(db: Db): Promise<DelegationRow[]> {
  return db.selectFrom('delegations').selectAll().orderBy('code').execute();
}
