/**
 * The colour of a mark, a caret or a name whose author is in no delegation, or whose delegation's
 * colour is unknown: a neutral slate. The client's stylesheets restate it once, as
 * --delegation-neutral in client/styles/tokens.css, for the CSS fallbacks of var(--delegation-color).
 */
export const NEUTRAL_COLOR = '#5b6470';
