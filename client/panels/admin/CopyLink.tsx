import { useId, useRef, useState } from 'react';

type Copied = 'idle' | 'copied' | 'manual';

/**
 * A link shown in a read-only field with a Copy button. Where the browser refuses the clipboard (an
 * insecure origin, a denied permission) the field's text is selected and the page says to copy it by hand.
 */
export function CopyLink({ label, link, testId }: { label: string; link: string; testId?: string }) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<Copied>('idle');

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setCopied('copied');
    } catch {
      field.current?.focus();
      field.current?.select();
      setCopied('manual');
    }
  };

  return (
    <div className="copy-link" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <div className="copy-link__row">
        <input id={id} ref={field} className="copy-link__field" value={link} readOnly onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p className="copy-link__note" role="status">
        {copied === 'copied'
          ? 'Link copied to the clipboard.'
          : copied === 'manual'
            ? 'This browser did not let the page copy: the link is selected above, copy it with Ctrl+C (⌘C on a Mac).'
            : ''}
      </p>
    </div>
  );
}
