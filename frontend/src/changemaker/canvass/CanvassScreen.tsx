import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../../auth/AuthContext';
import { Loading, Notice } from '../../shell/forms';
import { PublicHeader } from '../../shell/layouts';
import { usePageTitle } from '../../shell/usePageTitle';
import { canvasses } from './access';
import { useCanvassApi, type CanvassApi } from './api';
import { CutPicker } from './CutPicker';
import type { KeptWalk } from './queue';
import { StatusBar } from './StatusBar';
import { useCanvassQueue, type QueueView } from './useQueue';
import { WalkView } from './WalkView';
import './canvass.css';

/** `/changemaker/canvass` for a signed-in canvasser: pick a cut, then walk it. */
export function VolunteerPage() {
  usePageTitle('Canvass');
  const { user } = useAuth();
  const api = useCanvassApi();
  const view = useCanvassQueue(api);
  if (!canvasses(user?.role)) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>
          Your account was made when you signed up for a shift. An organiser must make it a volunteer&apos;s account
          before you can canvass.
        </p>
      </section>
    );
  }
  return <CanvassScreen view={view} api={api} userId={user?.id ?? null} />;
}

/**
 * The same screen when the app opened without a network and so without a
 * session: the walk kept on the phone goes on, its visits wait, and they are
 * sent once the app is back online and signed in again.
 */
export function CanvassOffline() {
  usePageTitle('Canvass (offline)');
  const view = useCanvassQueue(null);
  return (
    <>
      <PublicHeader />
      <main className="page">
        <CanvassScreen view={view} api={null} userId={null} />
      </main>
    </>
  );
}

interface ScreenProps {
  view: QueueView;
  api: CanvassApi | null;
  /** The signed-in canvasser; null when offline without a session. */
  userId: string | null;
}

function CanvassScreen({ view, api, userId }: ScreenProps) {
  const { queue, state } = view;
  // What the picker had to say about the walk it opened, and how the last walk ended.
  const [notice, setNotice] = useState<string | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const shown = useRef<KeptWalk | null>(null);
  const walk = state?.walk ?? null;
  const someoneElses = Boolean(walk && userId && walk.session.volunteer_id !== userId);

  // A walk that goes away has ended: here, or elsewhere (an organiser, the 12-hour rule).
  useEffect(() => {
    if (shown.current && !walk) {
      setEnded(`Your session on ${shown.current.session.cut_name} has ended.`);
      setNotice(null);
    }
    if (!shown.current && walk) setEnded(null);
    shown.current = someoneElses ? null : walk;
  }, [walk, someoneElses]);

  // A walk left on a shared phone by another account is not this one's to send.
  useEffect(() => {
    if (someoneElses) void queue.clear();
  }, [someoneElses, queue]);

  return (
    <div className="canvass">
      <StatusBar
        online={view.online}
        waiting={state?.waiting.length ?? 0}
        syncing={view.syncing}
        error={view.error}
        rejected={state?.rejected ?? []}
        onSyncNow={api ? () => void view.syncNow() : undefined}
        onDismiss={(id) => void queue.dismiss(id)}
      />
      {(notice ?? ended) && <Notice>{notice ?? ended}</Notice>}
      {!state || someoneElses ? (
        <Loading label="Opening your walk…" />
      ) : walk ? (
        <WalkView walk={walk} view={view} api={api} />
      ) : api ? (
        <CutPicker api={api} queue={queue} online={view.online} onNotice={setNotice} />
      ) : (
        <section>
          <h1>Canvass</h1>
          <p>Start a session while you have signal: its walk list then stays on this phone and works offline.</p>
        </section>
      )}
    </div>
  );
}
