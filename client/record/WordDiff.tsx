import type { CSSProperties, ReactNode } from 'react';
import type { ProposalMark, WordChange } from '../../shared/compare.js';
import { delegationVars } from '../../shared/colors.js';

/** "MYS proposes inserting": who a pending proposal is by, in words (colour alone names no one). */
export function proposalTitle(p: ProposalMark): string {
  return `${p.delegationCode ?? 'A participant'} proposes ${p.kind === 'insertion' ? 'inserting' : 'deleting'} these words (pending, not accepted)`;
}

/**
 * A pending proposal: underlined (insertion) or struck (deletion) in its delegation's colour, with
 * the delegation's code after it, so it never reads as text the negotiators accepted. The words keep
 * the ink colour; the colour is only on lines and tint, where it need not reach 4.5:1.
 */
function Proposal({ proposal: p, children, signed }: { proposal: ProposalMark; children: ReactNode; signed: boolean }) {
  const Tag = p.kind === 'insertion' ? 'ins' : 'del';
  return (
    <span className={`compare-proposal compare-proposal--${p.kind}`} style={delegationVars(p.color) as CSSProperties} title={proposalTitle(p)} data-testid="compare-proposal" data-delegation={p.delegationCode ?? ''} data-proposal={p.kind}>
      <span className="visually-hidden">{`(${p.delegationCode ?? 'A participant'} proposes ${p.kind === 'insertion' ? 'inserting' : 'deleting'}: `}</span>
      <Tag className="compare-proposal__words">{children}</Tag>
      {signed ? (
        <span className="compare-proposal__by" aria-hidden="true">
          {p.delegationCode ?? '?'}
        </span>
      ) : null}
      <span className="visually-hidden">)</span>
    </span>
  );
}

/** A square bracket of the draft: real text by the negotiators' convention, marked "not agreed". */
function Bracket({ text }: { text: string }) {
  return (
    <span className="compare-bracket" title="Square brackets: the words between them are not agreed">
      {text}
    </span>
  );
}

function Words({ change: w, signed }: { change: WordChange; signed: boolean }) {
  if (w.bracket) return <Bracket text={w.text} />;
  if (w.proposal) return <Proposal proposal={w.proposal} signed={signed}>{w.text}</Proposal>;
  return <>{w.text}</>;
}

const sameAmendment = (a: WordChange | undefined, b: WordChange | undefined) => !!a?.proposal && a.proposal.amendmentId === b?.proposal?.amendmentId;

/**
 * A paragraph's words as they changed: <ins> for inserted words, <del> for deleted ones, so the
 * change reads without colour too (underlined, struck through) and assistive technology can name it.
 * Pending proposals (in the "with proposals" view) are their own element, never an <ins>/<del> of the
 * comparison: a proposal new since the older text is still only proposed.
 * `show`: both (inline), or one side: the older text with its deletions, the newer with its insertions.
 */
export function WordDiff({ words, show }: { words: readonly WordChange[]; show: 'both' | 'from' | 'to' }) {
  const shown = words.filter((w) => show === 'both' || (show === 'from' ? w.op !== 'insert' : w.op !== 'delete'));
  return (
    <>
      {shown.map((w, i) => {
        // One code per amendment: a replacement ("promote" struck, "foster" proposed) is signed once, after its last words.
        const signed = !sameAmendment(w, shown[i + 1]);
        const after = shown[i - 1]?.proposal && w.proposal ? ' compare-change--after-proposal' : '';
        if (w.op === 'equal') return <span key={i} className={after || undefined}>{<Words change={w} signed={signed} />}</span>;
        if (w.op === 'insert') {
          return w.proposal ? (
            <span key={i} className={`compare-change--new-proposal${after}`}>
              <Words change={w} signed={signed} />
            </span>
          ) : (
            <ins key={i}>
              <Words change={w} signed={signed} />
            </ins>
          );
        }
        return (
          <del key={i} className={w.proposal ? `compare-change--gone-proposal${after}` : undefined}>
            <Words change={w} signed={signed} />
          </del>
        );
      })}
    </>
  );
}
