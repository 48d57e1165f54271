import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Tokens first: every stylesheet reads them. The features' own sheets (client/record, client/archive)
// come in with app.js; these, imported after it, keep winning ties over them, as the one styles.css they were split from did.
import './styles/tokens.css';
import './styles/tag.css';
import { App, startFromAddress } from './app.js';
import './styles/base.css';
import './styles/buttons.css';
import './styles/badges.css';
import './styles/top-bar.css';
import './styles/pages.css';
import './styles/documents.css';
import './styles/forms.css';
import './styles/sign-in.css';
import './styles/admin.css';
import './styles/document-page.css';
import './styles/declaration.css';
import './styles/participants.css';
import './styles/narrow.css';
import './styles/document-views.css';
import './styles/text-marks.css';
import './styles/side-panel.css';
import './styles/toasts.css';
import './styles/discussion-desk.css';
import './styles/amendment-marks.css';
import './styles/editing-phase.css';
import './styles/amendments.css';

// A document's address: its code, details and text start loading now, alongside the session.
startFromAddress();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
