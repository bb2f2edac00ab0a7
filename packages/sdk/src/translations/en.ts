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
    capture_timeout: 'We couldn’t take the selfie in time.',
    network_error: 'We couldn’t reach the server. Try again in a moment.',
    reverification_expired: 'This check has expired. Please start again.',
    enrollment_not_found:
      'We couldn’t find your earlier verification, so this check can’t continue. Contact the site’s support team to verify again.',
    handoff_link_used: 'This link was already used. Ask for a new one on your computer.',
    offline: 'You’re offline. Reconnect to the internet, then try again.',
    origin_not_allowed:
      'This page isn’t set up for the selfie check yet. Please let the site’s support team know.',
    enrollment_not_ready:
      'Your earlier verification isn’t complete yet. Try again later or contact the site’s support team.',
    too_many_attempts: 'Too many tries for now. Please wait a while, then start again.',
    cancelled: 'The check was cancelled.',
  },
  result: {
    approvedTitle: 'You’re verified',
    approvedText: 'Thank you. You can continue.',
    rejectedTitle: 'We couldn’t confirm it’s you',
    rejected: {
      no_match: 'The selfie didn’t match the photo from your earlier verification.',
      unclear: 'The photo wasn’t clear enough to compare.',
      multiple_faces: 'More than one face was in the photo.',
      liveness: 'We couldn’t confirm that a live person was in front of the camera.',
      reviewer: 'A reviewer couldn’t confirm it’s you.',
    },
    rejectedRetry:
      'You can try again: be alone in the frame, in good light, and follow the instructions.',
    rejectedContact: 'If you think this is a mistake, contact the site’s support team.',
    reviewTitle: 'We’re checking your photo',
    reviewText:
      'A person will review it and you’ll hear from us. You don’t need to do anything now.',
  },
  manual: {
    needsOneFace: 'The photo can be taken once one face is in the oval.',
    mayFail: 'The photo may be hard to check:',
    takeAnyway: 'Take it anyway',
  },
  progress: {
    uploading: 'Sending your photo…',
    processing: 'Checking it’s you…',
    done: 'Done',
  },
  handoff: {
    title: 'Continue on your phone',
    instructions:
      'Scan the code with your phone’s camera, or open the link on your phone. Keep this page open.',
    qrLabel: 'QR code of the link for your phone',
    copyLink: 'Copy link',
    copied: 'Link copied',
    newLink: 'New link',
    waiting: 'Waiting for your phone…',
    phoneActive: 'Your phone is taking the selfie…',
    processing: 'Checking it’s you…',
    done: 'Done — you can continue here.',
    phoneDone: 'All done. You can go back to your computer.',
    linkMissing: 'This link is incomplete. Ask for a new one on your computer.',
  },
  challenge: {
    intro: 'One more step: a quick head turn shows it’s really you.',
    turn_left: 'Slowly turn your head to your left',
    turn_right: 'Slowly turn your head to your right',
    turn_more: 'A little further',
    back_to_centre: 'Now look straight at the camera',
    keep_face_visible: 'Keep your face in view',
    done: 'Thank you',
    cantDo: 'I can’t do this',
  },
};
