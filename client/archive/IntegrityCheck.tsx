import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { sha256Hex } from './api.js';
import './archive.css';

type Verification =
  | { state: 'idle' }
  | { state: 'working'; fileName: string }
  | { state: 'done'; fileName: string; hash: string; matches: boolean }
  | { state: 'failed'; message: string };

/** crypto.subtle exists only on secure pages (HTTPS, or localhost). */
const canDigest = typeof window !== 'undefined' && window.isSecureContext && typeof crypto !== 'undefined' && 'subtle' in crypto;

/**
 * The record's fingerprint: the SHA-256 of the plain-text download. Anyone holding a copy can check it
 * here, in the browser (the file is never uploaded), or with sha256sum on their own machine.
 */
export function IntegrityCheck({ hash }: { hash: string }) {
  const [verification, setVerification] = useState<Verification>({ state: 'idle' });
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const hashRef = useRef<HTMLElement>(null);
  const run = useRef(0);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(null), 2500);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(hash);
      setCopied('copied');
    } catch {
      // No clipboard (an insecure page, or permission refused): select the hash for Ctrl+C instead.
      const node = hashRef.current;
      const selection = window.getSelection();
      if (node && selection) {
        const range = document.createRange();
        range.selectNodeContents(node);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setCopied('failed');
    }
  };

  const verify = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared, so that choosing the same file again (after editing it) checks it again.
    event.target.value = '';
    if (!file) return;
    const mine = ++run.current;
    setVerification({ state: 'working', fileName: file.name });
    try {
      const computed = await sha256Hex(await file.arrayBuffer());
      if (mine !== run.current) return; // a later file was chosen meanwhile
      setVerification({ state: 'done', fileName: file.name, hash: computed, matches: computed === hash.toLowerCase() });
    } catch {
      if (mine !== run.current) return;
      setVerification({ state: 'failed', message: `${file.name} could not be read. Choose the file again.` });
    }
  };

  return (
    <section className="panel record-panel record-integrity" aria-labelledby="record-integrity-title" data-testid="record-hash">
      <h2 id="record-integrity-title">Integrity</h2>
      <p className="record-panel__lead">
        The SHA-256 of the plain-text download (.txt) of the adopted text. A copy with this fingerprint is the adopted text, character
        for character.
      </p>
      <div className="record-hash">
        <code className="record-hash__value" ref={hashRef} data-testid="record-hash-value">
          {hash}
        </code>
        <button type="button" className="button button--small record-hash__copy" onClick={() => void copy()} data-testid="record-hash-copy">
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="record-hash__status" role="status">
        {copied === 'copied' ? 'The hash is on the clipboard.' : copied === 'failed' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>

      <h3 className="record-panel__subheading">Verify a copy</h3>
      {canDigest ? (
        <>
          <label className="record-verify">
            <span className="record-verify__label">Choose a plain-text copy (.txt) to check</span>
            <input type="file" onChange={(e) => void verify(e)} data-testid="record-verify-input" />
          </label>
          <p className="field__hint">The file is read by your browser only; it is not uploaded.</p>
        </>
      ) : (
        <p className="field__hint">This page is not served over HTTPS, so the browser cannot compute the hash here. Use the command below.</p>
      )}
      <VerificationResult verification={verification} />
      <p className="record-verify__cli">
        Or on the command line: <code>sha256sum FILE</code>
        <span className="muted"> (macOS: </span>
        <code>shasum -a 256 FILE</code>
        <span className="muted">), and compare with the hash above.</span>
      </p>
    </section>
  );
}

function VerificationResult({ verification: v }: { verification: Verification }) {
  if (v.state === 'idle') return null;
  if (v.state === 'working') {
    return (
      <p className="record-verify__result" role="status">
        Computing the SHA-256 of {v.fileName}…
      </p>
    );
  }
  if (v.state === 'failed') {
    return (
      <p className="record-verify__result record-verify__result--negative" role="alert" data-testid="record-verify-result">
        {v.message}
      </p>
    );
  }
  return (
    <div
      className={`record-verify__result record-verify__result--${v.matches ? 'positive' : 'negative'}`}
      role="status"
      data-testid="record-verify-result"
      data-matches={v.matches ? 'true' : 'false'}
    >
      <p className="record-verify__verdict">
        <span className="record-verify__mark" aria-hidden="true">
          {v.matches ? '✓' : '✗'}
        </span>
        {v.matches ? 'Matches the adopted text' : 'Does not match: this file differs from the adopted text'}
      </p>
      <p className="record-verify__detail">
        <span className="record-verify__file">{v.fileName}</span>
        <code>{v.hash}</code>
      </p>
    </div>
  );
}
