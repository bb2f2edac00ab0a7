import { css } from 'lit';
import { controlStyles } from '../shared/controls.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

/** Styles of `<reverify-factors>`: the offer, the QR code and the confirm form. */
const ownStyles = css`
  :host {
    width: 100%;
  }
  .base {
    display: grid;
    gap: 10px;
    justify-items: stretch;
    text-align: center;
  }
  h3 {
    margin: 0;
    font-size: 1rem;
  }
  .qr {
    justify-self: center;
    width: min(200px, 60vw);
    aspect-ratio: 1;
    padding: 8px;
    border-radius: 12px;
    background: #fff;
  }
  code {
    overflow-wrap: anywhere;
    font-size: 0.85rem;
  }
  form {
    display: flex;
    gap: 8px;
  }
  .added {
    color: var(--reverify-success);
    font-weight: 600;
  }
`;

/** Styles of `<reverify-factors>`: the shared theme and controls, then its own. */
export const styles = [themeStyles, controlStyles, ownStyles];
