import type { ClientErrorCode } from '@reverify/contract';
import { ASSET_FILES, resolveAssetsBase } from './assets.js';

/** An in-app browser (a webview inside a social or chat app), where cameras often fail. */
export type InAppBrowser =
  | 'facebook'
  | 'instagram'
  | 'tiktok'
  | 'line'
  | 'wechat'
  | 'snapchat'
  | 'linkedin'
  | 'android-webview'
  | 'ios-webview';

/** What {@link preflight} found. */
export interface PreflightReport {
  /** `true` when nothing blocks a reverification. */
  readonly ok: boolean;
  /** Blocking problems, most important first (the element shows the first). */
  readonly problems: readonly ClientErrorCode[];
  readonly secureContext: boolean;
  readonly getUserMedia: boolean;
  /** The camera permission, where the Permissions API tells. */
  readonly cameraPermission: 'granted' | 'denied' | 'prompt' | 'unknown';
  /** Video inputs the browser lists (labels stay hidden until permission). */
  readonly camerasFound: number | null;
  readonly webAssembly: boolean;
  readonly wasmSimd: boolean;
  /** The in-app browser detected, or `null`; advise opening the page in the system browser. */
  readonly inAppBrowser: InAppBrowser | null;
  /** Whether the MediaPipe bundle at the assets URL answered; `null` when not checked. */
  readonly assetsReachable: boolean | null;
}

const IN_APP: readonly [RegExp, InAppBrowser][] = [
  [/FBAN|FBAV|FB_IAB/i, 'facebook'],
  [/Instagram/i, 'instagram'],
  [/musical_ly|BytedanceWebview|TikTok/i, 'tiktok'],
  [/\bLine\//i, 'line'],
  [/MicroMessenger/i, 'wechat'],
  [/Snapchat/i, 'snapchat'],
  [/LinkedInApp/i, 'linkedin'],
  [/; wv\)/, 'android-webview'],
  [/(iPhone|iPad|iPod)(?!.*Safari)(?!.*CriOS)(?!.*FxiOS).*AppleWebKit/i, 'ios-webview'],
];

/** The in-app browser a user agent string belongs to, or `null` (pure). */
export function detectInAppBrowser(userAgent: string): InAppBrowser | null {
  for (const [pattern, name] of IN_APP) if (pattern.test(userAgent)) return name;
  return null;
}

/** A minimal module using a SIMD instruction (v128.const / i8x16.popcnt): valid only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

/** The blocking problems of a report, most important first (pure). */
export function preflightProblems(
  facts: Omit<PreflightReport, 'ok' | 'problems'>,
): ClientErrorCode[] {
  const problems: ClientErrorCode[] = [];
  if (!facts.secureContext) problems.push('insecure_context');
  else if (!facts.getUserMedia || !facts.webAssembly) problems.push('unsupported_browser');
  if (facts.cameraPermission === 'denied') problems.push('camera_denied');
  if (facts.camerasFound === 0) problems.push('camera_not_found');
  if (facts.assetsReachable === false) problems.push('model_load_failed');
  return problems;
}

/**
 * Checks, before a session is spent, what would stop a reverification on
 * this device: secure context, camera API and permission, cameras present,
 * WebAssembly and SIMD, in-app browsers, and (with `assetsUrl`, or by
 * default) whether the self-hosted assets answer. Never opens the camera.
 */
export async function preflight(
  options: { assetsUrl?: string; checkAssets?: boolean } = {},
): Promise<PreflightReport> {
  const secureContext = globalThis.isSecureContext === true;
  const mediaDevices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  const getUserMedia = typeof mediaDevices?.getUserMedia === 'function';
  let cameraPermission: PreflightReport['cameraPermission'] = 'unknown';
  try {
    const status = await navigator.permissions.query({ name: 'camera' as PermissionName });
    cameraPermission = status.state;
  } catch {
    // Firefox and older Safari cannot query the camera permission.
  }
  let camerasFound: number | null = null;
  try {
    if (mediaDevices?.enumerateDevices) {
      camerasFound = (await mediaDevices.enumerateDevices()).filter(
        (d) => d.kind === 'videoinput',
      ).length;
    }
  } catch {
    camerasFound = null;
  }
  const webAssembly =
    typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
  const wasmSimd = webAssembly && WebAssembly.validate(SIMD_PROBE);
  let assetsReachable: boolean | null = null;
  if (options.checkAssets !== false) {
    try {
      const url = new URL(ASSET_FILES.visionBundle, resolveAssetsBase(options.assetsUrl));
      assetsReachable = (await fetch(url, { method: 'HEAD', cache: 'no-store' })).ok;
    } catch {
      assetsReachable = false;
    }
  }
  const facts = {
    secureContext,
    getUserMedia,
    cameraPermission,
    camerasFound,
    webAssembly,
    wasmSimd,
    inAppBrowser: detectInAppBrowser(typeof navigator === 'undefined' ? '' : navigator.userAgent),
    assetsReachable,
  };
  const problems = preflightProblems(facts);
  return { ok: problems.length === 0, problems, ...facts };
}
