import type { RejectionCause } from '../outcome/result-view.js';
import type { ChallengeGuidance } from '../presence/challenge.js';
import type { GuidanceCode } from '../quality/checks.js';

/** Every user-facing string of the SDK. One file per language implements it. */
export interface Translation {
  /** BCP 47 tag, e.g. `pt-BR`. */
  readonly $code: string;
  /** The language's own name. */
  readonly $name: string;
  readonly $dir: 'ltr' | 'rtl';

  readonly regionLabel: string;
  readonly consentTitle: string;
  readonly consentText: string;
  readonly startCamera: string;
  readonly starting: string;
  readonly cameraLabel: string;
  readonly cameraName: (index: number) => string;
  readonly takePhoto: string;
  readonly retake: string;
  readonly retry: string;
  readonly captured: string;
  readonly paused: string;
  /** Shown on the consent screen inside an in-app browser (webview). */
  readonly inAppBrowser: string;
  readonly resume: string;
  /** Announced while the countdown runs, with seconds left. */
  readonly countdown: (seconds: number) => string;
  readonly guidance: Readonly<Record<GuidanceCode, string>>;
  /** Error screens by code; `generic` for any code without its own text. */
  readonly errors: Readonly<{ generic: string } & Partial<Record<string, string>>>;
  /** The result screen: one title and text per decision, the cause of a rejection and its next step. */
  readonly result: Readonly<{
    approvedTitle: string;
    approvedText: string;
    rejectedTitle: string;
    rejected: Readonly<Record<RejectionCause, string>>;
    /** The next step of a rejection when the element can start a new attempt. */
    rejectedRetry: string;
    /** The next step of a rejection when it cannot. */
    rejectedContact: string;
    reviewTitle: string;
    reviewText: string;
  }>;
  /** The manual "Take photo" button when the checks flag the frame. */
  readonly manual: Readonly<{
    /** No face or several faces: nothing is taken. */
    needsOneFace: string;
    /** Before a problem's guidance, when the photo may still be taken. */
    mayFail: string;
    takeAnyway: string;
  }>;
  /** The camera-app fallback where the camera API is missing. */
  readonly fallback: Readonly<{
    title: string;
    text: string;
    open: string;
    another: string;
    usePhoto: string;
    checking: string;
    unreadable: string;
  }>;
  /** Progress texts a host (e.g. startReverification) shows after the capture. */
  readonly progress: Readonly<{ uploading: string; processing: string; done: string }>;
  /** The head-turn challenge: its intro, its guidance (by code), the button to give up. */
  readonly challenge: Readonly<
    Record<ChallengeGuidance, string> & {
      intro: string;
      cantDo: string;
    }
  >;
  /** Texts of the cross-device handoff: the desktop's `<reverify-handoff>` and the phone's page. */
  readonly handoff: Readonly<{
    title: string;
    instructions: string;
    qrLabel: string;
    copyLink: string;
    copied: string;
    newLink: string;
    waiting: string;
    phoneActive: string;
    processing: string;
    done: string;
    phoneDone: string;
    linkMissing: string;
    /** The link was texted; `to` is the masked number (`+15•••••4567`). */
    sent: (to: string) => string;
  }>;
  /** The screen that offers the methods a reverification accepts besides (or instead of) the selfie. */
  readonly methods: Readonly<{
    title: string;
    /** Shown when an earlier method is done and the policy needs one more. */
    oneMore: string;
    passkey: string;
    passkeyHint: string;
    selfie: string;
    totp: string;
    /** `to` is the masked destination (`+55•••••5678`, `a•••@example.com`). */
    sms_code: (to: string) => string;
    email_code: (to: string) => string;
    waitingPasskey: string;
    codeSent: (to: string) => string;
    totpPrompt: string;
    codeLabel: string;
    submitCode: string;
    resend: string;
    otherWays: string;
    codeInvalid: string;
  }>;
  /** The offer, after an approved selfie, to add a passkey or an authenticator app for next time. */
  readonly factors: Readonly<{
    title: string;
    text: string;
    addPasskey: string;
    passkeyAdded: string;
    addTotp: string;
    totpScan: string;
    totpQrLabel: string;
    totpKey: string;
    totpAdded: string;
    failed: string;
  }>;
}

/** Any part of a {@link Translation}, to override strings. */
export type TranslationOverrides = {
  readonly [K in keyof Translation]?: Translation[K] extends (...args: never[]) => unknown
    ? Translation[K]
    : Translation[K] extends object
      ? Partial<Translation[K]>
      : Translation[K];
};
