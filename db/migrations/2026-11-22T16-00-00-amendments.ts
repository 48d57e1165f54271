import type { Kysely } from 'kysely';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('documents')
    .addColumn('editing_phase', 'text', (c) => c.notNull().defaultTo('direct'))
    .execute();

  // Where each delegation stands on an amendment: one position per delegation.
  await db.schema
    .createTable('amendment_positions')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('amendment_id', 'text', (c) => c.notNull())
    .addColumn('delegation_id', 'text', (c) => c.notNull().references('delegations.id'))
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('amendment_positions_pk', ['document_id', 'amendment_id', 'delegation_id'])
    .execute();

  // The record of decided amendments, kept after their marks have left the text.
  await db.schema
    .createTable('amendment_decisions')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('amendment_id', 'text', (c) => c.notNull())
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addColumn('delegation_code', 'text')
    .addColumn('author_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('inserted', 'text', (c) => c.notNull())
    .addColumn('deleted', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('amendment_decisions_pk', ['document_id', 'amendment_id'])
    .execute();
}
