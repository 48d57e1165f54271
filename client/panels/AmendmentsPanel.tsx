import type { AmendmentView } from '../../shared/api/index.js';
import type { BracketGroup } from '../../shared/editor/brackets.js';
import { api, type AlternativeChoiceView } from '../api.js';
import { AmendmentItem, BulkDecisions, type AmendmentViewer } from '../amendments/AmendmentItem.js';
import { useAction } from '../discussion/ThreadView.js';
import { Link } from '../router.js';

export interface AmendmentsPanelProps {
  documentId: string;
  viewer: AmendmentViewer;
  /** The clause the caret is in, with its label; null in the title or formula. */
  clause: { id: string; label: string } | null;
  /** All amendments of the document (pending from the text, decided from the server). */
  amendments: readonly AmendmentView[];
  loaded: boolean;
  error: string | null;
  /** The bracket choices in the text. */
  brackets: readonly BracketGroup[];
  /** The choices between a paragraph and its alternatives ("OP4", "OP4 alt") in the text. */
  alternatives: readonly AlternativeChoiceView[];
  labels: ReadonlyMap<string, string>;
  selectedAmendmentId: string | null;
  onSelect: (amendmentId: string) => void;
  onJump: (clauseId: string) => void;
  onChanged: (amendment: AmendmentView) => void;
  onNotice: (message: string) => void;
  onRetry: () => void;
}

/**
 * The amendments and square brackets of the clause the caret is in: each amendment as a line of a
 * compilation text, with support and opposition, withdrawal and the chair's decision; the chair's
 * choices between bracketed options, and between the paragraph and its alternatives ("OP4 alt").
 * Outside a clause: every pending amendment, bracket and alternative paragraph, by clause.
 */
export function AmendmentsPanel(props: AmendmentsPanelProps) {
  const { clause, amendments, viewer, labels } = props;
  const pending = amendments.filter((a) => a.status === 'pending');

  const item = (a: AmendmentView, showLabel = false) => (
    <AmendmentItem
      key={a.id}
      documentId={props.documentId}
      amendment={a}
      viewer={viewer}
      selected={a.id === props.selectedAmendmentId}
      showLabel={showLabel}
      onSelect={props.onSelect}
      onJump={props.onJump}
      onChanged={props.onChanged}
    />
  );

  const failed = props.error && !props.loaded ? (
    <div>
      <p className="form-error">{props.error}</p>
      <button type="button" className="button button--small" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  ) : null;

  const allLink = (
    <Link className="amendments-panel__all" to={`/documents/${encodeURIComponent(props.documentId)}/amendments`}>
      All amendments of the document →
    </Link>
  );

  if (!clause) {
    return (
      <div className="discussion amendments-panel" data-testid="amendments-panel">
        <p className="discussion__hint">Put the caret in a paragraph to see its amendments and square brackets. In the whole text:</p>
        {failed}
        {pending.length ? (
          <ul className="amendments" aria-label="Pending amendments">
            {pending.map((a) => item(a, true))}
          </ul>
        ) : (
          <p className="muted discussion__empty">No pending amendments.</p>
        )}
        {props.brackets.length ? (
          <section className="brackets" aria-label="Square brackets">
            <h4 className="discussion__subheading">Square brackets</h4>
            <ul className="bracket-choices">
              {props.brackets.map((g) => (
                <BracketChoiceItem
                  key={g.group}
                  documentId={props.documentId}
                  group={g}
                  chair={viewer.abilities.chair}
                  label={g.clauseId ? (labels.get(g.clauseId) ?? null) : null}
                  onNotice={props.onNotice}
                />
              ))}
            </ul>
          </section>
        ) : null}
        {props.alternatives.length ? (
          <section className="brackets" aria-label="Alternative paragraphs">
            <h4 className="discussion__subheading">Alternative paragraphs</h4>
            <ul className="bracket-choices">
              {props.alternatives.map((c) => (
                <AlternativeChoiceItem key={c.clauseId} documentId={props.documentId} choice={c} chair={viewer.abilities.chair} onNotice={props.onNotice} />
              ))}
            </ul>
          </section>
        ) : null}
        {viewer.abilities.chair ? <BulkDecisions documentId={props.documentId} amendments={amendments} clause={null} onDecided={props.onNotice} /> : null}
        {allLink}
      </div>
    );
  }

  const mine = amendments.filter((a) => a.clauseId === clause.id);
  const open = mine.filter((a) => a.status === 'pending');
  const decided = mine.filter((a) => a.status !== 'pending');
  const brackets = props.brackets.filter((g) => g.clauseId === clause.id);
  const alternatives = props.alternatives.filter((c) => c.options.some((o) => o.clauseId === clause.id));

  return (
    <div className="discussion amendments-panel" data-testid="amendments-panel" data-clause-id={clause.id}>
      <header className="discussion__header">
        <div className="discussion__title">
          <h3 data-testid="amendments-clause">{clause.label}</h3>
          <span className="muted">
            {open.length} pending amendment{open.length === 1 ? '' : 's'}
          </span>
        </div>
      </header>
      {failed}

      {brackets.length ? (
        <section className="brackets" aria-label={`Square brackets in ${clause.label}`}>
          <h4 className="discussion__subheading">Square brackets</h4>
          <ul className="bracket-choices">
            {brackets.map((g) => (
              <BracketChoiceItem key={g.group} documentId={props.documentId} group={g} chair={viewer.abilities.chair} onNotice={props.onNotice} />
            ))}
          </ul>
        </section>
      ) : null}

      {alternatives.length ? (
        <section className="brackets" aria-label={`Alternatives to ${alternatives[0]!.label ?? clause.label}`}>
          <h4 className="discussion__subheading">Alternative paragraphs</h4>
          <ul className="bracket-choices">
            {alternatives.map((c) => (
              <AlternativeChoiceItem key={c.clauseId} documentId={props.documentId} choice={c} chair={viewer.abilities.chair} current={clause.id} onNotice={props.onNotice} />
            ))}
          </ul>
        </section>
      ) : null}

      {open.length ? (
        <ul className="amendments" aria-label={`Pending amendments in ${clause.label}`}>
          {open.map((a) => item(a))}
        </ul>
      ) : !brackets.length && !alternatives.length ? (
        <p className="muted discussion__empty">
          No pending amendments in {clause.label}.{viewer.abilities.chair ? '' : ' Switch on “Propose changes” to propose one.'}
        </p>
      ) : null}

      {viewer.abilities.chair ? <BulkDecisions documentId={props.documentId} amendments={amendments} clause={clause} onDecided={props.onNotice} /> : null}

      {decided.length ? (
        <>
          <h4 className="discussion__subheading">Decided ({decided.length})</h4>
          <ul className="amendments amendments--decided" aria-label={`Decided amendments in ${clause.label}`}>
            {decided.map((a) => item(a))}
          </ul>
        </>
      ) : null}
      {allLink}
    </div>
  );
}

const short = (text: string) => {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 38)}…` : t;
};

/** A bracket choice, from the text (BracketGroup) or from the server (GET /brackets); options in text order. */
export interface BracketChoiceLike {
  group: string;
  clauseId: string | null;
  options: readonly { option: number; text: string }[];
}

/** "[shall] [should]", and for the chair: keep one option, or remove the brackets. */
export function BracketChoiceItem({ documentId, group, chair, label, onNotice }: {
  documentId: string;
  group: BracketChoiceLike;
  chair: boolean;
  /** The clause's label, in document-wide lists. */
  label?: string | null;
  onNotice: (message: string) => void;
}) {
  const [busy, error, run] = useAction();
  const options = group.options;
  const choice = options.length > 1;
  return (
    <li className="bracket-choice" data-testid="bracket-choice" data-group={group.group}>
      {label !== undefined ? <span className="clause-label">{label ?? 'Outside the paragraphs'}</span> : null}
      <p className="bracket-choice__text">
        {options.map((o, i) => (
          <span key={`${o.option}-${i}`} className="bracket-choice__option">
            {i > 0 ? (
              <span className="bracket-choice__or" aria-hidden="true">
                {' '}
              </span>
            ) : null}
            [{o.text}]
          </span>
        ))}
      </p>
      <p className="bracket-choice__what muted">{choice ? `A choice between ${options.length} options` : 'Not yet agreed'}</p>
      {chair ? (
        <div className="bracket-choice__actions">
          {choice
            ? options.map((o, i) => (
                <button
                  key={`${o.option}-${i}`}
                  type="button"
                  className="button button--small"
                  disabled={busy}
                  title={`Keep “${o.text}”; the other option${options.length > 2 ? 's go' : ' goes'}, and so do the brackets`}
                  onClick={() =>
                    void run(async () => {
                      await api.pickBracket(documentId, group.group, o.option);
                      onNotice(`Kept '${short(o.text)}'`);
                    })
                  }
                >
                  Keep '{short(o.text)}'
                </button>
              ))
            : null}
          <button
            type="button"
            className="button button--small button--ghost"
            disabled={busy}
            title={choice ? 'Keep every option’s words, without brackets' : 'Keep the words, without brackets: agreed'}
            onClick={() =>
              void run(async () => {
                await api.clearBracket(documentId, group.group);
                onNotice('Brackets removed');
              })
            }
          >
            Remove brackets
          </button>
        </div>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </li>
  );
}

/**
 * A choice between a paragraph and its alternatives: each option with its label and words, and for
 * the chair "Keep OP4" / "Keep OP4 alt" (the others go; a kept alternative becomes OP4).
 */
export function AlternativeChoiceItem({ documentId, choice, chair, current, onNotice }: {
  documentId: string;
  choice: AlternativeChoiceView;
  chair: boolean;
  /** The paragraph the caret is in, marked among the options. */
  current?: string;
  onNotice: (message: string) => void;
}) {
  const [busy, error, run] = useAction();
  const count = choice.options.length;
  const original = choice.label ?? 'the paragraph';
  return (
    <li className="bracket-choice alternative-choice" data-testid="alternative-choice" data-clause-id={choice.clauseId}>
      <ol className="alternative-choice__options">
        {choice.options.map((o, i) => (
          <li
            key={o.clauseId}
            className={`alternative-choice__option${o.clauseId === current ? ' is-current' : ''}`}
            data-testid="alternative-option"
            data-clause-id={o.clauseId}
          >
            <span className="clause-label">{o.label ?? (i ? `Alternative ${i}` : original)}</span>
            <span className="alternative-choice__excerpt">{o.excerpt || <span className="muted">(empty)</span>}</span>
          </li>
        ))}
      </ol>
      <p className="bracket-choice__what muted">
        {count === 2 ? 'Two wordings of one paragraph: one is kept' : `${count} wordings of one paragraph: one is kept`}
      </p>
      {chair ? (
        <div className="bracket-choice__actions">
          {choice.options.map((o, i) => {
            const name = o.label ?? (i ? `alternative ${i}` : original);
            return (
              <button
                key={o.clauseId}
                type="button"
                className="button button--small"
                disabled={busy}
                title={
                  o.clauseId === choice.clauseId
                    ? `Keep ${name} as it stands; the alternative${count > 2 ? 's go' : ' goes'}`
                    : `Keep ${name}: it replaces ${original} and takes its label; the other${count > 2 ? 's go' : ' goes'}`
                }
                onClick={() =>
                  void run(async () => {
                    await api.keepAlternative(documentId, choice.clauseId, o.clauseId);
                    onNotice(o.clauseId === choice.clauseId ? `Kept ${name}` : `Kept ${name} as ${original}`);
                  })
                }
              >
                Keep {name}
              </button>
            );
          })}
        </div>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
    </li>
  );
}
