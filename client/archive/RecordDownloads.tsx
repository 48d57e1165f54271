import { exportUrl, type ExportFormat } from './api.js';
import './archive.css';

const DOWNLOADS: { format: ExportFormat; name: string; extension: string; use: string }[] = [
  { format: 'pdf', name: 'PDF', extension: '.pdf', use: 'To print, circulate and file' },
  { format: 'docx', name: 'Word', extension: '.docx', use: 'To reuse the text in a new document' },
  { format: 'txt', name: 'Plain text', extension: '.txt', use: 'The canonical text: its SHA-256 is the hash below' },
  { format: 'html', name: 'Web page', extension: '.html', use: 'To publish on a website' },
  { format: 'md', name: 'Markdown', extension: '.md', use: 'For repositories and wikis' },
  { format: 'json', name: 'JSON', extension: '.json', use: 'Structured data, paragraph by paragraph' },
  { format: 'akn', name: 'Akoma Ntoso', extension: '.xml', use: 'The legal XML standard (OASIS LegalDocML)' },
];

/** The adopted text in every format the server exports; each is the clean text, as adopted. */
export function RecordDownloads({ documentId }: { documentId: string }) {
  return (
    <section className="panel record-panel" aria-labelledby="record-downloads-title">
      <h2 id="record-downloads-title">Download the adopted text</h2>
      <ul className="record-downloads">
        {DOWNLOADS.map((d) => (
          <li key={d.format}>
            <a className="record-download" href={exportUrl(documentId, d.format)} download data-testid={`record-download-${d.format}`}>
              <span className="record-download__format">{d.extension.slice(1).toUpperCase()}</span>
              <span className="record-download__what">
                <span className="record-download__name">{d.name}</span>
                <span className="record-download__use">{d.use}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
