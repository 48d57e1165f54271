import type { CSSProperties, ReactNode } from 'react';
import type { DraftRun } from '../../shared/editor/content.js';
import { delegationVars } from '../../shared/colors.js';

/** What becomes of tracked changes: shown as proposals (kept, or not decided yet) or as accepted. */
export type Decision = 'accept' | 'propose' | null;

/** How a proposal is shown: the colour of the delegation it goes to, and who it is by. */
export interface ProposalLook {
  color: string | null;
  title: string;
}

function bracketKey(run: DraftRun): string | null {
  return run.bracket ? `${run.bracket.group}\u0000${run.bracket.option}` : null;
}

/**
 * A paragraph's words as the secretariat should check them: proposals underlined or struck in the
 * colour of the delegation they will be attributed to (or, once "accept" is chosen, as Word's Accept
 * All leaves them), square brackets around each option.
 */
export function MarkedWords({ runs, decision, look }: { runs: readonly DraftRun[]; decision: Decision; look: (key: string) => ProposalLook }) {
  const out: ReactNode[] = [];
  let i = 0;
  while (i < runs.length) {
    const key = bracketKey(runs[i]!);
    let j = i + 1;
    while (j < runs.length && key !== null && bracketKey(runs[j]!) === key) j++;
    const words = runs.slice(i, j).map((run, k) => <Words key={k} run={run} decision={decision} look={look} />);
    out.push(
      key ? (
        <span key={i} className="import-bracket" data-testid="import-bracket">
          <span className="import-bracket__mark">[</span>
          {words}
          <span className="import-bracket__mark">]</span>
        </span>
      ) : (
        <span key={i}>{words}</span>
      ),
    );
    i = j;
  }
  return <>{out}</>;
}

function Words({ run, decision, look }: { run: DraftRun; decision: Decision; look: (key: string) => ProposalLook }) {
  if (run.deletion !== undefined && decision === 'accept') return null;
  let words: ReactNode = run.italic ? <em>{run.text}</em> : run.text;
  const style = (key: string): CSSProperties | undefined => {
    const color = look(key).color;
    // The text tone keeps 4.5:1 on paper whatever the delegation's colour (shared/colors.ts).
    return color ? (delegationVars(color) as CSSProperties) : undefined;
  };
  if (run.deletion !== undefined) {
    words = (
      <del className="import-proposal" style={style(run.deletion)} title={`Proposed for deletion by ${look(run.deletion).title}`} data-testid="import-deletion">
        {words}
      </del>
    );
  }
  if (run.insertion !== undefined && decision !== 'accept') {
    words = (
      <ins className="import-proposal" style={style(run.insertion)} title={`Proposed by ${look(run.insertion).title}`} data-testid="import-insertion">
        {words}
      </ins>
    );
  }
  return <>{words}</>;
}
