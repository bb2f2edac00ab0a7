import { css } from 'lit';

/**
 * The theme every Reverify element shares: the `--reverify-*` custom
 * properties with light and dark defaults, the host box, the font, the
 * accent button and the busy spinner (sized by `--spinner-size`).
 */
export const themeStyles = css`
  :host {
    --reverify-accent: #4f46e5;
    --reverify-success: #15803d;
    --reverify-danger: #dc2626;
    --reverify-surface: #ffffff;
    --reverify-text: #111827;
    --reverify-muted: #4b5563;
    --reverify-overlay: rgb(17 24 39 / 0.62);
    --reverify-radius: 20px;
    --reverify-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --reverify-aspect: 3 / 4;
    --reverify-max-width: 440px;
    display: block;
    max-width: var(--reverify-max-width);
    margin-inline: auto;
    color: var(--reverify-text);
    font-family: var(--reverify-font);
    -webkit-font-smoothing: antialiased;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --reverify-accent: #818cf8;
      --reverify-success: #4ade80;
      --reverify-danger: #f87171;
      --reverify-surface: #111827;
      --reverify-text: #f9fafb;
      --reverify-muted: #9ca3af;
    }
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  button {
    min-height: 44px;
    padding: 10px 22px;
    border: 0;
    border-radius: 999px;
    background: var(--reverify-accent);
    color: #fff;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .spinner {
    --spinner-size: 40px;
    width: var(--spinner-size);
    height: var(--spinner-size);
    border: calc(var(--spinner-size) / 10) solid rgb(127 127 127 / 0.25);
    border-top-color: var(--reverify-accent);
    border-radius: 50%;
    animation: spin 900ms linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
`;
