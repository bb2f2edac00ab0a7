import type { AuditEntry, Reverification, ReverificationPage } from '@reverify/contract';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** The operator named in the Reviewer field: the audit trail's actor. */
const reviewer = () => ($('reviewer') as HTMLInputElement).value.trim();

/** Calls the demo server as the operator; it adds the secret key, as your back office would. */
function asOperator(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (reviewer()) headers.set('Reverify-Actor', reviewer());
  return fetch(`/playground/${path}`, { ...init, headers });
}

/** Plays your back office: every call goes through the demo server, which holds the secret key. */
async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await asOperator(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.error.code}: ${body.error.message}`);
  return body as T;
}

function line(text: string, kind = ''): HTMLLIElement {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  return item;
}

/**
 * The Review tab: the manual-review queue, the reference and the new selfie
 * side by side (images fetched with the secret key, shown from blob URLs),
 * the decision with notes, the audit trail, and recent history.
 */
export function mountReview(): { refresh(): Promise<void> } {
  let selected: string | null = null;
  let imageUrls: string[] = [];

  async function refresh(): Promise<void> {
    const [queue, history] = await Promise.all([
      api<ReverificationPage>('reviews?limit=50'),
      api<ReverificationPage>('reverifications?limit=10'),
    ]);
    $('queue-total').textContent = `(${queue.total})`;
    $('review-placeholder').textContent = queue.data.length
      ? 'Pick a reverification from the queue.'
      : 'Nothing waits for review.';
    $('queue').replaceChildren(
      ...(queue.data.length
        ? queue.data.map((item) => {
            const entry = document.createElement('li');
            entry.setAttribute('aria-current', String(item.id === selected));
            const open = document.createElement('button');
            open.type = 'button';
            open.textContent = `${item.createdAt.slice(11, 19)} ${item.referenceId} · ${item.reasons.join(', ')}`;
            open.addEventListener('click', () => void select(item.id));
            entry.append(open);
            return entry;
          })
        : [
            line(
              'Nothing to review. Run a reverification with the outcome manual_review.',
              'empty',
            ),
          ]),
    );
    $('history').replaceChildren(
      ...history.data.map((item) =>
        line(
          `${item.createdAt.slice(11, 19)} ${item.referenceId} ${item.status}${item.decision ? ` (${item.decision})` : ''}${item.retryOf ? ' ↻' : ''}`,
          item.decision === 'approved' ? 'ok' : item.decision === 'rejected' ? 'bad' : '',
        ),
      ),
    );
  }

  async function image(id: string, which: string, img: HTMLImageElement): Promise<boolean> {
    const response = await asOperator(`reverifications/${id}/images/${which}`);
    if (!response.ok) {
      img.removeAttribute('src');
      img.alt = `${which}: ${(await response.json()).error.code}`;
      return false;
    }
    const url = URL.createObjectURL(await response.blob());
    imageUrls.push(url);
    img.src = url;
    return true;
  }

  /** The challenge's keyframes (each turn's peak and the return), those the handler kept. */
  async function keyframes(id: string): Promise<void> {
    const figures = await Promise.all(
      ['peak_1', 'peak_2', 'peak_3', 'return'].map(async (name) => {
        const figure = document.createElement('figure');
        const img = document.createElement('img');
        img.alt = `Challenge keyframe ${name.replace('_', ' ')}`;
        const caption = document.createElement('figcaption');
        caption.textContent = name === 'return' ? 'Back at the centre' : `Turn ${name.slice(-1)}`;
        figure.append(img, caption);
        return (await image(id, name, img)) ? figure : null;
      }),
    );
    $('keyframes').replaceChildren(...figures.filter((figure) => figure !== null));
  }

  /** Approve and Reject work only while the case waits for a decision. */
  function setDecisionEnabled(enabled: boolean): void {
    for (const id of ['approve', 'reject']) ($(id) as HTMLButtonElement).disabled = !enabled;
  }

  async function select(id: string): Promise<void> {
    selected = id;
    for (const url of imageUrls) URL.revokeObjectURL(url);
    imageUrls = [];
    $('review-placeholder').hidden = true;
    $('review-case').hidden = false;
    $('review-result').textContent = '';
    const item = await api<Reverification>(`reverifications/${id}?details=true`);
    const { match, liveness } = item.steps;
    const forced = item.metadata?.forcedOutcome;
    $('case-facts').textContent = forced
      ? `${item.referenceId} · ${item.id} · reasons ${item.reasons.join(', ')} · outcome forced by the sandbox picker (“${forced}”): no face was compared, so there is no real score`
      : `${item.referenceId} · ${item.id} · reasons ${item.reasons.join(', ')} · match ${match.status} (${item.details?.matchScore ?? '—'}) · liveness ${liveness.status}${liveness.method ? ` by ${liveness.method}` : ''}${liveness.score === null ? '' : ` (${liveness.score})`} · provider ${item.provider}`;
    setDecisionEnabled(item.status === 'completed' && item.decision === 'manual_review');
    await Promise.all([
      image(id, 'reference', $('face-reference')),
      image(id, 'capture', $('face-capture')),
      keyframes(id),
    ]);
    await showAudit(id);
    await refresh();
  }

  async function showAudit(id: string): Promise<void> {
    const { entries } = await api<{ entries: AuditEntry[] }>(`reverifications/${id}/audit`);
    $('audit').replaceChildren(
      ...entries.map((entry) =>
        line(
          `${entry.occurredAt.slice(11, 19)} ${entry.actor} ${entry.action}${entry.decision ? ` → ${entry.decision}` : ''}${entry.notes ? ` · ${entry.notes}` : ''}`,
        ),
      ),
    );
  }

  async function decide(decision: 'approved' | 'rejected'): Promise<void> {
    if (!selected) return;
    const result = $('review-result');
    try {
      const reviewed = await api<Reverification>(`reverifications/${selected}/review`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          decision,
          reviewedBy: reviewer(),
          ...(($('notes') as HTMLTextAreaElement).value.trim()
            ? { reviewNotes: ($('notes') as HTMLTextAreaElement).value.trim() }
            : {}),
        }),
      });
      result.textContent = `Decided: ${reviewed.decision} (${reviewed.reasons.join(', ')}). Your server gets the webhook.`;
      result.className = 'result ok';
      setDecisionEnabled(false);
    } catch (error) {
      result.textContent = String((error as Error).message);
      result.className = 'result bad';
    }
    await showAudit(selected);
    await refresh();
  }

  $('approve').addEventListener('click', () => void decide('approved'));
  $('reject').addEventListener('click', () => void decide('rejected'));
  setInterval(() => {
    if (!$('panel-review').hidden && !document.hidden) void refresh().catch(() => undefined);
  }, 3000);
  return { refresh };
}

/** The scoped-keys panel: a batch run with the reviewer's key (refused) and the batch runner's. */
export function mountScopedKeys(): void {
  const run = async (who: 'reviewer' | 'bulk') => {
    const result = $('key-result');
    result.textContent = 'Running…';
    const response = await fetch(`/playground/keys/${who}/batch`, { method: 'POST' });
    const body = await response.json();
    result.className = `result ${response.ok ? 'ok' : 'bad'}`;
    result.textContent = response.ok
      ? `${response.status}: batch ${body.batchId} queued with the ${who === 'bulk' ? 'batch' : 'reviewer'} key.`
      : `${response.status} ${body.error.code}: ${body.error.message}`;
  };
  $('batch-as-reviewer').addEventListener('click', () => void run('reviewer'));
  $('batch-as-bulk').addEventListener('click', () => void run('bulk'));
}
