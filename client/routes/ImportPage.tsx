import { useState } from 'react';
import { Link, navigate } from '../router.js';
import type { ImportPreview } from '../import/api.js';
import { ImportUpload } from '../import/ImportUpload.js';
import { ImportReview } from '../import/ImportReview.js';
import '../archive/archive.css';
import '../import/import.css';

type Step = { step: 'upload' } | { step: 'review'; preview: ImportPreview; fileName: string; generation: number };

/**
 * The secretariat imports the zero draft it circulated as a Word file (or a compilation text, with its
 * tracked changes and brackets): upload, check, create.
 */
export function ImportPage() {
  const [state, setState] = useState<Step>({ step: 'upload' });

  return (
    <div className="page page--wide import-page">
      <nav className="record-page__back" aria-label="Breadcrumb">
        <Link to="/admin">Administration</Link>
        <span aria-hidden="true"> / </span>
        <span>Import</span>
      </nav>
      <header className="page__header">
        <div>
          <h1>Import a zero draft from Word</h1>
          <p className="page__lead">
            Upload the .docx the secretariat circulated; check the paragraphs Accord read from it, and decide what becomes of its tracked
            changes; create the document for negotiation.
          </p>
        </div>
        {state.step === 'upload' ? (
          <Link className="button button--ghost" to="/admin" data-testid="import-cancel">
            Cancel
          </Link>
        ) : null}
      </header>
      {state.step === 'upload' ? (
        <ImportUpload onRead={(preview, fileName) => setState({ step: 'review', preview, fileName, generation: Date.now() })} />
      ) : (
        <ImportReview
          // A new file is a new review: nothing of the previous one's corrections carries over.
          key={state.generation}
          preview={state.preview}
          fileName={state.fileName}
          onCreated={(id) => navigate(`/documents/${encodeURIComponent(id)}`)}
          onRestart={() => setState({ step: 'upload' })}
        />
      )}
    </div>
  );
}
