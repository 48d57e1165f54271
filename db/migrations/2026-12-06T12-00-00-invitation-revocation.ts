import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// The secretariat may take an invitation back before it is accepted; the row stays, so the list of
// invitations shows it as revoked and a sign-up with its link is refused with that reason.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitations').addColumn('revoked_at', 'text').execute();
}
