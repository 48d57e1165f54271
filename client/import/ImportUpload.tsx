import { useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { MAX_IMPORT_BYTES } from '../../shared/limits.js';
import { ApiRequestError, errorMessage } from '../api.js';
import { importApi, type ImportPreview } from './api.js';

const DOCX_TYPES = '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Step 1 of an import: the Word file goes to the server, which reads it and answers a preview. */
export function ImportUpload({ onRead }: { onRead: (preview: ImportPreview, fileName: string) => void }) {
  const [reading, setReading] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; status: number } | null>(null);
  const [dragging, setDragging] = useState(false);
  const run = useRef(0);

  const read = async (file: File) => {
    const mine = ++run.current;
    setError(null);
    setReading(file.name);
    try {
      const { preview, fileName } = await importApi.preview(file);
      if (mine === run.current) onRead(preview, fileName);
    } catch (caught) {
      if (mine === run.current) setError({ message: errorMessage(caught), status: caught instanceof ApiRequestError ? caught.status : 0 });
    } finally {
      if (mine === run.current) setReading(null);
    }
  };

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared, so that choosing the same file again (after fixing it in Word) reads it again.
    event.target.value = '';
    if (file) void read(file);
  };

  const drop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !reading) void read(file);
  };

  return (
    <section className="panel import-upload" aria-labelledby="import-upload-title">
      <h2 id="import-upload-title">1. Choose the Word file</h2>
      <p className="import-upload__lead">
        Accord reads the title, the opening formula (“We, the Ministers…”), the preambular paragraphs with their italic lead words, and
        the numbered operative paragraphs with their (a), (b) sub-paragraphs. A compilation text keeps its labels (OP4bis), its square
        brackets and its tracked changes, which you accept or keep as proposals. You check what was read before anything is created.
      </p>
      <label
        className={`import-drop${dragging ? ' is-dragging' : ''}${reading ? ' is-busy' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <svg className="import-drop__icon" viewBox="0 0 32 32" aria-hidden="true">
          <path d="M9 4h10l6 6v18H9z" />
          <path d="M19 4v6h6" />
          <path d="M13 16l1.5 7L16 18l1.5 5L19 16" />
        </svg>
        {reading ? (
          <span className="import-drop__text" role="status">
            Reading <strong>{reading}</strong>…
          </span>
        ) : (
          <span className="import-drop__text">
            <strong>Choose a .docx file</strong> or drop it here
            <span className="muted">Word 2007 or later, up to {MAX_IMPORT_BYTES / 1024 / 1024} MB</span>
          </span>
        )}
        <input className="import-drop__input" type="file" accept={DOCX_TYPES} onChange={choose} disabled={Boolean(reading)} data-testid="import-file" />
      </label>
      {error ? (
        <div className="import-error" role="alert" data-testid="import-error">
          <p className="import-error__title">The file could not be imported</p>
          <p className="import-error__message">{error.message}</p>
          {hint(error.status) ? <p className="import-error__hint">{hint(error.status)}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/** What to do about a refused file, where the message alone does not say it. */
function hint(status: number): string | null {
  if (status === 413) return 'Remove large images or embedded files in Word, save it, and choose it again.';
  return null;
}
