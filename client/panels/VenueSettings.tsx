import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/api/index.js';
import { COMMON_LANGUAGES } from '../../shared/language.js';
import { DEFAULT_TIME_ZONE, offsetName } from '../../shared/time.js';
import { api } from '../api.js';
import { Field, FormError, useSubmission } from '../forms.js';
import { Dialog } from '../record/ui.js';

/**
 * Where a text is negotiated, in what language, under which organisation: the venue's time zone (in
 * which every date and deadline is entered and shown), the language of the text (which the exports
 * state, and which sets right-to-left for Arabic), and the organisation (Akoma Ntoso's authority).
 * The secretariat sets them with the venue when it creates the document; it and the chair may change them.
 */

/** The zones the runtime knows, for the time zone field's suggestions. */
function timeZones(): string[] {
  const withValues = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return withValues.supportedValuesOf?.('timeZone') ?? [DEFAULT_TIME_ZONE];
}

export interface VenueValues {
  timeZone: string;
  language: string;
  organisation: string;
}

/** The three fields, for the new-document form and the settings dialog. */
export function VenueFields({ values, onChange, errors }: {
  values: VenueValues;
  onChange: (values: VenueValues) => void;
  errors: Partial<Record<keyof VenueValues, string>>;
}) {
  const zone = values.timeZone.trim();
  let hint = 'Dates and deadlines are entered and shown in it.';
  try {
    if (zone) hint = `Now ${offsetName(new Date(), zone)}. ${hint}`;
  } catch {
    // An unknown zone: the server says so when the form is sent.
  }
  return (
    <div className="form__row">
      <Field label="Time zone of the venue" error={errors.timeZone} className="field--grow" hint={hint}>
        {(p) => (
          <>
            <input
              {...p}
              data-testid="venue-time-zone"
              list="accord-time-zones"
              value={values.timeZone}
              placeholder="UTC"
              onChange={(e) => onChange({ ...values, timeZone: e.target.value })}
            />
            <datalist id="accord-time-zones">
              {timeZones().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Language of the text" error={errors.language}>
        {(p) => (
          <select {...p} data-testid="venue-language" value={values.language} onChange={(e) => onChange({ ...values, language: e.target.value })}>
            {COMMON_LANGUAGES.some((l) => l.code === values.language) ? null : <option value={values.language}>{values.language}</option>}
            {COMMON_LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Organisation" error={errors.organisation} hint="A short code: un, asean, osce.">
        {(p) => (
          <input {...p} data-testid="venue-organisation" value={values.organisation} placeholder="un" onChange={(e) => onChange({ ...values, organisation: e.target.value })} />
        )}
      </Field>
    </div>
  );
}

/** "Ulaanbaatar · Asia/Ulaanbaatar (UTC+08:00) · English": the document's place and language at a glance. */
export function venueSummary(d: DocumentSummary): string {
  const language = COMMON_LANGUAGES.find((l) => l.code === d.language)?.name ?? d.language;
  return [d.venue, `${d.timeZone} (${offsetName(new Date(), d.timeZone)})`, language, d.organisation.toUpperCase()].filter(Boolean).join(' · ');
}

/** The secretariat's and chair's button and dialog to change the venue, its time zone, the language and organisation. */
export function VenueSetting({ document: d, onChanged }: { document: DocumentSummary; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [venue, setVenue] = useState(d.venue ?? '');
  const [values, setValues] = useState<VenueValues>({ timeZone: d.timeZone, language: d.language, organisation: d.organisation });
  const form = useSubmission(['venue', 'timeZone', 'language', 'organisation']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      await api.setSettings(d.id, { venue: venue.trim() || null, timeZone: values.timeZone.trim() || DEFAULT_TIME_ZONE, language: values.language, organisation: values.organisation.trim() || 'un' });
      setOpen(false);
      onChanged();
    });
  };

  return (
    <div className="setting">
      <button
        type="button"
        className="button button--small"
        data-testid="venue-setting"
        title={venueSummary(d)}
        onClick={() => {
          setVenue(d.venue ?? '');
          setValues({ timeZone: d.timeZone, language: d.language, organisation: d.organisation });
          setOpen(true);
        }}
      >
        {d.timeZone === DEFAULT_TIME_ZONE ? 'Venue & time zone' : `${d.timeZone.split('/').at(-1)!.replace(/_/g, ' ')} time`}
      </button>
      {open ? (
        <Dialog title="Venue, time zone and language" onClose={() => setOpen(false)} testId="venue-dialog">
          <form className="form record-dialog__form" onSubmit={submit} noValidate>
            <Field label="Venue" error={form.fieldErrors.venue}>
              {(p) => <input {...p} data-testid="venue-name" value={venue} placeholder="Ulaanbaatar, Mongolia" onChange={(e) => setVenue(e.target.value)} />}
            </Field>
            <VenueFields values={values} onChange={setValues} errors={form.fieldErrors} />
            <FormError message={form.error} />
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button type="submit" className="button button--primary" data-testid="venue-save" disabled={form.busy}>
                Save
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
    </div>
  );
}
