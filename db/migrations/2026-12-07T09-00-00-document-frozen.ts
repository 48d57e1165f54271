import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// The text is frozen while a silence or an adoption is checked, before its status changes. With
// several instances that moment is also written here: an instance that missed the event (cut off from
// Redis) reads it when it commits, and a room loaded during the check starts frozen. A time, not a
// flag: an instance that dies in the middle of a check leaves the text frozen for minutes, not forever.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('text_frozen_until', 'text').execute();
}
