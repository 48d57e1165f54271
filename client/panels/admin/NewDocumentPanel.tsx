import { useState, type FormEvent } from 'react';
import type { NumberingStyle } from '../../../shared/labels.js';
import { api } from '../../api.js';
import { Field, FormError, useSubmission } from '../../forms.js';
import { Link } from '../../router.js';
import { VenueFields, type VenueValues } from '../VenueSettings.js';
import { NumberingChoice } from '../NumberingChoice.js';

export function NewDocumentPanel({ onCreated }: { onCreated: (id: string) => void }) {
  const [title, setTitle] = useState('');
  const [symbol, setSymbol] = useState('');
  const [venue, setVenue] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [numbering, setNumbering] = useState<NumberingStyle>('un');
  const [place, setPlace] = useState<VenueValues>({ timeZone: 'UTC', language: 'en', organisation: 'un' });
  const [created, setCreated] = useState<{ id: string; title: string } | null>(null);
  const submission = useSubmission(['title', 'symbol', 'venue', 'startsOn', 'endsOn', 'numbering', 'timeZone', 'language', 'organisation']);
  const { fieldErrors } = submission;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    void submission.run(async () => {
      const { document } = await api.createDocument({
        title,
        symbol,
        venue,
        startsOn,
        endsOn,
        numbering,
        timeZone: place.timeZone.trim() || 'UTC',
        language: place.language,
        organisation: place.organisation.trim() || 'un',
      });
      setCreated({ id: document.id, title: document.title });
      setTitle('');
      setSymbol('');
      setVenue('');
      setStartsOn('');
      setEndsOn('');
      onCreated(document.id);
    });
  };

  return (
    <section className="panel" id="new-document" aria-labelledby="new-document-title" data-testid="new-document-panel">
      <h2 id="new-document-title">New document</h2>
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Title" error={fieldErrors.title}>
          {(p) => (
            <input
              {...p}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              placeholder="Joint Statement of the ASEAN Ministerial Meeting on Transnational Crime"
            />
          )}
        </Field>
        <div className="form__row">
          <Field label="Symbol" error={fieldErrors.symbol} className="field--grow" hint="Optional.">
            {(p) => <input {...p} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="SOMTC/2019/L.1" />}
          </Field>
          <Field label="Venue" error={fieldErrors.venue} className="field--grow" hint="Optional.">
            {(p) => <input {...p} value={venue} onChange={(e) => setVenue(e.target.value)} placeholder="Kuala Lumpur" />}
          </Field>
        </div>
        <VenueFields values={place} onChange={setPlace} errors={fieldErrors} />
        <div className="form__row">
          <Field label="Opens on" error={fieldErrors.startsOn} className="field--grow">
            {(p) => <input {...p} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />}
          </Field>
          <Field label="Closes on" error={fieldErrors.endsOn} className="field--grow">
            {(p) => <input {...p} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />}
          </Field>
        </div>
        <NumberingChoice name="numbering" value={numbering} onChange={setNumbering} error={fieldErrors.numbering} />
        <FormError message={submission.error} />
        {created ? (
          <p className="form-success" role="status">
            Created <Link to={`/documents/${encodeURIComponent(created.id)}`}>{created.title}</Link>. Add its members below.
          </p>
        ) : null}
        <button className="button button--primary" type="submit" disabled={submission.busy}>
          Create document
        </button>
      </form>
    </section>
  );
}
