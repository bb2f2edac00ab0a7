import { type Cleanup, type ReverificationResult, startReverification } from '@reverify/sdk';
import { useEffect, useRef } from 'react';

export function Reverification(props: {
  referenceId: string;
  getClientToken: () => Promise<string>;
  onDecision: (result: ReverificationResult) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const { referenceId, getClientToken, onDecision } = props;
  useEffect(() => {
    let cleanup: Cleanup | undefined;
    let unmounted = false;
    void startReverification(host.current as HTMLDivElement, {
      endpoint: '/reverify',
      referenceId,
      assetsUrl: '/reverify/sdk/assets/',
      getClientToken,
      onSuccess: onDecision,
      onError: (error) => console.warn('reverify', error.code),
    }).then((done) => {
      if (unmounted) done();
      else cleanup = done;
    });
    return () => {
      unmounted = true;
      cleanup?.();
    };
  }, [referenceId, getClientToken, onDecision]);
  return <div ref={host} />;
}
