/**
 * A React 19 host: the README's `<Reverification>` component (reverification.tsx
 * is the README's block, checked by react.spec.ts), mounted and unmounted by a
 * button like a route change, under StrictMode.
 */
import type { ReverificationResult } from '@reverify/sdk';
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Reverification } from './reverification.tsx';

const results: { success: ReverificationResult[] } = { success: [] };
Object.assign(window, { results });

function App() {
  const [shown, setShown] = useState(false);
  const referenceId = new URLSearchParams(location.search).get('ref') ?? 'sandbox_approved';
  // The page's server: the e2e server's /test/session mints the client token.
  const getClientToken = useCallback(async () => {
    const response = await fetch('/test/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ referenceId }),
    });
    return ((await response.json()) as { clientToken: string }).clientToken;
  }, [referenceId]);
  const onDecision = useCallback((result: ReverificationResult) => {
    results.success.push(result);
  }, []);
  return (
    <main>
      <button id="toggle" type="button" onClick={() => setShown((now) => !now)}>
        {shown ? 'Unmount' : 'Mount'}
      </button>
      {shown ? (
        <Reverification
          referenceId={referenceId}
          getClientToken={getClientToken}
          onDecision={onDecision}
        />
      ) : null}
    </main>
  );
}

createRoot(document.getElementById('app') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
