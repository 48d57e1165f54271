import type { DocumentRole, Member } from '../../shared/api/index.js';
import { NEUTRAL_COLOR, ROLE_LABEL } from '../format.js';
import { Avatar } from './Avatar.js';

const ORDER: DocumentRole[] = ['chair', 'delegate', 'observer'];
const HEADING: Record<DocumentRole, string> = { chair: 'Chair', delegate: 'Delegations', observer: 'Observers' };

/** The members of the document by role, with a dot for those who have it open now. */
export function ParticipantsPanel({ members, online }: { members: Member[]; online: ReadonlySet<string> }) {
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
                <li key={m.userId} className="participant" title={`${m.name} — ${ROLE_LABEL[m.role]}`}>
                  <Avatar name={m.name} color={m.delegation?.color ?? NEUTRAL_COLOR} size="small" />
                  <span className="participant__who">
                    <span className="participant__name">{m.name}</span>
                    <span className="participant__delegation">{m.delegation ? m.delegation.name : m.role === 'observer' ? 'Observer' : 'No delegation'}</span>
                  </span>
                  {online.has(m.userId) ? <span className="participant__online" title="Has the document open" /> : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
