import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  // Who first wrote with each Yjs client id in a document: from then on only they may write with it,
  // also while they are offline and across restarts. `user_id` is '@server' for the server's own edits.
  await db.schema
    .createTable('document_writers')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('client_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_writers_pk', ['document_id', 'client_id'])
    .execute();
}
