import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// The record's identity: where and in what language a text is negotiated, and the symbol it is adopted under.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  // The venue's IANA time zone: every date and deadline is entered and shown in it.
  await db.schema.alterTable('documents').addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC')).execute();
  // The language of the text (BCP 47: "en", "ar", "vi"), which HTML, Akoma Ntoso and the PDF state.
  await db.schema.alterTable('documents').addColumn('language', 'text', (c) => c.notNull().defaultTo('en')).execute();
  // The organisation under whose authority the text is negotiated ("un", "asean", "osce").
  await db.schema.alterTable('documents').addColumn('organisation', 'text', (c) => c.notNull().defaultTo('un')).execute();
  // The symbol the adopted text bears ("SOMTC/2019/1"), given by the chair at adoption.
  await db.schema.alterTable('documents').addColumn('final_symbol', 'text').execute();

  // A revision keeps the negotiation as it stood when issued (statuses, positions, threads, as JSON), so
  // that its compilation text reads the same years later.
  await db.schema.alterTable('revisions').addColumn('negotiation', 'text').execute();

  // The archive keeps the draft symbol next to the final one, so a record is found by either.
  await db.schema.alterTable('archive_records').addColumn('draft_symbol', 'text').execute();
  await db.schema.alterTable('archive_records').addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC')).execute();
  await db.schema.alterTable('archive_records').addColumn('language', 'text', (c) => c.notNull().defaultTo('en')).execute();
}
