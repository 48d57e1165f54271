/**
 * What a service refuses, said in the domain's words. Services and the room throw these; `app.onError`
 * (server/http/errors.ts) turns each kind into its HTTP status once, so no service knows about HTTP.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'notFound' | 'conflict' | 'unprocessable' | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

/** The request names something that is not there (a clause, a thread, a document). */
export class NotFound extends DomainError {
  readonly kind = 'notFound';
}

/** The actor may not do this here (beyond what the policy's actions decide: e.g. someone else's comment). */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
}

/** The thing is not in a state that allows the step (a resolved thread, an agreed clause with brackets). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** Well-formed but not acceptable (a deadline in the past). */
export class Unprocessable extends DomainError {
  readonly kind = 'unprocessable';
}

/** Malformed beyond what the schema checks; `issues` point at the fields, as validation's do. */
export class Invalid extends DomainError {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/**
 * A step of the procedure that cannot be taken now: the text is unsettled, the procedure has already
 * ended, or the document is no longer where the step needs it. Answered as 409 with its message.
 */
export class ProcedureConflict extends Conflict {
  constructor(
    message: string,
    readonly reason: 'unsettled' | 'ended' | 'status',
  ) {
    super(message);
  }
}

/** A document's stored state cannot be read: refused (503), never overwritten. */
export class DocumentLoadError extends DomainError {
  readonly kind = 'unavailable';
}

/** A change asked of a document whose text is frozen (under silence, or adopted): it raced and lost. */
export class FrozenDocumentError extends Conflict {}
