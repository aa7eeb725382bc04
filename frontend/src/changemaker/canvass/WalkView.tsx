import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { ConfirmButton } from '../../shell/confirm';
import { FormError, Notice } from '../../shell/forms';
import { formatMoment } from '../../trajectory/dates';
import type { CanvassApi } from './api';
import { useTrack } from './position';
import type { KeptWalk } from './queue';
import type { Household } from './types';
import type { QueueView } from './useQueue';
import { VisitSheet, doorLabel } from './VisitSheet';
import { outcomeLabel, visitInput, type VisitForm } from './visitRules';
import { fetchHouseholds, newVisitId, walkDoors, type WalkDoor } from './walk';

/** A walk list fetched this recently is not fetched again on opening. */
const FRESH_MS = 60_000;

interface Props {
  walk: KeptWalk;
  view: QueueView;
  /** Null when the app opened offline without a session: the walk goes on, and sends once signed in again. */
  api: CanvassApi | null;
}

/**
 * The walk: the cut's doors in the suggested order, those done this session
 * below, each opening the visit sheet. A visit goes into the queue first (and
 * its door is marked at once), then syncs when there is signal.
 */
export function WalkView({ walk, view, api }: Props) {
  const { queue, state, online, syncNow } = view;
  const session = walk.session;
  const ending = state?.ending === session.id;
  const [open, setOpen] = useState<Household | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ordering, setOrdering] = useState(false);
  const position = useTrack(ending ? null : session.id, queue);
  const list = useRef<HTMLDivElement>(null);
  const focusDoor = useRef<string | null>(null);
  const { todo, done } = walkDoors(walk);

  // With signal, once per opening: is the session still on, and a fresh walk
  // list (unless it was fetched a moment ago, as when the session just started).
  const canRefresh = Boolean(api) && online;
  const fetchedAt = useRef(walk.savedAt);
  useEffect(() => {
    if (!api || !canRefresh) return;
    let current = true;
    (async () => {
      const latest = await api.session(session.id);
      if (!current) return;
      if (latest.status !== 'active') {
        await queue.forgetWalk();
        return;
      }
      if (Date.now() - Date.parse(fetchedAt.current) < FRESH_MS) return;
      const households = await fetchHouseholds(api, session.id);
      if (current) await queue.keepWalk(latest, households);
    })().catch((caught: unknown) => current && setProblem(`The walk list could not be refreshed: ${errorMessage(caught)}`));
    return () => {
      current = false;
    };
  }, [api, canRefresh, session.id, queue]);

  // After the sheet closes, the focus goes to the next door to knock (or back to the one left).
  useEffect(() => {
    if (open || !list.current) return;
    const wanted = focusDoor.current;
    focusDoor.current = null;
    if (wanted === null) return;
    const target = list.current.querySelector<HTMLButtonElement>(wanted ? `[data-door="${wanted}"]` : 'button.door');
    target?.focus();
  }, [open]);

  async function save(household: Household, form: VisitForm) {
    const visit = visitInput(form, {
      id: newVisitId(),
      sessionId: session.id,
      locationId: household.id,
      visitedAt: new Date().toISOString(),
    });
    await queue.record(visit, doorLabel(household));
    focusDoor.current = '';
    setOpen(null);
    if (online) void syncNow();
  }

  async function orderFromHere() {
    if (!api) return;
    setOrdering(true);
    setProblem(null);
    try {
      await queue.keepWalk(session, await fetchHouseholds(api, session.id, position));
    } catch (caught) {
      setProblem(errorMessage(caught));
    } finally {
      setOrdering(false);
    }
  }

  async function end() {
    await queue.endSession(session.id);
    if (online) await syncNow();
  }

  const total = walk.households.length;
  return (
    <section aria-labelledby="walk-heading" className="walk">
      <h1 id="walk-heading">{session.cut_name}</h1>
      <p className="muted">
        {done.length} of {total} doors done this session · started {formatMoment(session.started_at)}
      </p>
      {ending ? (
        <Notice>
          You ended this session. It is completed as soon as its visits are sent
          {online ? '.' : ', once you are back online.'}
        </Notice>
      ) : open ? (
        <VisitSheet
          household={open}
          households={walk.households}
          onSave={(form) => save(open, form)}
          onCancel={() => {
            focusDoor.current = open.id;
            setOpen(null);
          }}
        />
      ) : (
        <div ref={list}>
          <div className="actions walk-actions">
            {canRefresh && (
              <button type="button" onClick={() => void orderFromHere()} disabled={ordering} aria-busy={ordering}>
                {ordering ? 'Ordering…' : position ? 'Order from where I am' : 'Refresh the order'}
              </button>
            )}
            <ConfirmButton
              label="End session"
              confirmLabel="Yes, end the session"
              question="End this session?"
              className=""
              onConfirm={end}
            />
          </div>
          <FormError message={problem} />
          {total === 0 && <p>This cut has no household with a place on the map yet.</p>}
          {total > 0 && (
            <>
              <h2>To visit ({todo.length})</h2>
              {todo.length === 0 && <p>Every door is done. End the session when you have finished.</p>}
              <DoorList doors={todo} label="Doors to visit" onOpen={setOpen} />
            </>
          )}
          {done.length > 0 && (
            <>
              <h2>Done this session ({done.length})</h2>
              <DoorList doors={done} label="Doors done this session" onOpen={setOpen} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function DoorList({ doors, label, onOpen }: { doors: WalkDoor[]; label: string; onOpen(household: Household): void }) {
  if (doors.length === 0) return null;
  return (
    <ol className="doors" aria-label={label}>
      {doors.map(({ household, outcome, at }) => (
        <li key={household.id}>
          <button type="button" className="door" data-door={household.id} onClick={() => onOpen(household)}>
            <span className="door-order" aria-hidden="true">
              {household.order}
            </span>
            <span className="door-text">
              <strong>{doorLabel(household)}</strong>
              {household.occupant_name && <span>{household.occupant_name}</span>}
              <span className="muted">
                {outcome ? `${outcomeLabel(outcome)}${at ? `, ${formatMoment(at)}` : ''}` : 'Not visited yet'}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
