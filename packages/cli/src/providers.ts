import { createLocalProvider } from '@reverify/provider-local';
import { createTruoraProvider, createVecuProvider, withSandboxOutcomes } from '@reverify/server';
import { type FaceMatchProvider, ReverifyConfigError } from '@reverify/server/provider';

/** The names `--provider` takes. */
export const PROVIDERS = [
  'sandbox',
  'local',
  'truora',
  'vecu',
  'truora-fake',
  'vecu-fake',
] as const;

/** A `--provider` name. */
export type ProviderName = (typeof PROVIDERS)[number];

/** `@reverify/provider-fakes`, an optional peer: only the `*-fake` providers need it. */
async function loadFakes(): Promise<typeof import('@reverify/provider-fakes')> {
  try {
    return await import('@reverify/provider-fakes');
  } catch (cause) {
    throw new ReverifyConfigError(
      `the truora-fake and vecu-fake providers need @reverify/provider-fakes: npm i @reverify/provider-fakes (${(cause as Error).message})`,
    );
  }
}

/** A fake provider API started in this process, with the provider wired to it. */
async function fakeProvider(
  name: 'truora-fake' | 'vecu-fake',
  webhookUrl: string,
): Promise<FaceMatchProvider> {
  const fakes = await loadFakes();
  if (name === 'truora-fake') {
    const fake = await fakes.startTruoraFake({
      processingMs: 1500,
      webhookUrl: `${webhookUrl}/truora/webhook`,
    });
    return createTruoraProvider({
      apiKey: fake.apiKey,
      webhookSecret: fake.webhookSecret,
      baseUrl: fake.url,
    });
  }
  const fake = await fakes.startVecuFake({
    processingMs: 1500,
    webhookUrl: `${webhookUrl}/vecu/webhook`,
    demoReferences: true,
  });
  return createVecuProvider({
    baseUrl: fake.url,
    auth: { header: 'Authorization', value: `Bearer ${fake.apiKey}` },
    webhookSecret: fake.webhookSecret,
  });
}

/**
 * The provider named on the command line: `sandbox` (the handler's
 * default, `undefined`); `local`; `truora` and `vecu` configured from the
 * environment; `truora-fake` and `vecu-fake` against fakes started here.
 * All but the sandbox keep the sandbox's magic referenceIds and forced outcomes.
 *
 * @param webhookUrl where this server takes provider webhooks (`…/v1/providers`)
 */
export async function chooseProvider(
  name: string,
  webhookUrl: string,
): Promise<FaceMatchProvider | undefined> {
  switch (name as ProviderName) {
    case 'sandbox':
      return undefined;
    case 'local':
      return withSandboxOutcomes(createLocalProvider());
    case 'truora':
      return withSandboxOutcomes(createTruoraProvider());
    case 'vecu':
      return withSandboxOutcomes(createVecuProvider());
    case 'truora-fake':
    case 'vecu-fake':
      return withSandboxOutcomes(await fakeProvider(name as 'truora-fake', webhookUrl));
    default:
      throw new ReverifyConfigError(
        `--provider must be one of ${PROVIDERS.join(', ')}, not ${name}`,
      );
  }
}
