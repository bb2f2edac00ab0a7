import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

/** Styles of `<reverify-capture>`; every colour and size is a `--reverify-*` custom property. */
const ownStyles = css`
  .base {
    position: relative;
    overflow: hidden;
    aspect-ratio: var(--reverify-aspect);
    border-radius: var(--reverify-radius);
    background: #0b0f19;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.06), 0 12px 32px rgb(0 0 0 / 0.12);
    isolation: isolate;
  }
  .base:focus {
    /* Focused only to carry a screen reader along; it is not a control. */
    outline: none;
  }
  video,
  .preview {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  video {
    transform: scaleX(-1);
  }
  .preview.mirrored {
    transform: scaleX(-1);
  }
  .overlay {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .oval {
    fill: none;
    stroke: rgb(255 255 255 / 0.85);
    stroke-width: 3;
    vector-effect: non-scaling-stroke;
    transition: stroke 200ms ease;
  }
  .oval.holding {
    stroke: var(--reverify-accent);
  }
  .oval.ready {
    stroke: var(--reverify-success);
  }
  .ring {
    fill: none;
    stroke: var(--reverify-success);
    stroke-width: 6;
    stroke-linecap: round;
    vector-effect: non-scaling-stroke;
    transition: stroke-dashoffset 120ms linear;
  }
  .guidance {
    position: absolute;
    inset-inline: 16px;
    bottom: 18px;
    margin: 0;
    padding: 10px 16px;
    border-radius: 999px;
    background: rgb(17 24 39 / 0.78);
    color: #fff;
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.3;
    text-align: center;
    backdrop-filter: blur(6px);
  }
  /* With buttons at the bottom, the instruction moves to the top, clear of the oval's chin. */
  .base.actions .guidance {
    bottom: auto;
    top: 14px;
  }
  .base.actions.picker-shown .guidance {
    top: 60px;
  }
  .guidance.done {
    /* Darkened so white text keeps 4.5:1 contrast with any success colour. */
    background: color-mix(in srgb, var(--reverify-success) 70%, black);
  }
  .challenge-arrow {
    position: absolute;
    top: 42%;
    width: 56px;
    height: 56px;
    color: #fff;
    filter: drop-shadow(0 2px 6px rgb(0 0 0 / 0.5));
    animation: reverify-nudge 1.1s ease-in-out infinite;
  }
  .challenge-arrow.left {
    left: 10px;
    --reverify-nudge: -8px;
  }
  .challenge-arrow.right {
    right: 10px;
    transform: scaleX(-1);
    --reverify-nudge: 8px;
  }
  @keyframes reverify-nudge {
    50% {
      translate: var(--reverify-nudge) 0;
    }
  }
  .toolbar {
    position: absolute;
    inset-inline: 12px;
    top: 12px;
    display: flex;
    justify-content: flex-end;
    gap: 8px;
  }
  .picker {
    max-width: 60%;
    padding: 6px 10px;
    border: 0;
    border-radius: 999px;
    background: rgb(17 24 39 / 0.7);
    color: #fff;
    font: inherit;
    font-size: 0.875rem;
  }
  .screen {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 14px;
    padding: 28px;
    background: var(--reverify-surface);
    color: var(--reverify-text);
    text-align: center;
  }
  .screen.over-video {
    background: var(--reverify-overlay);
    color: #fff;
  }
  .screen h2 {
    margin: 0;
    font-size: 1.35rem;
    font-weight: 700;
  }
  .screen p {
    margin: 0;
    max-width: 34ch;
    color: inherit;
    opacity: 0.85;
    line-height: 1.5;
  }
  .note {
    font-size: 0.875rem;
    padding: 8px 12px;
    border-radius: 10px;
    background: color-mix(in srgb, var(--reverify-accent) 12%, transparent);
  }
  .icon {
    width: 56px;
    height: 56px;
    color: var(--reverify-accent);
  }
  .screen.error .icon {
    color: var(--reverify-danger);
  }
  button.secondary {
    background: rgb(255 255 255 / 0.92);
    color: #111827;
  }
  button:focus-visible,
  .picker:focus-visible {
    outline: 3px solid var(--reverify-accent);
    outline-offset: 3px;
  }
  .bottom-actions {
    position: absolute;
    inset-inline: 12px;
    bottom: 16px;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
  }
  .manual-note {
    margin: 0;
    padding: 8px 14px;
    border-radius: 12px;
    background: rgb(17 24 39 / 0.85);
    color: #fff;
    font-size: 0.9rem;
    line-height: 1.35;
    text-align: center;
  }
  .screen.over-video.busy {
    background: rgb(17 24 39 / 0.8);
  }
  .screen .progress-text {
    font-size: 1.2rem;
    font-weight: 600;
    opacity: 1;
  }
  .screen .hint {
    font-weight: 600;
    opacity: 1;
  }
  .screen.result .icon {
    width: 64px;
    height: 64px;
  }
  .screen.result.approved .icon {
    color: var(--reverify-success);
  }
  .screen.result.rejected .icon {
    color: var(--reverify-danger);
  }
  .screen h2:focus,
  .screen p:focus {
    outline: none;
  }
  @media (prefers-reduced-motion: reduce) {
    .oval,
    .ring {
      transition: none;
    }
    .challenge-arrow {
      animation: none;
    }
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** Styles of `<reverify-capture>`: the shared theme, then its own. */
export const styles = [themeStyles, ownStyles];
