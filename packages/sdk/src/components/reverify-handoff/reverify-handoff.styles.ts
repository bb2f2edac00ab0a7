import { css } from 'lit';
import { controlStyles } from '../shared/controls.styles.js';
import { themeStyles } from '../shared/theme.styles.js';

/** Styles of `<reverify-handoff>`; the same `--reverify-*` custom properties as `<reverify-capture>`. */
const ownStyles = css`
  .base {
    display: grid;
    gap: 14px;
    justify-items: center;
    padding: 24px;
    border-radius: var(--reverify-radius);
    background: var(--reverify-surface);
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.06), 0 12px 32px rgb(0 0 0 / 0.12);
    text-align: center;
  }
  h2 {
    margin: 0;
    font-size: 1.2rem;
  }
  .qr {
    width: min(240px, 70vw);
    aspect-ratio: 1;
    padding: 8px;
    border-radius: 12px;
    background: #fff;
  }
  .qr-placeholder {
    display: grid;
    place-items: center;
  }
  .link {
    display: flex;
    gap: 8px;
    width: 100%;
  }
  input {
    font-size: 0.85rem;
  }
  button {
    padding: 10px 16px;
  }
  .status {
    display: flex;
    gap: 10px;
    align-items: center;
    color: var(--reverify-text);
    font-weight: 600;
  }
  .status.done {
    color: var(--reverify-success);
  }
  .status.error {
    color: var(--reverify-danger);
  }
`;

/** Styles of `<reverify-handoff>`: the shared theme, then its own. */
export const styles = [themeStyles, controlStyles, ownStyles];
