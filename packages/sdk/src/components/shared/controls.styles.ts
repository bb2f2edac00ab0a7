import { css } from 'lit';

/**
 * The form controls of the card-like elements (`<reverify-handoff>`,
 * `<reverify-methods>`, `<reverify-factors>`): the outlined secondary
 * button, the text field and the focus ring.
 */
export const controlStyles = css`
  input {
    flex: 1;
    min-width: 0;
    padding: 10px 12px;
    border: 1px solid color-mix(in srgb, var(--reverify-muted) 40%, transparent);
    border-radius: 10px;
    background: transparent;
    color: inherit;
    font: inherit;
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
  p {
    margin: 0;
    color: var(--reverify-muted);
    line-height: 1.45;
  }
  .alert {
    color: var(--reverify-danger);
    font-weight: 600;
  }
  .spinner {
    --spinner-size: 18px;
  }
`;
