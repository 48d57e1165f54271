import type { ArchiveRecordDetail } from '../../shared/api/index.js';
import './archive.css';

type Paragraph = ArchiveRecordDetail['paragraphs'][number];

/** Lead words and the rest join with a space, unless the rest starts with punctuation ("Recalling, …"). */
function joiner(text: string): string {
  return /^[,.;:)]/.test(text) ? '' : ' ';
}

/**
 * The adopted text set as the document was circulated: the title, the opening formula, preambular
 * paragraphs with their lead words in italics, operative paragraphs with their numbers hanging in the
 * margin, and lettered sub-paragraphs indented below them. Numbers are the ones it was adopted with.
 */
export function RecordText({ record }: { record: ArchiveRecordDetail }) {
  const firstOperative = record.paragraphs.findIndex((p) => p.kind === 'operative');
  return (
    <div className="record-paper">
      <div className="record-paper__masthead" aria-hidden="true">
        <span>Adopted text</span>
        <span className="record-paper__symbol">{record.symbol}</span>
      </div>
      <article className="record-text" data-testid="record-text" lang="en">
        <h2 className="record-text__title">{record.title}</h2>
        {record.formula ? <p className="record-text__formula">{record.formula}</p> : null}
        {record.paragraphs.map((paragraph, index) => (
          <RecordParagraph key={index} paragraph={paragraph} opensOperativePart={index === firstOperative && index > 0} />
        ))}
      </article>
    </div>
  );
}

function RecordParagraph({ paragraph, opensOperativePart }: { paragraph: Paragraph; opensOperativePart: boolean }) {
  const classes = [
    'record-para',
    `record-para--${paragraph.kind}`,
    paragraph.number ? 'record-para--numbered' : 'record-para--unnumbered',
    opensOperativePart ? 'record-para--opens-operative' : '',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <p className="record-para__text">
        {paragraph.number ? <span className="record-para__number">{paragraph.number}</span> : null}
        {paragraph.lead ? (
          <>
            <em>{paragraph.lead}</em>
            {paragraph.text ? joiner(paragraph.text) : ''}
          </>
        ) : null}
        {paragraph.text}
      </p>
      {paragraph.subparagraphs.map((sub) => (
        <p className="record-para__sub" key={sub.letter}>
          <span className="record-para__letter">{sub.letter}</span>
          {sub.text}
        </p>
      ))}
    </div>
  );
}
