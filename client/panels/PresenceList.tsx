import type { Present } from '../editor/presence.js';
import { ROLE_LABEL } from '../format.js';
import { Avatar } from './Avatar.js';

const SHOWN = 8;

/** Who has the document open now, in their delegation's colour. */
export function PresenceList({ people }: { people: Present[] }) {
  const shown = people.slice(0, SHOWN);
  const more = people.length - shown.length;
  return (
    <div className="presence" data-testid="presence" aria-label="Here now">
      <span className="presence__heading">Here now</span>
      <ul className="presence__list">
        {shown.map(({ user, isSelf }) => (
          <li
            key={user.userId}
            className="presence__person"
            data-user-id={user.userId}
            data-delegation={user.delegationCode ?? ''}
            title={`${user.name}${user.delegationCode ? ` · ${user.delegationCode}` : ''} — ${ROLE_LABEL[user.role]}`}
          >
            <Avatar name={user.name} color={user.color} size="small" />
            <span className="presence__name">
              {user.name}
              {isSelf ? <span className="presence__you"> (you)</span> : null}
            </span>
            {user.delegationCode ? <span className="presence__code">{user.delegationCode}</span> : null}
            {user.role === 'observer' ? (
              <span className="badge badge--observer">observer</span>
            ) : user.role === 'chair' ? (
              <span className="badge badge--chair">chair</span>
            ) : user.readOnly ? (
              <span className="badge badge--observer">read only</span>
            ) : null}
          </li>
        ))}
        {more > 0 ? <li className="presence__more">+{more}</li> : null}
      </ul>
    </div>
  );
}
