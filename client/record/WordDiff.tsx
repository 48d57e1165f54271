import type { WordChange } from '../../shared/compare.js';

/**
 * A paragraph's words as they changed: <ins> for inserted words, <del> for deleted ones, so the
 * change reads without colour too (underlined, struck through) and assistive technology can name it.
 * `show`: both (inline), or one side: the older text with its deletions, the newer with its insertions.
 */
export function WordDiff({ words, show }: { words: readonly WordChange[]; show: 'both' | 'from' | 'to' }) {
  return (
    <>
      {words.map((w, i) => {
        if (w.op === 'equal') return <span key={i}>{w.text}</span>;
        if (w.op === 'insert') return show === 'from' ? null : <ins key={i}>{w.text}</ins>;
        return show === 'to' ? null : <del key={i}>{w.text}</del>;
      })}
    </>
  );
}
