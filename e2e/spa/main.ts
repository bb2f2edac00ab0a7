/**
 * A single-page app host: Vue mounts a component that runs
 * startReverification in onMounted and cleans up in onUnmounted, toggled by
 * a button, like a route change would.
 */
import { type Cleanup, startReverification } from '@reverify/sdk';
import { createApp, defineComponent, h, onMounted, onUnmounted, ref } from 'vue';

interface Results {
  success: unknown[];
  error: { code: string }[];
  events: unknown[];
}
const results: Results = { success: [], error: [], events: [] };
Object.assign(window, { results });

const Reverification = defineComponent({
  props: { referenceId: { type: String, required: true } },
  setup(props) {
    const host = ref<HTMLElement | null>(null);
    let cleanup: Cleanup | null = null;
    onMounted(async () => {
      cleanup = await startReverification(host.value as HTMLElement, {
        endpoint: '',
        referenceId: props.referenceId,
        assetsUrl: '/sdk/assets/',
        noConsent: true,
        getClientToken: async () => {
          const response = await fetch('/test/session', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ referenceId: props.referenceId }),
          });
          return ((await response.json()) as { clientToken: string }).clientToken;
        },
        onSuccess: (result) => results.success.push(result),
        onError: (error) => results.error.push({ code: error.code }),
        onEvent: (event) => results.events.push(event),
      });
    });
    onUnmounted(() => cleanup?.());
    return () => h('div', { ref: host, class: 'reverification' });
  },
});

const App = defineComponent({
  setup() {
    const shown = ref(false);
    const referenceId = new URLSearchParams(location.search).get('ref') ?? 'sandbox_approved';
    return () =>
      h('main', [
        h(
          'button',
          { id: 'toggle', onClick: () => (shown.value = !shown.value) },
          shown.value ? 'Unmount' : 'Mount',
        ),
        shown.value ? h(Reverification, { referenceId }) : null,
      ]);
  },
});

createApp(App).mount('#app');
