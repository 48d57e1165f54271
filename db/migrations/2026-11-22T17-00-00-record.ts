import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen once landed: change the schema with a new migration, never by editing this one.
// Revisions, the silence procedure, adoption and the archive with its full-text index.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const blob = pg ? 'bytea' : 'blob';

  // An issued revision: an immutable copy of the text (as Yjs state and as ProseMirror JSON).
  await db.schema
    .createTable('revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('issued_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('renumbered', 'integer', (c) => c.notNull())
    .addColumn('label_map', 'text', (c) => c.notNull())
    .addColumn('state', blob, (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addUniqueConstraint('revisions_document_number', ['document_id', 'number'])
    .execute();

  await db.schema
    .createTable('silence_procedures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('started_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('broken_by', 'text', (c) => c.references('users.id'))
    .addColumn('broken_delegation', 'text')
    .addColumn('statement', 'text')
    .execute();
  await db.schema.createIndex('silence_procedures_open').on('silence_procedures').columns(['ended_at', 'deadline']).execute();
  await db.schema.createIndex('silence_procedures_document').on('silence_procedures').column('document_id').execute();

  // The archive record of an adopted text; final_text is the canonical text the hash is taken of.
  await db.schema
    .createTable('archive_records')
    .addColumn('document_id', 'text', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('venue', 'text')
    .addColumn('body', 'text')
    .addColumn('adopted_at', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('adopted_by', 'text', (c) => c.references('users.id'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('numbering', 'text', (c) => c.notNull())
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('final_text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('archive_records_year').on('archive_records').column('year').execute();

  await db.schema
    .createTable('archive_delegations')
    .addColumn('document_id', 'text', (c) => c.notNull().references('archive_records.document_id').onDelete('cascade'))
    .addColumn('delegation_id', 'text', (c) => c.notNull().references('delegations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('archive_delegations_pk', ['document_id', 'delegation_id'])
    .execute();
  await db.schema.createIndex('archive_delegations_code').on('archive_delegations').column('code').execute();

  // Full-text search over adopted texts: one interface (db/repos/archive.ts), two engines.
  if (pg) {
    await sql`alter table archive_records add column search tsvector generated always as (
      setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', final_text), 'B')
    ) stored`.execute(db);
    await sql`create index archive_records_search on archive_records using gin (search)`.execute(db);
  } else {
    await sql`create virtual table archive_search using fts5(document_id unindexed, title, body, tokenize = 'porter unicode61')`.execute(db);
  }
}
