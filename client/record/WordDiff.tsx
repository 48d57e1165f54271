import type { CSSProperties, ReactNode } from 'react';
import type { ProposalMark, WordChange } from '../../shared/compare.js';

/** "MYS proposes inserting": who a pending proposal is by, in words (colour alone names no one). */
export function proposalTitle(p: ProposalMark): string {
  return `${p.delegationCode ?? 'A participant'} proposes ${p.kind === 'insertion' ? 'inserting' : 'deleting'} these words (pending, not accepted)`;
}

/**
 * A pending proposal: underlined (insertion) or struck (deletion) in its delegation's colour, with
 * the delegation's code after it, so it never reads as text the negotiators accepted. The words keep
 * the ink colour; the colour is only on lines and tint, where it need not reach 4.5:1.
 */
function Proposal({ proposal: p, children }: { proposal: ProposalMark; children: ReactNode }) {
  const Tag = p.kind === 'insertion' ? 'ins' : 'del';
  return (
    <span className={`compare-proposal compare-proposal--${p.kind}`} style={{ '--delegation-color': p.color } as CSSProperties} title={proposalTitle(p)} data-testid="compare-proposal" data-delegation={p.delegationCode ?? ''} data-proposal={p.kind}>
      <span className="visually-hidden">{`(${p.delegationCode ?? 'A participant'} proposes ${p.kind === 'insertion' ? 'inserting' : 'deleting'}: `}</span>
      <Tag className="compare-proposal__words">{children}</Tag>
      <span className="compare-proposal__by" aria-hidden="true">
        {p.delegationCode ?? '?'}
      </span>
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

function Words({ change: w }: { change: WordChange }) {
  if (w.bracket) return <Bracket text={w.text} />;
  if (w.proposal) return <Proposal proposal={w.proposal}>{w.text}</Proposal>;
  return <>{w.text}</>;
}

/**
 * A paragraph's words as they changed: <ins> for inserted words, <del> for deleted ones, so the
 * change reads without colour too (underlined, struck through) and assistive technology can name it.
 * Pending proposals (in the "with proposals" view) are their own element, never an <ins>/<del> of the
 * comparison: a proposal new since the older text is still only proposed.
 * `show`: both (inline), or one side: the older text with its deletions, the newer with its insertions.
 */
export function WordDiff({ words, show }: { words: readonly WordChange[]; show: 'both' | 'from' | 'to' }) {
  return (
    <>
      {words.map((w, i) => {
        if (w.op === 'equal') return <span key={i}>{<Words change={w} />}</span>;
        if (w.op === 'insert') {
          if (show === 'from') return null;
          return w.proposal ? (
            <span key={i} className="compare-change--new-proposal">
              <Words change={w} />
            </span>
          ) : (
            <ins key={i}>
              <Words change={w} />
            </ins>
          );
        }
        if (show === 'to') return null;
        return (
          <del key={i} className={w.proposal ? 'compare-change--gone-proposal' : undefined}>
            <Words change={w} />
          </del>
        );
      })}
    </>
  );
}
