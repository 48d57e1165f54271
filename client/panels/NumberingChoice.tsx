import { NUMBERING_CHOICES, NUMBERING_STYLES, type NumberingStyle } from '../../shared/labels.js';

/** How the final text is numbered, as radio buttons: the styles and their words come from shared/labels.ts. */
export function NumberingChoice({ name, value, onChange, error, testIdPrefix }: {
  name: string;
  value: NumberingStyle;
  onChange: (style: NumberingStyle) => void;
  error: string | undefined;
  /** "import-numbering" gives each radio the test id "import-numbering-un", "import-numbering-all". */
  testIdPrefix?: string;
}) {
  return (
    <fieldset className="field choice">
      <legend>Numbering in the final text</legend>
      {NUMBERING_STYLES.map((style) => (
        <label className="choice__option" key={style}>
          <input
            type="radio"
            name={name}
            value={style}
            checked={value === style}
            onChange={() => onChange(style)}
            {...(testIdPrefix ? { 'data-testid': `${testIdPrefix}-${style}` } : {})}
          />
          <span>
            <strong>{NUMBERING_CHOICES[style].label}</strong>
            <span className="muted">{NUMBERING_CHOICES[style].hint}</span>
          </span>
        </label>
      ))}
      {error ? <p className="field__error">{error}</p> : null}
    </fieldset>
  );
}
