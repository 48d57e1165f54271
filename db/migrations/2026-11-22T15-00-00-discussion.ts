import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .alterTable('documents')
    .addColumn('observers_may_comment', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addColumn('quote_text', 'text')
    .addColumn('quote_start', 'text')
    .addColumn('quote_end', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('threads_document_clause').on('threads').columns(['document_id', 'clause_id']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('comments_thread').on('comments').columns(['thread_id', 'created_at']).execute();

  await db.schema
    .createTable('clause_statuses')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('clause_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('clause_statuses_pk', ['document_id', 'clause_id'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('delegation_code', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_document').on('audit_events').columns(['document_id', 'id']).execute();
}
