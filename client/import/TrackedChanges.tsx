import type { Loadable } from '../useLoad.js';
import type { Delegation, ImportedChange } from './api.js';
import type { Decision } from './MarkedWords.js';

/** "inserts “and its Work Programme”", "proposes a new paragraph": one tracked change in words. */
function describe(change: ImportedChange): string {
  const quote = (s: string) => `“${s.trim().length > 70 ? `${s.trim().slice(0, 67)}…` : s.trim()}”`;
  if (change.paragraph) return change.kind === 'delete' ? 'proposes to delete the paragraph' : 'proposes a new paragraph';
  if (change.kind === 'replace') return `replaces ${quote(change.deleted)} with ${quote(change.inserted)}`;
  return change.kind === 'insert' ? `inserts ${quote(change.inserted)}` : `deletes ${quote(change.deleted)}`;
}

/** The file's tracked changes by author, in the order the authors first appear. */
function byAuthor(changes: readonly ImportedChange[]): [string, ImportedChange[]][] {
  const groups = new Map<string, ImportedChange[]>();
  for (const c of changes) groups.set(c.author, [...(groups.get(c.author) ?? []), c]);
  return [...groups];
}

/**
 * What becomes of a file's tracked changes: accepted into the text, or kept as pending proposals,
 * each Word author's attributed to a delegation of the workspace (pre-chosen when the author names
 * its delegation, as Accord's own export does: "MYS — Aisyah Rahman").
 */
export function TrackedChanges({
  changes,
  decision,
  onDecision,
  attribution,
  onAttribute,
  delegations,
}: {
  changes: readonly ImportedChange[];
  decision: Decision;
  onDecision: (decision: 'accept' | 'propose') => void;
  attribution: Readonly<Record<string, string>>;
  onAttribute: (author: string, delegationId: string) => void;
  delegations: Loadable<Delegation[]>;
}) {
  const authors = byAuthor(changes);
  const count = changes.length;
  return (
    <section className="import-changes" aria-labelledby="import-changes-title" data-testid="import-changes">
      <div className="import-changes__head">
        <h3 id="import-changes-title">
          The file has {count === 1 ? 'a tracked change' : `${count} tracked changes`}
          {authors.length > 1 ? ` by ${authors.length} authors` : ''}
        </h3>
        <p>
          They are shown in the text below: <ins className="import-proposal">underlined</ins> where words are proposed,{' '}
          <del className="import-proposal">struck through</del> where words are proposed for deletion. Decide what becomes of them.
        </p>
      </div>
      <fieldset className="import-changes__choice">
        <legend className="visually-hidden">What becomes of the tracked changes</legend>
        <label className={`import-choice${decision === 'propose' ? ' is-chosen' : ''}`}>
          <input type="radio" name="import-tracked" checked={decision === 'propose'} onChange={() => onDecision('propose')} data-testid="import-changes-keep" />
          <span>
            <strong>Keep them as proposals</strong>
            <span className="muted">Each becomes a pending amendment of the delegation you choose below, for the table to negotiate.</span>
          </span>
        </label>
        <label className={`import-choice${decision === 'accept' ? ' is-chosen' : ''}`}>
          <input type="radio" name="import-tracked" checked={decision === 'accept'} onChange={() => onDecision('accept')} data-testid="import-changes-accept" />
          <span>
            <strong>Accept them all</strong>
            <span className="muted">The text is created as Word’s “Accept All” would leave it: proposed words stay, struck words go.</span>
          </span>
        </label>
      </fieldset>
      <table className="import-authors">
        <thead>
          <tr>
            <th scope="col">Author in Word</th>
            <th scope="col">Tracked changes</th>
            <th scope="col">Attributed to</th>
          </tr>
        </thead>
        <tbody>
          {authors.map(([author, theirs]) => (
            <tr key={author} data-testid="import-author">
              <th scope="row" className="import-authors__name">
                {author || <span className="muted">(no author)</span>}
              </th>
              <td>
                <ul className="import-authors__changes">
                  {theirs.map((c) => (
                    <li key={c.id} data-testid="import-change">
                      <span className="import-authors__label">{c.label === 'deleted' ? '—' : c.label}</span> {describe(c)}
                    </li>
                  ))}
                </ul>
              </td>
              <td className="import-authors__delegation">
                {decision === 'accept' ? (
                  <span className="muted">Accepted</span>
                ) : delegations.state === 'ready' && delegations.value.length === 0 ? (
                  <span className="field__error">No delegation is registered yet: register them under Administration, or accept the changes.</span>
                ) : (
                  <>
                    <label className="visually-hidden" htmlFor={`import-author-${theirs[0]!.id}`}>
                      Delegation whose proposals {author || 'these'} are
                    </label>
                    <select
                      id={`import-author-${theirs[0]!.id}`}
                      value={attribution[author] ?? ''}
                      onChange={(e) => onAttribute(author, e.target.value)}
                      disabled={delegations.state !== 'ready'}
                      aria-invalid={decision === 'propose' && !attribution[author]}
                      data-testid="import-author-delegation"
                    >
                      <option value="">{delegations.state === 'loading' ? 'Loading…' : 'Choose a delegation…'}</option>
                      {delegations.state === 'ready'
                        ? delegations.value.map((d) => (
                            <option key={d.id} value={d.id}>
                              {d.code} — {d.name}
                            </option>
                          ))
                        : null}
                    </select>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {delegations.state === 'failed' ? <p className="field__error">The delegations could not be loaded: {delegations.message}</p> : null}
    </section>
  );
}
