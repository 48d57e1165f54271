import type { DocumentDetail } from '../../shared/api/index.js';

/** Why the text is read only, for someone the policy does not let edit it. */
export function readOnlyReason(d: Pick<DocumentDetail, 'status' | 'role'>, canComment: boolean): string {
  return d.status === 'adopted'
    ? 'Read only — this text has been adopted. It is kept in the archive with its record.'
    : d.status === 'silence'
      ? `Read only — the text is under silence procedure. Nobody edits it while silence runs${canComment ? '; the discussion goes on' : ''}.`
      : d.role === 'observer'
        ? `Read only — you are an observer. You follow the text as it is negotiated, live${canComment ? ', and may comment on it' : ''}.`
        : 'Read only — you may read this document but not edit it.';
}

export function ReadOnlyNotice({ document: d, canComment }: { document: DocumentDetail; canComment: boolean }) {
  return (
    <p className="notice notice--read-only" data-testid="read-only-notice" role="note">
      {readOnlyReason(d, canComment)}
    </p>
  );
}
