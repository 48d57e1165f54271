import { useMemo, useState, type FormEvent } from 'react';
import type { ClauseDraft } from '../../shared/editor/content.js';
import type { ClauseKind, NumberingStyle } from '../../shared/labels.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { archiveApi, type ImportConfirmBody, type ImportPreview } from './api.js';
import './archive.css';

/** A paragraph of the preview; `order` is its place in the file, which the list keeps within each part. */
interface Row {
  order: number;
  kind: ClauseKind;
  draft: ClauseDraft;
}

const DETAIL_FIELDS = ['title', 'symbol', 'venue', 'startsOn', 'endsOn', 'numbering', 'formula'] as const;

function rowsOf(preview: ImportPreview): Row[] {
  return [
    ...preview.preambular.map((draft) => ({ kind: 'preambular' as const, draft })),
    ...preview.operative.map((draft) => ({ kind: 'operative' as const, draft })),
  ].map((row, order) => ({ ...row, order }));
}

/** The part a paragraph belongs to decides where it stands: every preambular paragraph comes first. */
function inTextOrder(rows: Row[]): Row[] {
  const rank = (kind: ClauseKind) => (kind === 'preambular' ? 0 : 1);
  return [...rows].sort((a, b) => rank(a.kind) - rank(b.kind) || a.order - b.order);
}

/** "(a)", "(b)", … "(z)", then "(aa)", as sub-paragraphs are lettered. */
function letter(index: number): string {
  const a = 'a'.charCodeAt(0);
  return index < 26 ? `(${String.fromCharCode(a + index)})` : `(${String.fromCharCode(a + Math.floor(index / 26) - 1)}${String.fromCharCode(a + (index % 26))})`;
}

/** Leaves out empty optional strings, so the server sees "not given" rather than "". */
function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Step 2 of an import: what the importer read, for the secretariat to check. A paragraph read into
 * the wrong part can be moved, a stray one (a heading, a note to delegations) removed; the document
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
  const [symbol, setSymbol] = useState('');
  const [venue, setVenue] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [numbering, setNumbering] = useState<NumberingStyle>('un');
  const submission = useSubmission(DETAIL_FIELDS);
  const { fieldErrors } = submission;

  const ordered = useMemo(() => inTextOrder(rows), [rows]);
  const preambular = ordered.filter((r) => r.kind === 'preambular');
  const operative = ordered.filter((r) => r.kind === 'operative');

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

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void submission.run(async () => {
      const body: ImportConfirmBody = {
        title: title.trim(),
        symbol: optional(symbol),
        venue: optional(venue),
        startsOn: optional(startsOn),
        endsOn: optional(endsOn),
        numbering,
        formula: formula.trim(),
        // Only the fields the server knows: it refuses any other (strict objects).
        preambular: preambular.map((r) => clauseBody(r.draft)),
        operative: operative.map((r) => clauseBody(r.draft)),
      };
      const { document } = await archiveApi.confirmImport(body);
      onCreated(document.id);
    });
  };

  const noOperative = operative.length === 0;

  return (
    <div className="import-review" data-testid="import-preview">
      <div className="import-review__bar">
        <div>
          <h2>2. Check what was read</h2>
          <p className="muted">
            From <span className="import-review__file">{fileName}</span>: {preambular.length} preambular and {operative.length} operative{' '}
            {operative.length === 1 ? 'paragraph' : 'paragraphs'}. Move a paragraph read into the wrong part, remove one that is not part of
            the text; the wording can be edited once the document is created.
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

      <div className="import-review__grid">
        <div className="import-review__text">
          <div className="import-paper">
            <p className="import-paper__title">{title.trim() || <span className="muted">Untitled</span>}</p>
            <Field label="Opening formula" hint="The words before the first paragraph. Leave empty if there are none.">
              {(p) => (
                <textarea
                  {...p}
                  className="import-formula"
                  rows={3}
                  value={formula}
                  onChange={(e) => setFormula(e.target.value)}
                  data-testid="import-formula"
                />
              )}
            </Field>
            <ClauseGroup
              heading="Preambular paragraphs"
              empty="No preambular paragraph. A paragraph read as operative can be moved here."
              rows={preambular}
              prefix="PP"
              onKind={setKind}
              onRemove={remove}
            />
            <ClauseGroup
              heading="Operative paragraphs"
              empty="No operative paragraph. A statement needs at least one: move a paragraph here."
              rows={operative}
              prefix="OP"
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
          <Field label="Symbol" error={fieldErrors.symbol} hint="Optional. Revisions add /Rev.1, /Rev.2 to it.">
            {(p) => <input {...p} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="SOMTC/2019/L.1" data-testid="import-symbol" />}
          </Field>
          <Field label="Venue" error={fieldErrors.venue} hint="Optional.">
            {(p) => <input {...p} value={venue} onChange={(e) => setVenue(e.target.value)} placeholder="Kuala Lumpur" data-testid="import-venue" />}
          </Field>
          <div className="form__row">
            <Field label="Opens on" error={fieldErrors.startsOn} className="field--grow">
              {(p) => <input {...p} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} data-testid="import-starts-on" />}
            </Field>
            <Field label="Closes on" error={fieldErrors.endsOn} className="field--grow">
              {(p) => <input {...p} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} data-testid="import-ends-on" />}
            </Field>
          </div>
          <fieldset className="field choice">
            <legend>Numbering in the final text</legend>
            <label className="choice__option">
              <input type="radio" name="import-numbering" value="un" checked={numbering === 'un'} onChange={() => setNumbering('un')} data-testid="import-numbering-un" />
              <span>
                <strong>UN style</strong>
                <span className="muted">Preambular paragraphs unnumbered, operative paragraphs numbered.</span>
              </span>
            </label>
            <label className="choice__option">
              <input type="radio" name="import-numbering" value="all" checked={numbering === 'all'} onChange={() => setNumbering('all')} data-testid="import-numbering-all" />
              <span>
                <strong>ASEAN style</strong>
                <span className="muted">Every paragraph numbered, as in ASEAN communiqués.</span>
              </span>
            </label>
            {fieldErrors.numbering ? <p className="field__error">{fieldErrors.numbering}</p> : null}
          </fieldset>
          {fieldErrors.formula ? <p className="field__error">Opening formula: {fieldErrors.formula}</p> : null}
          <FormError message={submission.error} />
          {noOperative ? (
            <p className="field__error" role="alert">
              A statement needs at least one operative paragraph.
            </p>
          ) : null}
          <button
            className="button button--primary button--wide"
            type="submit"
            disabled={submission.busy || noOperative || !title.trim()}
            data-testid="import-confirm"
          >
            {submission.busy ? 'Creating the document…' : 'Create the document'}
          </button>
          <p className="form__note">
            Creates the zero draft with {preambular.length + operative.length}{' '}
            {preambular.length + operative.length === 1 ? 'paragraph' : 'paragraphs'}. Add the delegations that negotiate it next.
          </p>
        </form>
      </div>
    </div>
  );
}

function clauseBody(draft: ClauseDraft): ClauseDraft {
  const body: ClauseDraft = { text: draft.text };
  if (draft.lead) body.lead = draft.lead;
  if (draft.subclauses?.length) body.subclauses = draft.subclauses;
  return body;
}

function ClauseGroup({
  heading,
  empty,
  rows,
  prefix,
  onKind,
  onRemove,
}: {
  heading: string;
  empty: string;
  rows: Row[];
  prefix: 'PP' | 'OP';
  onKind: (order: number, kind: ClauseKind) => void;
  onRemove: (row: Row) => void;
}) {
  return (
    <section className="import-group" aria-label={heading}>
      <h3 className="import-group__heading">
        {heading} <span className="import-group__count">{rows.length}</span>
      </h3>
      {rows.length ? (
        <ol className="import-clauses">
          {rows.map((row, index) => (
            <ClauseRow key={row.order} row={row} label={`${prefix}${index + 1}`} onKind={onKind} onRemove={onRemove} />
          ))}
        </ol>
      ) : (
        <p className="import-group__empty">{empty}</p>
      )}
    </section>
  );
}

function ClauseRow({
  row,
  label,
  onKind,
  onRemove,
}: {
  row: Row;
  label: string;
  onKind: (order: number, kind: ClauseKind) => void;
  onRemove: (row: Row) => void;
}) {
  const { draft } = row;
  return (
    <li className={`import-clause import-clause--${row.kind}`} data-testid="import-clause" data-kind={row.kind}>
      <span className="import-clause__label" data-testid="import-clause-label">
        {label}
      </span>
      <div className="import-clause__body">
        <p className="import-clause__text">
          {draft.lead ? <em>{draft.lead}</em> : null}
          {draft.lead && draft.text ? ' ' : null}
          {draft.text}
          {!draft.lead && !draft.text ? <span className="muted">(empty paragraph)</span> : null}
        </p>
        {draft.subclauses?.map((sub, index) => (
          <p className="import-clause__sub" key={index}>
            <span className="import-clause__letter">{letter(index)}</span>
            {sub}
          </p>
        ))}
      </div>
      <div className="import-clause__controls">
        <label className="visually-hidden" htmlFor={`import-kind-${row.order}`}>
          Part of the text for {label}
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
        <button
          type="button"
          className="button button--ghost button--small button--danger"
          onClick={() => onRemove(row)}
          aria-label={`Remove ${label}`}
          data-testid="import-remove"
        >
          Remove
        </button>
      </div>
    </li>
  );
}
