import { CaptureChecksSchema, UploadResponseSchema } from './capture.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

describeSchema(
  'CaptureChecksSchema',
  CaptureChecksSchema,
  {
    faceCount: 1,
    faceSize: 0.42,
    offsetX: -0.03,
    offsetY: 0.05,
    brightness: 131,
    backlight: -12,
    sharpness: 240.5,
    yaw: 4.2,
    roll: -1.5,
    stability: 0.01,
  },
  [
    { why: 'a missing faceCount', mutate: (v) => without(v, 'faceCount'), path: 'faceCount' },
    { why: 'a negative sharpness', mutate: (v) => ({ ...v, sharpness: -1 }), path: 'sharpness' },
    { why: 'brightness above 255', mutate: (v) => ({ ...v, brightness: 300 }), path: 'brightness' },
    { why: 'a yaw beyond 90°', mutate: (v) => ({ ...v, yaw: 120 }), path: 'yaw' },
    { why: 'a string where a number belongs', mutate: (v) => ({ ...v, roll: '3' }), path: 'roll' },
    { why: 'an unknown field', mutate: (v) => ({ ...v, landmarks: [] }), path: '' },
  ],
);

describeSchema(
  'UploadResponseSchema',
  UploadResponseSchema,
  {
    reverificationId: 'rv_0123456789abcdefABCD',
    captureId: 'cap_0123456789abcdefABCD',
    status: 'processing',
    receivedAt: '2026-11-25T09:00:03.000Z',
    image: { format: 'jpeg', width: 960, height: 1280, bytes: 182_000 },
  },
  [
    {
      why: 'a GIF format',
      mutate: (v) => ({ ...v, image: { ...(v.image as object), format: 'gif' } }),
      path: 'image.format',
    },
    {
      why: 'a zero width',
      mutate: (v) => ({ ...v, image: { ...(v.image as object), width: 0 } }),
      path: 'image.width',
    },
    { why: 'a missing captureId', mutate: (v) => without(v, 'captureId'), path: 'captureId' },
    {
      why: 'an unknown image field',
      mutate: (v) => ({ ...v, image: { ...(v.image as object), exif: {} } }),
      path: 'image',
    },
  ],
);
