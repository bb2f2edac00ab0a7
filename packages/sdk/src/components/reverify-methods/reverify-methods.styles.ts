import { css } from 'lit';
import { controlStyles } from '../shared/controls.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

/** Styles of `<reverify-methods>`: a column of choices, or one code form. */
const ownStyles = css`
  :host {
    width: 100%;
  }
  .base {
    display: grid;
    gap: 12px;
    justify-items: stretch;
    text-align: center;
  }
  h2 {
    margin: 0 0 4px;
    font-size: 1.2rem;
  }
  .choice {
    display: grid;
    gap: 2px;
  }
  .choice small {
    font-weight: 400;
    opacity: 0.85;
  }
  form {
    display: grid;
    gap: 10px;
  }
  label {
    display: grid;
    gap: 6px;
    font-weight: 600;
    text-align: start;
  }
  input {
    font-size: 1.3rem;
    letter-spacing: 0.3em;
    text-align: center;
  }
  .busy {
    display: flex;
    gap: 10px;
    align-items: center;
    justify-content: center;
  }
`;

/** Styles of `<reverify-methods>`: the shared theme and controls, then its own. */
export const styles = [themeStyles, controlStyles, ownStyles];
