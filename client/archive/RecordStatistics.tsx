import type { ArchiveStatistics } from '../../shared/api/index.js';
import './archive.css';

/** How much negotiation the text took: threads resolved, amendments decided per delegation, revisions. */
export function RecordStatistics({ statistics }: { statistics: ArchiveStatistics }) {
  const { threads, amendments, revisions } = statistics;
  const totals = amendments.reduce(
    (sum, row) => ({ accepted: sum.accepted + row.accepted, rejected: sum.rejected + row.rejected, withdrawn: sum.withdrawn + row.withdrawn }),
    { accepted: 0, rejected: 0, withdrawn: 0 },
  );
  const decided = totals.accepted + totals.rejected + totals.withdrawn;
  return (
    <section className="record-section" aria-labelledby="record-stats-title" data-testid="record-stats">
      <h2 id="record-stats-title" className="record-section__title">
        The negotiation in figures
      </h2>
      <dl className="record-figures">
        <div className="record-figure">
          <dt>Discussion threads resolved</dt>
          <dd>
            {threads.total ? (
              <>
                <strong>{threads.resolved}</strong> of {threads.total}
              </>
            ) : (
              <>
                <strong>0</strong> (none opened)
              </>
            )}
          </dd>
        </div>
        <div className="record-figure">
          <dt>Amendments decided</dt>
          <dd>
            <strong>{decided}</strong>
          </dd>
        </div>
        <div className="record-figure">
          <dt>Revisions issued</dt>
          <dd>
            <strong>{revisions}</strong>
          </dd>
        </div>
      </dl>
      {amendments.length ? (
        <table className="table record-amendments">
          <caption className="visually-hidden">Amendments by proposing delegation</caption>
          <thead>
            <tr>
              <th scope="col">Proposed by</th>
              <th scope="col" className="record-amendments__num">
                Accepted
              </th>
              <th scope="col" className="record-amendments__num">
                Rejected
              </th>
              <th scope="col" className="record-amendments__num">
                Withdrawn
              </th>
            </tr>
          </thead>
          <tbody>
            {amendments.map((row) => (
              <tr key={row.delegation}>
                <th scope="row">{row.delegation}</th>
                <td className="record-amendments__num">{row.accepted}</td>
                <td className="record-amendments__num">{row.rejected}</td>
                <td className="record-amendments__num">{row.withdrawn}</td>
              </tr>
            ))}
          </tbody>
          {amendments.length > 1 ? (
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="record-amendments__num">{totals.accepted}</td>
                <td className="record-amendments__num">{totals.rejected}</td>
                <td className="record-amendments__num">{totals.withdrawn}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      ) : (
        <p className="muted">No amendment was put to a decision.</p>
      )}
    </section>
  );
}
