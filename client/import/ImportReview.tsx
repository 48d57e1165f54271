import { useMemo, useState, type FormEvent } from 'react';
import type { ImportConfirmBody } from '../../shared/api/index.js';
import { acceptDraftProposals, draftNumbers, type ClauseDraft, type DraftRun } from '../../shared/editor/content.js';
import { labelClauses, subclauseLetter, type ClauseKind, type ClauseLabel, type NumberingStyle } from '../../shared/labels.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { useLoad } from '../useLoad.js';
import { importApi, type Delegation, type ImportPreview } from './api.js';
import { MarkedWords, type Decision, type ProposalLook } from './MarkedWords.js';
import { TrackedChanges } from './TrackedChanges.js';
import { VenueFields, type VenueValues } from '../panels/VenueSettings.js';
import { NumberingChoice } from '../panels/NumberingChoice.js';

/**
 * A paragraph of the preview. `order` is its place in the file, which the list keeps within each part;
 * `alternativeOf` names, by order, the paragraph an "OP4 alt" stands for.
 */
interface Row {
  order: number;
  kind: ClauseKind;
  draft: ClauseDraft;
  alternativeOf: number | null;
}

/** A row as it will be created: the draft as decided, and whether it is gone (a deletion accepted). */
interface Shown {
  row: Row;
  draft: ClauseDraft;
  gone: boolean;
}

const DETAIL_FIELDS = ['title', 'symbol', 'venue', 'startsOn', 'endsOn', 'numbering', 'formula', 'timeZone', 'language', 'organisation'] as const;

function rowsOf(preview: ImportPreview): Row[] {
  const preambular = preview.preambular.length;
  return [
    ...preview.preambular.map((draft) => ({ kind: 'preambular' as const, draft, alternativeOf: draft.alternativeOf ?? null })),
    ...preview.operative.map((draft) => ({ kind: 'operative' as const, draft, alternativeOf: draft.alternativeOf === undefined ? null : preambular + draft.alternativeOf })),
  ].map((row, order) => ({ ...row, order }));
}

/** The part a paragraph belongs to decides where it stands: every preambular paragraph comes first. */
function inTextOrder(rows: Row[]): Row[] {
  const rank = (kind: ClauseKind) => (kind === 'preambular' ? 0 : 1);
  return [...rows].sort((a, b) => rank(a.kind) - rank(b.kind) || a.order - b.order);
}

/** Leaves out empty optional strings, so the server sees "not given" rather than "". */
function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/** A part's rows as the drafts to send: alternatives pointing at their paragraph by its index in the part, if it is still there. */
function partBody(rows: readonly Row[]): ClauseDraft[] {
  const index = new Map(rows.map((r, i) => [r.order, i]));
  return rows.map((row) => {
    const { alternativeOf: _stale, ...draft } = row.draft;
    const target = row.alternativeOf === null ? undefined : index.get(row.alternativeOf);
    const body: ClauseDraft = { text: draft.text };
    // Only the fields the server knows: it refuses any other (strict objects).
    if (draft.lead) body.lead = draft.lead;
    if (draft.subclauses?.length) body.subclauses = draft.subclauses;
    if (draft.marked) body.marked = draft.marked;
    if (draft.number !== undefined) body.number = draft.number;
    if (target !== undefined && rows[target]!.alternativeOf === null) body.alternativeOf = target;
    return body;
  });
}

/** The labels the paragraphs will have, as created: OP4bis for a proposed paragraph, "OP4 alt" for an alternative. */
function labelsOf(preambular: readonly Shown[], operative: readonly Shown[]): Map<number, ClauseLabel> {
  const outline = ([preambular, operative] as const).flatMap((shown) => {
    const standing = shown.filter((s) => !s.gone);
    const drafts = partBody(standing.map((s) => ({ ...s.row, draft: s.draft })));
    const numbers = draftNumbers(drafts);
    return standing.map((s, i) => ({
      id: String(s.row.order),
      kind: s.row.kind,
      number: numbers[i] ?? null,
      subclauseIds: (s.draft.marked?.subclauses ?? s.draft.subclauses ?? []).map((_, j) => `${s.row.order}-${j}`),
      alternativeOf: drafts[i]!.alternativeOf === undefined ? null : String(standing[drafts[i]!.alternativeOf]!.row.order),
    }));
  });
  return new Map(labelClauses(outline, 'un').map((label) => [Number(label.id), label]));
}

/** The keys of the proposals still in these rows. */
function proposalKeys(rows: readonly Row[]): Set<string> {
  const keys = new Set<string>();
  for (const row of rows) {
    const runs = row.draft.marked ? [row.draft.marked.text, ...row.draft.marked.subclauses].flat() : [];
    for (const run of runs) {
      if (run.insertion) keys.add(run.insertion);
      if (run.deletion) keys.add(run.deletion);
    }
  }
  return keys;
}

/** Delegations named by the authors Accord writes ("MYS — Aisyah Rahman"), matched by code. */
function attributionFrom(preview: ImportPreview, delegations: readonly Delegation[]): Record<string, string> {
  const byCode = new Map(delegations.map((d) => [d.code, d.id]));
  const out: Record<string, string> = {};
  for (const c of preview.changes) {
    const id = c.delegation ? byCode.get(c.delegation) : undefined;
    if (id) out[c.author] = id;
  }
  return out;
}

/**
 * Step 2 of an import: what the importer read, for the secretariat to check. A paragraph read into
 * the wrong part can be moved, a stray one (a heading, a note to delegations) removed; tracked
 * changes are accepted or kept as proposals of the delegations the secretariat picks; the document
 * is created only on confirmation, with the paragraphs exactly as listed here.
 */
export function ImportReview({
  preview,
  fileName,
  onCreated,
  onRestart,
}: {
  preview: ImportPreview;
  fileName: string;
  onCreated: (documentId: string) => void;
  onRestart: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(preview));
  const [removed, setRemoved] = useState<Row[]>([]);
  const [title, setTitle] = useState(preview.title);
  const [formula, setFormula] = useState(preview.formula);
  const [symbol, setSymbol] = useState(preview.symbol ?? '');
  const [venue, setVenue] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [numbering, setNumbering] = useState<NumberingStyle>('un');
  const [place, setPlace] = useState<VenueValues>({ timeZone: 'UTC', language: 'en', organisation: 'un' });
  // The file is what the secretariat circulated: by default it is kept, unchanged, as the zero draft.
  const [issueZeroDraft, setIssueZeroDraft] = useState(true);
  // Accord's own export names each proposal's delegation: keeping them is what re-importing it means.
  // A file from elsewhere waits for the secretariat to decide.
  const [decision, setDecision] = useState<Decision>(preview.accordExport && preview.changes.length > 0 ? 'propose' : null);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [delegations] = useLoad(() => importApi.delegations().then((r) => r.delegations), 'delegations');
  const submission = useSubmission(DETAIL_FIELDS);
  const { fieldErrors } = submission;

  const known = useMemo(() => (delegations.state === 'ready' ? delegations.value : []), [delegations]);
  const attribution = useMemo(() => ({ ...attributionFrom(preview, known), ...chosen }), [preview, known, chosen]);
  const ordered = useMemo(() => inTextOrder(rows), [rows]);
  const keys = useMemo(() => proposalKeys(ordered), [ordered]);
  const changes = preview.changes.filter((c) => keys.has(c.id));
  const tracked = changes.length > 0;
  const effective: Decision = tracked ? decision : 'accept';

  const shown = (kind: ClauseKind): Shown[] =>
    ordered
      .filter((r) => r.kind === kind)
      .map((row) => {
        if (effective !== 'accept' || !row.draft.marked) return { row, draft: row.draft, gone: false };
        const [accepted] = acceptDraftProposals({ title: '', preambular: [], operative: [row.draft] }).operative;
        return { row, draft: accepted ?? row.draft, gone: accepted === undefined };
      });
  const preambular = shown('preambular');
  const operative = shown('operative');
  const labels = labelsOf(preambular, operative);
  // Where each tracked change stands, by the labels shown now (they change when the changes are accepted).
  const where = new Map<string, string>();
  for (const s of [...preambular, ...operative]) {
    const label = labels.get(s.row.order);
    const marked = s.row.draft.marked;
    if (!label || !marked) continue;
    [marked.text, ...marked.subclauses].forEach((runs, i) => {
      const at = i === 0 ? label.label : (label.subclauses[i - 1]?.label ?? label.label);
      for (const run of runs) for (const key of [run.insertion, run.deletion]) if (key && !where.has(key)) where.set(key, at);
    });
  }
  for (const s of [...preambular, ...operative]) {
    if (!s.gone) continue;
    for (const run of s.row.draft.marked?.text ?? []) if (run.deletion && !where.has(run.deletion)) where.set(run.deletion, 'deleted');
  }
  const standing = (list: Shown[]) => list.filter((s) => !s.gone).length;

  const byKey = new Map(preview.changes.map((c) => [c.id, c]));
  const colours = new Map(known.map((d) => [d.id, d]));
  const look = (key: string): ProposalLook => {
    const change = byKey.get(key);
    const delegation = change ? colours.get(attribution[change.author] ?? '') : undefined;
    const author = change?.author || 'an unnamed author';
    return { color: delegation?.color ?? null, title: delegation ? `${delegation.code} (${author} in Word)` : author };
  };

  const setKind = (order: number, kind: ClauseKind) => setRows((all) => all.map((r) => (r.order === order ? { ...r, kind } : r)));
  const remove = (row: Row) => {
    setRows((all) => all.filter((r) => r.order !== row.order));
    setRemoved((stack) => [...stack, row]);
  };
  const restore = () => {
    const last = removed[removed.length - 1];
    if (!last) return;
    setRemoved((stack) => stack.slice(0, -1));
    setRows((all) => [...all, last]);
  };

  const unattributed = effective === 'propose' ? [...new Set(changes.map((c) => c.author))].filter((a) => !attribution[a]) : [];
  const undecided = effective === null;

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (effective === null) return;
    void submission.run(async () => {
      const body: ImportConfirmBody = {
        title: title.trim(),
        symbol: optional(symbol),
        venue: optional(venue),
        startsOn: optional(startsOn),
        endsOn: optional(endsOn),
        numbering,
        timeZone: place.timeZone.trim() || 'UTC',
        language: place.language,
        organisation: place.organisation.trim() || 'un',
        formula: formula.trim(),
        preambular: partBody(ordered.filter((r) => r.kind === 'preambular')),
        operative: partBody(ordered.filter((r) => r.kind === 'operative')),
        trackedChanges: effective,
        proposals: effective === 'propose' ? changes.map((c) => ({ key: c.id, delegationId: attribution[c.author]!, author: c.author, at: c.at })) : [],
        issueZeroDraft,
      };
      const { document } = await importApi.confirm(body);
      onCreated(document.id);
    });
  };

  const noOperative = standing(operative) === 0;
  const total = standing(preambular) + standing(operative);

  return (
    <div className="import-review" data-testid="import-preview">
      <div className="import-review__bar">
        <div>
          <h2>2. Check what was read</h2>
          <p className="muted">
            From <span className="import-review__file">{fileName}</span>
            {preview.accordExport ? <span className="import-origin" data-testid="import-accord-export">an export of Accord</span> : null}:{' '}
            {standing(preambular)} preambular and {standing(operative)} operative {standing(operative) === 1 ? 'paragraph' : 'paragraphs'}. Move a
            paragraph read into the wrong part, remove one that is not part of the text; the wording can be edited once the document is
            created.
          </p>
        </div>
        <button type="button" className="button" onClick={onRestart} data-testid="import-restart">
          Start over with another file
        </button>
      </div>

      {preview.warnings.length ? (
        <section className="import-warnings" role="alert" aria-labelledby="import-warnings-title" data-testid="import-warnings">
          <h3 id="import-warnings-title">
            Check {preview.warnings.length === 1 ? 'this point' : `these ${preview.warnings.length} points`} before creating the document
          </h3>
          <ul>
            {preview.warnings.map((warning, index) => (
              <li key={index} data-testid="import-warning">
                {warning}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="import-clean" role="status">
          The file was read without guesses: every paragraph was found where it was expected.
        </p>
      )}

      {tracked ? (
        <TrackedChanges
          changes={changes.map((c) => ({ ...c, label: where.get(c.id) ?? c.label }))}
          decision={decision}
          onDecision={setDecision}
          attribution={attribution}
          onAttribute={(author, id) => setChosen((c) => ({ ...c, [author]: id }))}
          delegations={delegations}
        />
      ) : null}

      <div className="import-review__grid">
        <div className="import-review__text">
          <div className="import-paper">
            <p className="import-paper__title">{title.trim() || <span className="muted">Untitled</span>}</p>
            <Field label="Opening formula" hint="The words before the first paragraph. Leave empty if there are none.">
              {(p) => <textarea {...p} className="import-formula" rows={3} value={formula} onChange={(e) => setFormula(e.target.value)} data-testid="import-formula" />}
            </Field>
            <ClauseGroup
              heading="Preambular paragraphs"
              empty="No preambular paragraph. A paragraph read as operative can be moved here."
              shown={preambular}
              labels={labels}
              decision={effective}
              look={look}
              onKind={setKind}
              onRemove={remove}
            />
            <ClauseGroup
              heading="Operative paragraphs"
              empty="No operative paragraph. A statement needs at least one: move a paragraph here."
              shown={operative}
              labels={labels}
              decision={effective}
              look={look}
              onKind={setKind}
              onRemove={remove}
            />
            {removed.length ? (
              <p className="import-removed" role="status">
                {removed.length} {removed.length === 1 ? 'paragraph' : 'paragraphs'} removed.{' '}
                <button type="button" className="link-button" onClick={restore} data-testid="import-undo-remove">
                  Put back the last one removed
                </button>
              </p>
            ) : null}
          </div>
        </div>

        <form className="panel form import-details" onSubmit={confirm} noValidate aria-labelledby="import-details-title">
          <h2 id="import-details-title">3. The document</h2>
          <Field label="Title" error={fieldErrors.title}>
            {(p) => (
              // A textarea, so that a long title reads whole; it stays one line (Enter submits nothing, newlines become spaces).
              <textarea
                {...p}
                className="import-title-input"
                rows={3}
                value={title}
                onChange={(e) => setTitle(e.target.value.replace(/\s*\n\s*/g, ' '))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') e.preventDefault();
                }}
                required
                data-testid="import-title"
              />
            )}
          </Field>
          <Field
            label="Symbol"
            error={fieldErrors.symbol}
            hint={preview.symbol ? 'Found in the file; change it if the new document is to bear another. Revisions add /Rev.1, /Rev.2 to it.' : 'Optional. Revisions add /Rev.1, /Rev.2 to it.'}
          >
            {(p) => <input {...p} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="SOMTC/2019/L.1" data-testid="import-symbol" />}
          </Field>
          <Field label="Venue" error={fieldErrors.venue} hint="Optional.">
            {(p) => <input {...p} value={venue} onChange={(e) => setVenue(e.target.value)} placeholder="Kuala Lumpur" data-testid="import-venue" />}
          </Field>
          <VenueFields values={place} onChange={setPlace} errors={fieldErrors} />
          <div className="form__row">
            <Field label="Opens on" error={fieldErrors.startsOn} className="field--grow">
              {(p) => <input {...p} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} data-testid="import-starts-on" />}
            </Field>
            <Field label="Closes on" error={fieldErrors.endsOn} className="field--grow">
              {(p) => <input {...p} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} data-testid="import-ends-on" />}
            </Field>
          </div>
          <NumberingChoice name="import-numbering" value={numbering} onChange={setNumbering} error={fieldErrors.numbering} testIdPrefix="import-numbering" />
          <ZeroDraftChoice checked={issueZeroDraft} onChange={setIssueZeroDraft} symbol={symbol.trim()} />
          {fieldErrors.formula ? <p className="field__error">Opening formula: {fieldErrors.formula}</p> : null}
          <FormError message={submission.error} />
          {noOperative ? (
            <p className="field__error" role="alert">
              A statement needs at least one operative paragraph.
            </p>
          ) : null}
          {undecided ? (
            <p className="field__error" role="status" data-testid="import-undecided">
              Choose above whether the tracked changes are kept as proposals or accepted.
            </p>
          ) : null}
          {unattributed.length ? (
            <p className="field__error" role="status" data-testid="import-unattributed">
              Choose the delegation of {unattributed.map((a) => a || 'the unnamed author').join(', ')}.
            </p>
          ) : null}
          <button
            className="button button--primary button--wide"
            type="submit"
            disabled={submission.busy || noOperative || !title.trim() || undecided || unattributed.length > 0}
            data-testid="import-confirm"
          >
            {submission.busy ? 'Creating the document…' : 'Create the document'}
          </button>
          <p className="form__note" data-testid="import-outcome">
            Creates the document with {total} {total === 1 ? 'paragraph' : 'paragraphs'}
            {effective === 'propose' ? ` and ${changes.length} pending ${changes.length === 1 ? 'proposal' : 'proposals'}` : ''}
            {issueZeroDraft ? ', issued as its zero draft' : ', not yet issued'}. Add the delegations that negotiate it next.
          </p>
        </form>
      </div>
    </div>
  );
}

/**
 * Whether the text as confirmed is issued at once as the zero draft (revision 0), under the document's
 * symbol. Unticked when the file is not yet what is to be circulated: the chair issues it later.
 */
function ZeroDraftChoice({ checked, onChange, symbol }: { checked: boolean; onChange: (checked: boolean) => void; symbol: string }) {
  return (
    <label className="import-zero-draft">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby="import-zero-draft-hint" data-testid="import-issue-zero-draft" />
      <span>
        <strong>Issue this text as the zero draft</strong>
        <span className="field__hint" id="import-zero-draft-hint">
          {checked ? (
            <>
              Kept unchanged as the text circulated
              {symbol ? (
                <>
                  , under the symbol <span className="symbol">{symbol}</span>
                </>
              ) : (
                ', under a provisional symbol (none is given above)'
              )}
              ; delegations compare later revisions with it.
            </>
          ) : (
            'Untick only if this is not yet the text to circulate: the chair will be offered to issue it.'
          )}
        </span>
      </span>
    </label>
  );
}

function ClauseGroup({
  heading,
  empty,
  shown,
  labels,
  decision,
  look,
  onKind,
  onRemove,
}: {
  heading: string;
  empty: string;
  shown: Shown[];
  labels: Map<number, ClauseLabel>;
  decision: Decision;
  look: (key: string) => ProposalLook;
  onKind: (order: number, kind: ClauseKind) => void;
  onRemove: (row: Row) => void;
}) {
  return (
    <section className="import-group" aria-label={heading}>
      <h3 className="import-group__heading">
        {heading} <span className="import-group__count">{shown.filter((s) => !s.gone).length}</span>
      </h3>
      {shown.length ? (
        <ol className="import-clauses import-clauses--labelled">
          {shown.map((s) => (
            <ClauseRow key={s.row.order} shown={s} label={labels.get(s.row.order)} decision={decision} look={look} onKind={onKind} onRemove={onRemove} />
          ))}
        </ol>
      ) : (
        <p className="import-group__empty">{empty}</p>
      )}
    </section>
  );
}

function ClauseRow({
  shown,
  label,
  decision,
  look,
  onKind,
  onRemove,
}: {
  shown: Shown;
  label: ClauseLabel | undefined;
  decision: Decision;
  look: (key: string) => ProposalLook;
  onKind: (order: number, kind: ClauseKind) => void;
  onRemove: (row: Row) => void;
}) {
  const { row, draft, gone } = shown;
  const name = label?.label ?? 'this paragraph';
  if (gone) {
    return (
      <li className="import-clause import-clause--gone" data-testid="import-clause-gone">
        <span className="import-clause__label">—</span>
        <p className="import-clause__gone">
          {draft.lead ? `${draft.lead} ` : ''}
          {draft.text.length > 80 ? `${draft.text.slice(0, 77)}…` : draft.text}
          <span className="import-clause__gone-note"> Deleted in the tracked changes: not created.</span>
        </p>
      </li>
    );
  }
  const subclauses: (DraftRun[] | string)[] = draft.marked ? draft.marked.subclauses : (draft.subclauses ?? []);
  return (
    <li className={`import-clause import-clause--${row.kind}`} data-testid="import-clause" data-kind={row.kind}>
      <span className="import-clause__label" data-testid="import-clause-label">
        {name}
      </span>
      <div className="import-clause__body">
        <p className="import-clause__text">
          {draft.marked ? (
            <MarkedWords runs={draft.marked.text} decision={decision} look={look} />
          ) : (
            <>
              {draft.lead ? <em>{draft.lead}</em> : null}
              {draft.lead && draft.text ? ' ' : null}
              {draft.text}
            </>
          )}
          {!draft.marked && !draft.lead && !draft.text ? <span className="muted">(empty paragraph)</span> : null}
        </p>
        {subclauses.map((sub, index) => (
          <p className="import-clause__sub" key={index}>
            <span className="import-clause__letter">{subclauseLetter(index)}</span>
            {typeof sub === 'string' ? sub : <MarkedWords runs={sub} decision={decision} look={look} />}
          </p>
        ))}
      </div>
      <div className="import-clause__controls">
        <label className="visually-hidden" htmlFor={`import-kind-${row.order}`}>
          Part of the text for {name}
        </label>
        <select
          id={`import-kind-${row.order}`}
          className="import-clause__kind"
          value={row.kind}
          onChange={(e) => onKind(row.order, e.target.value === 'operative' ? 'operative' : 'preambular')}
          data-testid="import-kind"
        >
          <option value="preambular">Preambular</option>
          <option value="operative">Operative</option>
        </select>
        <button type="button" className="button button--ghost button--small button--danger" onClick={() => onRemove(row)} aria-label={`Remove ${name}`} data-testid="import-remove">
          Remove
        </button>
      </div>
    </li>
  );
}
