import { z } from 'zod';
import { ThresholdSchema, TimeoutSecondsSchema } from './common.js';
import { AssuranceTier } from './constants/assurance.js';
import { MethodPolicyExpressionSchema } from './methods.js';
import { LivenessPolicySchema } from './presence.js';

export * from './constants/assurance.js';

/** Zod schema of {@link AssuranceTier}. */
export const AssuranceTierSchema = z.enum(AssuranceTier);

/** A workflow's id, chosen by the integrator: 1–64 letters, digits, `_` or `-`. */
export const WorkflowIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a workflow id is 1–64 letters, digits, _ or -');

/**
 * A named reverification policy (Trust Swiftly's workflows): which checks
 * run, at which tier, by which methods and provider. The integrator
 * defines workflows in the handler's options; a reverification created
 * with `workflow` takes its settings, records its id, and its webhooks
 * carry it. Answer of `GET /v1/workflows/{id}`.
 */
export const WorkflowSchema = z.strictObject({
  id: WorkflowIdSchema,
  description: z.string().max(500).nullable(),
  tier: AssuranceTierSchema,
  /** The liveness policy the tier runs on this handler. */
  liveness: LivenessPolicySchema,
  /** The match threshold, or `null` for the provider's default. */
  threshold: ThresholdSchema.nullable(),
  /** The reverification's lifetime, or `null` for the default (300 s). */
  timeoutSeconds: TimeoutSecondsSchema.nullable(),
  /** Which methods satisfy it (`selfie`, `passkey or selfie`, `selfie and passkey`). */
  methods: MethodPolicyExpressionSchema,
  /** The face-match provider that decides. */
  provider: z.string().min(1).max(40),
});

/** A workflow; see {@link WorkflowSchema}. */
export type Workflow = z.infer<typeof WorkflowSchema>;

/** Answer of `GET /v1/workflows`. */
export const WorkflowListSchema = z.strictObject({ data: z.array(WorkflowSchema) });

/** The workflow list; see {@link WorkflowListSchema}. */
export type WorkflowList = z.infer<typeof WorkflowListSchema>;
