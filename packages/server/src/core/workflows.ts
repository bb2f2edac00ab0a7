import {
  type AssuranceTier,
  DEFAULT_METHOD_POLICY,
  formatMethodPolicy,
  type LivenessPolicy,
  livenessForTier,
  type MethodPolicy,
  parseMethodPolicy,
  TIER_LIVENESS,
  tierOfLiveness,
  type Workflow,
  WorkflowIdSchema,
  WorkflowSchema,
} from '@reverify/contract';
import { ReverifyConfigError, ReverifyError } from '../plugin/errors.js';

/** One workflow in the handler's `workflows` option; what it leaves out is the handler's default. */
export interface WorkflowOptions {
  readonly description?: string;
  /** The assurance tier; default: the one `liveness` (or the handler's policy) meets. */
  readonly tier?: AssuranceTier;
  /** The liveness policy; it must be one the tier accepts. Default: the tier's. */
  readonly liveness?: LivenessPolicy;
  readonly threshold?: number;
  readonly timeoutSeconds?: number;
  /** Which methods satisfy it, as an expression (`selfie`, `passkey or selfie`, `selfie and passkey`). Default `selfie`. */
  readonly methods?: string;
  /** The provider that must decide; a workflow naming another than the handler's is refused at start-up. */
  readonly provider?: string;
}

/** What a reverification asks for: a tier, a policy or a workflow, and the settings a workflow may fix. */
export interface AssuranceRequest {
  readonly tier?: AssuranceTier | undefined;
  readonly liveness?: LivenessPolicy | undefined;
  readonly workflow?: string | undefined;
  readonly threshold?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly methods?: string | undefined;
}

/** The settings a reverification runs with. */
export interface Assurance {
  readonly tier: AssuranceTier;
  readonly livenessPolicy: LivenessPolicy;
  readonly workflow: Workflow | null;
  readonly threshold: number | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly methodPolicy: MethodPolicy;
}

/** The tier and policy of `tier` and `liveness` together, or `null` if they disagree. */
function tierAndPolicy(
  tier: AssuranceTier | undefined,
  liveness: LivenessPolicy | undefined,
  defaultPolicy: LivenessPolicy,
): { tier: AssuranceTier; livenessPolicy: LivenessPolicy } | null {
  if (tier && liveness) {
    return TIER_LIVENESS[tier].includes(liveness) ? { tier, livenessPolicy: liveness } : null;
  }
  if (tier) return { tier, livenessPolicy: livenessForTier(tier, defaultPolicy) };
  const livenessPolicy = liveness ?? defaultPolicy;
  return { tier: tierOfLiveness(livenessPolicy), livenessPolicy };
}

/**
 * Validates the handler's `workflows` option into the workflows it serves.
 *
 * @throws ReverifyConfigError naming the workflow and what is wrong with it.
 */
export function resolveWorkflows(
  options: Readonly<Record<string, WorkflowOptions>> | undefined,
  providerName: string,
  defaultPolicy: LivenessPolicy,
): ReadonlyMap<string, Workflow> {
  const workflows = new Map<string, Workflow>();
  for (const [id, given] of Object.entries(options ?? {})) {
    if (!WorkflowIdSchema.safeParse(id).success) {
      throw new ReverifyConfigError(
        `workflows: "${id}" is not a workflow id (1–64 of A-Z a-z 0-9 _ -).`,
      );
    }
    if (given.provider !== undefined && given.provider !== providerName) {
      throw new ReverifyConfigError(
        `workflows.${id}: provider "${given.provider}" is not this handler's (${providerName}).`,
      );
    }
    const assurance = tierAndPolicy(given.tier, given.liveness, defaultPolicy);
    if (!assurance) {
      throw new ReverifyConfigError(
        `workflows.${id}: tier ${given.tier} does not accept liveness "${given.liveness}".`,
      );
    }
    const parsed = WorkflowSchema.safeParse({
      id,
      description: given.description ?? null,
      tier: assurance.tier,
      liveness: assurance.livenessPolicy,
      threshold: given.threshold ?? null,
      timeoutSeconds: given.timeoutSeconds ?? null,
      methods: given.methods ?? 'selfie',
      provider: providerName,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReverifyConfigError(`workflows.${id}.${issue?.path.join('.')}: ${issue?.message}`);
    }
    workflows.set(id, {
      ...parsed.data,
      methods: formatMethodPolicy(parseMethodPolicy(parsed.data.methods)),
    });
  }
  return workflows;
}

/**
 * What a reverification runs with: the workflow's settings when it names
 * one (the request may not set them again), else its tier and liveness
 * policy, defaults filled in.
 *
 * @throws `workflow_not_found` for an unknown workflow; `invalid_request`
 *   when the tier and the liveness policy disagree, or the request sets
 *   what its workflow fixes.
 */
export function resolveAssurance(
  request: AssuranceRequest,
  workflows: ReadonlyMap<string, Workflow>,
  defaultPolicy: LivenessPolicy,
): Assurance {
  if (request.workflow !== undefined) {
    const workflow = workflows.get(request.workflow);
    if (!workflow) {
      throw new ReverifyError('workflow_not_found', `No workflow is named "${request.workflow}".`, {
        details: { workflow: request.workflow, known: [...workflows.keys()] },
      });
    }
    const fixed = (['tier', 'liveness', 'threshold', 'timeoutSeconds', 'methods'] as const).filter(
      (field) =>
        request[field] !== undefined &&
        (field === 'tier' ||
          field === 'liveness' ||
          field === 'methods' ||
          workflow[field] !== null),
    );
    if (fixed.length > 0) {
      throw new ReverifyError(
        'invalid_request',
        `The workflow "${workflow.id}" sets ${fixed.join(', ')}; leave them out of the request.`,
        { details: { workflow: workflow.id, fields: fixed } },
      );
    }
    return {
      tier: workflow.tier,
      livenessPolicy: workflow.liveness,
      workflow,
      threshold: workflow.threshold ?? request.threshold,
      timeoutSeconds: workflow.timeoutSeconds ?? request.timeoutSeconds,
      methodPolicy: parseMethodPolicy(workflow.methods),
    };
  }
  const assurance = tierAndPolicy(request.tier, request.liveness, defaultPolicy);
  if (!assurance) {
    throw new ReverifyError(
      'invalid_request',
      `Tier ${request.tier} needs liveness ${TIER_LIVENESS[request.tier as AssuranceTier].join(' or ')}, not "${request.liveness}".`,
      { details: { tier: request.tier, liveness: request.liveness } },
    );
  }
  return {
    ...assurance,
    workflow: null,
    threshold: request.threshold,
    timeoutSeconds: request.timeoutSeconds,
    methodPolicy: request.methods ? parseMethodPolicy(request.methods) : DEFAULT_METHOD_POLICY,
  };
}
