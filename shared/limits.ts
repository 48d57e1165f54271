/** Limits shared by the server, which enforces them, and the client, which respects them. */

/** Largest WebSocket frame the collaboration socket accepts; larger frames close the connection (1009). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * Messages a collaboration connection may send per second, averaged over a burst window.
 * A person typing sends tens; a runaway or hostile client sends thousands.
 */
export const MAX_MESSAGES_PER_SECOND = 300;
export const MESSAGE_BURST = 600;

/** Text fields. */
export const MAX_TITLE_LENGTH = 500;
export const MAX_NAME_LENGTH = 200;
export const MIN_PASSWORD_LENGTH = 12; // OWASP ASVS 5.0: 12 at least, no composition rules
export const MAX_PASSWORD_LENGTH = 256;

/** Sign-in throttling: attempts per window before 429, per account and address (the pair), and per address; server/auth/throttle.ts adds a per-account ceiling. */
export const SIGN_IN_MAX_FAILURES_PER_ACCOUNT = 5;
export const SIGN_IN_MAX_FAILURES_PER_ADDRESS = 20;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** Sessions slide by this much on use, but never outlive the absolute lifetime. */
export const SESSION_SLIDING_DAYS = 7;
export const SESSION_ABSOLUTE_DAYS = 30;

/** The update log is folded into a snapshot once it holds this many updates. */
export const COMPACT_AFTER_UPDATES = 500;

/**
 * One client update (server/collab/validate.ts). Yjs's own costs grow faster than linearly in some
 * of these (creating many types, deleting many formatted pieces), so each is bounded per update.
 */
export const MAX_UPDATE_BYTES = 2 * 1024 * 1024;
export const MAX_STRUCTS_PER_UPDATE = 5_000;
export const MAX_DELETED_STRUCTS_PER_UPDATE = 5_000;
/** A mark's or attribute's value, as JSON. */
export const MAX_ATTRIBUTE_VALUE_BYTES = 2_048;
/**
 * How deep types nest: the fragment (0) > preamble or operative (1) > clause (2) > clauseText or
 * subclause (3) > text (4). Deeper is never the declaration's schema.
 */
export const MAX_TYPE_DEPTH = 4;
/** A document's stored size (snapshot and log); updates that would pass it are refused. */
export const MAX_DOCUMENT_BYTES = 6 * 1024 * 1024;

/** Discussion: a comment's body, a quoted passage, the chair's note on resolving a thread. */
export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_QUOTE_LENGTH = 2_000;
export const MAX_RESOLUTION_NOTE_LENGTH = 2_000;

/** Imports: the largest DOCX accepted, and how much a zero draft may hold. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_PARAGRAPHS = 2000;
export const MAX_PARAGRAPH_LENGTH = 20_000;

/**
 * Awareness (carets, presence). A state is a few hundred bytes (a name, a cursor); 8 KiB leaves room
 * without letting one tab make every other client hold megabytes. A tab has one awareness id; a few
 * more cover reconnects. An awareness message lists at most this many entries: clients echo the
 * room's states back, so it must exceed any room's people, but not let one message cost unbounded work.
 */
export const MAX_AWARENESS_STATE_BYTES = 8 * 1024;
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;
export const MAX_AWARENESS_ENTRIES_PER_MESSAGE = 1024;
/** A connection gets the room's full awareness on request at most this often; extra queries are ignored. */
export const AWARENESS_QUERY_INTERVAL_MS = 1000;

/**
 * Data the server has queued for a socket and not yet sent: a client that stops reading is closed
 * (1008) when its queue passes this, so it cannot make the server hold unbounded memory.
 */
export const MAX_UNSENT_BYTES = 8 * 1024 * 1024;

/** Collaboration sockets one session may hold open, across all documents (tabs, reconnects). */
export const MAX_SOCKETS_PER_SESSION = 20;
