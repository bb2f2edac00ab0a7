import type { Translation } from './translation.js';

/** English (default). */
export const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',
  regionLabel: 'Selfie check',
  consentTitle: 'Confirm it’s you',
  consentText:
    'We’ll take one selfie and compare it with the photo from your earlier verification. The camera turns off right after. The selfie is used only for this check.',
  startCamera: 'Start camera',
  starting: 'Starting the camera…',
  cameraLabel: 'Camera',
  cameraName: (index) => `Camera ${index}`,
  takePhoto: 'Take photo',
  retake: 'Retake',
  retry: 'Try again',
  captured: 'Photo taken',
  inAppBrowser:
    'The camera may not work inside this app. If it fails, open this page in your browser (Safari or Chrome).',
  paused: 'The camera paused while this page was in the background.',
  resume: 'Resume',
  countdown: (seconds) => `Hold still, ${seconds}`,
  guidance: {
    multiple_faces: 'Only one person in the frame, please',
    no_face: 'Place your face in the oval',
    move_closer: 'Move a little closer',
    move_back: 'Move a little back',
    center_face: 'Center your face in the oval',
    look_straight: 'Look straight at the camera',
    straighten_head: 'Keep your head level',
    too_dark: 'It’s too dark — find more light',
    too_bright: 'Too much light on your face',
    backlit: 'Light is behind you — face the light',
    blurry: 'Hold the camera steady',
    hold_still: 'Hold still…',
    ready: 'Great — taking the photo',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
    camera_denied:
      'Camera access is blocked. Allow the camera in your browser settings, then try again.',
    camera_not_found: 'No camera was found. Connect a camera and try again.',
    camera_busy: 'Your camera is being used by another app. Close it and try again.',
    insecure_context: 'The camera only works on a secure (https) page.',
    unsupported_browser:
      'This browser can’t take the selfie. Please use an up-to-date Chrome, Safari, Firefox or Edge.',
    model_load_failed: 'The face check couldn’t load. Check your connection and try again.',
    capture_timeout: 'We couldn’t see your face clearly. Find good light and try again.',
    network_error: 'You seem to be offline. Check your connection and try again.',
    reverification_expired: 'This check has expired. Please start again.',
    enrollment_not_found: 'We couldn’t find your earlier verification.',
    cancelled: 'The check was cancelled.',
  },
  progress: {
    uploading: 'Sending your photo…',
    processing: 'Checking it’s you…',
    done: 'Done',
  },
};
