import {
  CreateEnrollmentRequestSchema,
  EnrollmentIdSchema,
  ReferenceIdSchema,
} from '@reverify/contract';
import { Hono } from 'hono';
import { ReverifyError } from '../../plugin/errors.js';
import { filePart, jsonBody, jsonPart, multipartBody } from '../body.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';
import { pathParam } from '../route-params.js';

/**
 * `/v1/enrollments`: enroll from a reference selfie (multipart) or a
 * provider enrollment id (JSON), and read enrollments. `/v1/references`:
 * delete a person's biometric data.
 */
export function enrollmentRoutes({ config, guards }: RouteContext): Hono<AppEnv> {
  const { enrollments } = config.core;
  return new Hono<AppEnv>()
    .post('/', guards.scoped('enrollments'), guards.uploadLimit, async (c) => {
      const type = c.req.header('Content-Type')?.toLowerCase() ?? '';
      let fields: unknown;
      let image: Uint8Array | undefined;
      if (type.startsWith('multipart/form-data')) {
        const form = await multipartBody(c, 'the enrollment');
        image = new Uint8Array(
          await filePart(form, 'selfie', 'the reference selfie').arrayBuffer(),
        );
        const metadata = jsonPart(form, 'metadata');
        fields = { referenceId: form.referenceId, ...(metadata === undefined ? {} : { metadata }) };
      } else {
        fields = await jsonBody(c);
      }
      const body = CreateEnrollmentRequestSchema.parse(fields);
      const { enrollment, created } = await enrollments.enroll({ ...body, image });
      return c.json(enrollment, created ? 201 : 200);
    })
    .get('/', guards.scoped('enrollments'), async (c) => {
      const referenceId = ReferenceIdSchema.parse(c.req.query('referenceId'));
      return c.json(await enrollments.find(referenceId));
    })
    .get('/:id', guards.scoped('enrollments'), async (c) => {
      const id = pathParam(
        c,
        'id',
        EnrollmentIdSchema,
        () => new ReverifyError('enrollment_not_found', 'No enrollment has this id.'),
      );
      return c.json(await enrollments.get(id));
    });
}

/** `DELETE /v1/references/{referenceId}/biometric-data`. */
export function referenceRoutes({ config, guards }: RouteContext): Hono<AppEnv> {
  return new Hono<AppEnv>().delete(
    '/:referenceId/biometric-data',
    guards.scoped('enrollments'),
    async (c) => {
      const referenceId = pathParam(c, 'referenceId', ReferenceIdSchema);
      return c.json({
        referenceId,
        deleted: await config.core.enrollments.deleteBiometricData(referenceId),
      });
    },
  );
}
