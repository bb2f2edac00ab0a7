import type { Challenge, ChallengeMove, ChallengeOutcome, KeyframeName } from '@reverify/contract';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  type ChallengeConfig,
  type ChallengeGuidance,
  type ChallengeState,
  DEFAULT_CHALLENGE_TUNING,
  startChallenge,
  stepChallenge,
} from '../presence/challenge.js';
import { captureFrame } from './capture-frame.js';
import { ClipRecorderController } from './clip-recorder-controller.js';
import type { AnalysedFrame } from './quality-gate-controller.js';

/** One keyframe the challenge took. */
export interface TakenKeyframe {
  readonly name: KeyframeName;
  readonly blob: Blob;
  /** Milliseconds since the session (and its challenge) arrived. */
  readonly atMs: number;
}

/** How a challenge ended and what it took. */
export interface ChallengeResult {
  readonly outcome: ChallengeOutcome;
  readonly keyframes: readonly TakenKeyframe[];
  readonly clip: Blob | null;
}

/** What a challenge runs on. */
export interface ChallengeRun {
  readonly challenge: Challenge;
  readonly video: HTMLVideoElement;
  readonly stream: MediaStream | null;
  /** The frontal frame's parallax, the baseline of every move. */
  readonly baseline: number;
  /** `performance.now()` when the session arrived. */
  readonly receivedAt: number;
  /** The clip's limits when the provider wants a video, else `null`. */
  readonly clip: { maxBytes: number; maxDurationMs: number } | null;
  readonly capture: { maxLongEdge: number; quality: number };
  /** Subscribes the challenge to the analysed frames (the quality gate's loop). */
  subscribe(onFrame: (frame: AnalysedFrame) => void): void;
  /** Called whenever the instruction changes. */
  onGuidance(code: ChallengeGuidance): void;
}

/**
 * Runs the handler's head-turn challenge on the live camera: follows each
 * frame's parallax through the pure challenge machine, takes the peak and
 * return keyframes as they happen, records the clip when the provider
 * wants one, and ends as completed, timed out or given up.
 */
export class ChallengeController implements ReactiveController {
  /** The instruction on screen while a challenge runs, else `null`. */
  guidance: ChallengeGuidance | null = null;
  /** The move being done while a challenge runs (for the arrow), else `null`. */
  move: ChallengeMove | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #recorder: ClipRecorderController;
  #finish: ((outcome: ChallengeOutcome) => void) | null = null;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    this.#recorder = new ClipRecorderController(host);
    host.addController(this);
  }

  /** Runs a challenge to its end. */
  run(run: ChallengeRun): Promise<ChallengeResult> {
    const config: ChallengeConfig = {
      ...DEFAULT_CHALLENGE_TUNING,
      moves: run.challenge.moves,
      moveTimeoutMs: run.challenge.moveTimeoutMs,
    };
    const pending: Promise<TakenKeyframe>[] = [];
    let state: ChallengeState = startChallenge(run.baseline, performance.now(), config);
    if (run.clip && run.stream) this.#recorder.start(run.stream, run.clip);
    this.#show(state, config, run);
    return new Promise<ChallengeResult>((resolve) => {
      let ended = false;
      const end = (outcome: ChallengeOutcome) => {
        if (ended) return;
        ended = true;
        this.#finish = null;
        this.guidance = null;
        this.move = null;
        this.#host.requestUpdate();
        void Promise.all([Promise.all(pending), this.#recorder.stop()]).then(([keyframes, clip]) =>
          resolve({ outcome, keyframes, clip }),
        );
      };
      this.#finish = end;
      run.subscribe((frame) => {
        if (ended) return;
        const step = stepChallenge(
          state,
          frame.faceCount === 1 ? frame.parallax : null,
          frame.at,
          config,
        );
        state = step.state;
        if (step.keyframe) {
          const name = step.keyframe;
          const atMs = Math.max(0, Math.round(performance.now() - run.receivedAt));
          pending.push(
            captureFrame(run.video, run.capture).then(({ blob }) => ({ name, blob, atMs })),
          );
        }
        this.#show(state, config, run);
        if (state.phase === 'done') end('completed');
        else if (state.phase === 'timed_out') end('timed_out');
      });
    });
  }

  /** The person chose "I can't do this": the challenge ends with what it has. */
  giveUp(): void {
    this.#finish?.('gave_up');
  }

  #show(state: ChallengeState, config: ChallengeConfig, run: ChallengeRun): void {
    const code = state.guidance;
    const move = config.moves[state.move] ?? null;
    if (code === this.guidance && move === this.move) return;
    const changed = code !== this.guidance;
    this.guidance = code;
    this.move = move;
    if (changed) run.onGuidance(code);
    this.#host.requestUpdate();
  }

  hostConnected(): void {}

  /** Leaving the page ends a running challenge as given up (its recorder already stopped). */
  hostDisconnected(): void {
    this.giveUp();
  }
}
