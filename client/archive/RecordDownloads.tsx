import { EXPORT_FORMATS, type ExportFormat } from '../../shared/formats.js';
import { exportUrl } from './api.js';
import './archive.css';

/** What each format is for, to an archivist: the formats themselves (and their order) are shared/formats.ts's. */
const USE: Record<ExportFormat, { name: string; use: string }> = {
  pdf: { name: 'PDF', use: 'To print, circulate and file' },
  docx: { name: 'Word', use: 'To reuse the text in a new document' },
  html: { name: 'Web page', use: 'To publish on a website' },
  md: { name: 'Markdown', use: 'For repositories and wikis' },
  txt: { name: 'Plain text', use: 'The canonical text: its SHA-256 is the hash below' },
  json: { name: 'JSON', use: 'Structured data, paragraph by paragraph' },
  akn: { name: 'Akoma Ntoso', use: 'The legal XML standard (OASIS LegalDocML)' },
};

/** The adopted text in every format the server exports; each is the clean text, as adopted. */
export function RecordDownloads({ documentId }: { documentId: string }) {
  return (
    <section className="panel record-panel" aria-labelledby="record-downloads-title">
      <h2 id="record-downloads-title">Download the adopted text</h2>
      <ul className="record-downloads">
        {EXPORT_FORMATS.map((d) => (
          <li key={d.format}>
            <a className="record-download" href={exportUrl(documentId, d.format)} download data-testid={`record-download-${d.format}`}>
              <span className="record-download__format">{d.extension.split('.').at(-1)!.toUpperCase()}</span>
              <span className="record-download__what">
                <span className="record-download__name">{USE[d.format].name}</span>
                <span className="record-download__use">{USE[d.format].use}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
