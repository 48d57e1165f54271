import { useState, type FormEvent } from 'react';
import type { DocumentRole, Member } from '../../shared/api/index.js';
import type { MemberCandidate } from '../../shared/api/invitations.js';
import { api, errorMessage } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { NEUTRAL_COLOR, ROLE_LABEL } from '../format.js';
import { invitationsApi } from '../invitations.js';
import { useLoad } from '../useLoad.js';
import { Avatar } from './Avatar.js';
import { FormStatus } from './FormStatus.js';
import { addedMessage, removedMessage } from './membershipMessages.js';
import './people.css';

const ORDER: DocumentRole[] = ['chair', 'delegate', 'observer'];
const HEADING: Record<DocumentRole, string> = { chair: 'Chair', delegate: 'Delegations', observer: 'Observers' };
/** A chair adds and removes these; appointing or replacing a chair is the secretariat's (the server refuses it). */
const ADDABLE: DocumentRole[] = ['delegate', 'observer'];

/** Whoever manages the document's members (the policy's manageMembers: its chair, the secretariat). */
export interface MemberManagement {
  documentId: string;
  /** The members changed: the page reloads the document, and with it this panel's list. */
  onChanged: () => void;
}

/** The members of the document by role, with a dot for those who have it open now; the chair adds and removes delegates and observers here. */
export function ParticipantsPanel({ members, online, manage = null }: { members: Member[]; online: ReadonlySet<string>; manage?: MemberManagement | null }) {
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);

  const remove = async (member: Member) => {
    if (!manage) return;
    setRowError(null);
    setDone(null);
    try {
      await api.removeMember(manage.documentId, member.userId);
      setConfirming(null);
      setDone(removedMessage(member));
      manage.onChanged();
    } catch (error) {
      setRowError(errorMessage(error));
    }
  };

  return (
    <aside className="participants" aria-labelledby="participants-title" data-testid="participants">
      <h2 id="participants-title">Participants</h2>
      {members.length === 0 ? <p className="muted">No members yet.</p> : null}
      {ORDER.map((role) => {
        const group = members.filter((m) => m.role === role);
        if (!group.length) return null;
        return (
          <section key={role} className="participants__group">
            <h3>{group.length > 1 && role === 'chair' ? 'Co-chairs' : HEADING[role]}</h3>
            <ul>
              {group.map((m) => (
                <li key={m.userId} className="participant" title={`${m.name} — ${ROLE_LABEL[m.role]}`} data-user-id={m.userId}>
                  <Avatar name={m.name} color={m.delegation?.color ?? NEUTRAL_COLOR} size="small" />
                  <span className="participant__who">
                    <span className="participant__name">{m.name}</span>
                    <span className="participant__delegation">{m.delegation ? m.delegation.name : m.role === 'observer' ? 'Observer' : 'No delegation'}</span>
                  </span>
                  {online.has(m.userId) ? <span className="participant__online" title="Has the document open" /> : null}
                  {manage && ADDABLE.includes(m.role) ? (
                    confirming === m.userId ? (
                      <span className="participant__confirm">
                        <button type="button" className="button button--small button--danger" onClick={() => void remove(m)}>
                          Remove
                        </button>
                        <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button--ghost button--small participant__remove"
                        aria-label={`Remove ${m.name} from the document`}
                        onClick={() => setConfirming(m.userId)}
                      >
                        Remove
                      </button>
                    )
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <FormError message={rowError} />
      {manage ? <AddParticipant manage={manage} members={members} onAdded={setDone} /> : null}
      {manage ? <FormStatus testId="participants-status">{done}</FormStatus> : null}
    </aside>
  );
}

/** The accounts the server says may join (not members, not archivists), grouped by delegation. */
function AddParticipant({ manage, members, onAdded }: { manage: MemberManagement; members: Member[]; onAdded: (message: string | null) => void }) {
  // Reloaded whenever the members change, so someone just added or removed moves between the lists.
  const membersKey = members.map((m) => m.userId).sort().join(',');
  const [candidates] = useLoad(() => invitationsApi.candidates(manage.documentId).then((r) => r.candidates), `${manage.documentId}|${membersKey}`);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<DocumentRole>('delegate');
  const submission = useSubmission(['role']);

  const list: MemberCandidate[] = candidates.state === 'ready' ? candidates.value.filter((c) => !members.some((m) => m.userId === c.userId)) : [];
  const groups = new Map<string, MemberCandidate[]>();
  for (const c of list) {
    const key = c.delegation ? `${c.delegation.code} · ${c.delegation.name}` : 'No delegation';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!userId) return;
    onAdded(null);
    void submission
      .run(async () => {
        const { member } = await api.setMember(manage.documentId, userId, role);
        onAdded(addedMessage(member, member.role));
      })
      .then((ok) => {
        if (!ok) return;
        setUserId('');
        manage.onChanged();
      });
  };

  return (
    <form className="form participants__add" onSubmit={add} noValidate aria-labelledby="participants-add-title">
      <h3 id="participants-add-title">Add a participant</h3>
      {candidates.state === 'failed' ? <p className="form-error">{candidates.message}</p> : null}
      <Field label="Person" hint={candidates.state === 'ready' && !list.length ? 'Everyone with an account takes part already; the secretariat invites newcomers.' : undefined}>
        {(p) => (
          <select {...p} value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="participant-person" disabled={!list.length}>
            <option value="">{candidates.state === 'loading' ? 'Loading accounts…' : 'Choose a person…'}</option>
            {[...groups].map(([group, people]) => (
              <optgroup key={group} label={group}>
                {people.map((c) => (
                  <option key={c.userId} value={c.userId}>
                    {c.name} — {c.email}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="participants__roles">
        <legend>As</legend>
        {ADDABLE.map((r) => (
          <label key={r} className="participants__role">
            <input type="radio" name="participant-role" value={r} checked={role === r} onChange={() => setRole(r)} />
            {r === 'delegate' ? 'Delegate (drafts and comments)' : 'Observer (reads; comments where the document allows)'}
          </label>
        ))}
      </fieldset>
      <FormError message={submission.error ?? submission.fieldErrors.role ?? null} />
      <button className="button button--primary button--small" type="submit" disabled={submission.busy || !userId}>
        Add to the document
      </button>
    </form>
  );
}
