import { css } from 'lit';
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
  p {
    margin: 0;
    color: var(--reverify-muted);
    line-height: 1.45;
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
    flex: 1;
    min-width: 0;
    padding: 10px 12px;
    border: 1px solid color-mix(in srgb, var(--reverify-muted) 40%, transparent);
    border-radius: 10px;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 0.85rem;
  }
  button {
    padding: 10px 16px;
  }
  button.secondary {
    background: transparent;
    color: var(--reverify-accent);
    box-shadow: inset 0 0 0 1.5px currentColor;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--reverify-accent);
    outline-offset: 2px;
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
  .spinner {
    --spinner-size: 18px;
  }
`;

/** Styles of `<reverify-handoff>`: the shared theme, then its own. */
export const styles = [themeStyles, ownStyles];
