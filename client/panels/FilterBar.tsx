import { useMemo } from 'react';

/** The delegation filter's value for items without a delegation. */
export const NO_DELEGATION = '—';

/** The distinct delegation codes of some items, sorted, "no delegation" last. */
export function useDelegationCodes<T>(items: readonly T[], codeOf: (item: T) => string | null | undefined): string[] {
  return useMemo(() => {
    const codes = new Set(items.map((item) => codeOf(item) ?? NO_DELEGATION));
    return [...codes].sort((a, b) => (a === NO_DELEGATION ? 1 : b === NO_DELEGATION ? -1 : a.localeCompare(b)));
    // `codeOf` is a fresh closure each render; what it reads depends on `items` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [items]);
}

/**
 * The filters above a list of a document's threads or amendments: status (segmented buttons),
 * paragraph and delegation.
 */
export function FilterBar<S extends string>({
  label,
  statuses,
  status,
  onStatus,
  clauses,
  clauseId,
  onClause,
  delegations,
  delegation,
  onDelegation,
}: {
  /** The accessible name of the bar, e.g. "Filter threads". */
  label: string;
  /** The status choices in order, each with its visible text. */
  statuses: readonly (readonly [S, string])[];
  status: S;
  onStatus: (status: S) => void;
  clauses: readonly { clauseId: string; label: string }[];
  clauseId: string;
  onClause: (clauseId: string) => void;
  delegations: readonly string[];
  delegation: string;
  onDelegation: (delegation: string) => void;
}) {
  return (
    <div className="filters" role="search" aria-label={label}>
      <div className="segmented" role="group" aria-label="Status">
        {statuses.map(([s, text]) => (
          <button key={s} type="button" aria-pressed={status === s} className={status === s ? 'is-active' : ''} onClick={() => onStatus(s)}>
            {text}
          </button>
        ))}
      </div>
      <label className="filter">
        <span>Paragraph</span>
        <select data-testid="filter-clause" value={clauseId} onChange={(e) => onClause(e.target.value)}>
          <option value="">All paragraphs</option>
          {clauses.map((c) => (
            <option key={c.clauseId} value={c.clauseId}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Delegation</span>
        <select data-testid="filter-delegation" value={delegation} onChange={(e) => onDelegation(e.target.value)}>
          <option value="">All delegations</option>
          {delegations.map((code) => (
            <option key={code} value={code}>
              {code === NO_DELEGATION ? 'No delegation' : code}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
