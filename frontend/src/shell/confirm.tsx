/**
 * Asking before an action that cannot be undone (delete, remove, leave): the
 * action's button turns into "Yes, …" and "Cancel" in its place, so no dialog
 * takes over the page and the question stays beside what it is about.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/errors';
import { FormError } from './forms';

export interface ConfirmButtonProps {
  /** The first button, naming the action: "Delete child". */
  label: string;
  /** The button that carries it out: "Yes, delete Ada". */
  confirmLabel: string;
  /** The button that backs out: "Cancel", unless the context says it better ("Keep it"). */
  cancelLabel?: string;
  /** Asked beside the buttons while confirming ("Remove Ada from The Lovelaces?"); also names them as a group. */
  question?: string;
  /** The first button's class: `danger` (the default), `link-button`, or '' for a plain button. */
  className?: string;
  /**
   * Carries the action out; both buttons are disabled until it settles, then the
   * question closes. It should not reject: show its error where the action lives
   * (as `ConfirmSection` does).
   */
  onConfirm(): Promise<void> | void;
}

/**
 * A button that asks before it acts. Pressing it shows the confirm and cancel
 * buttons in its place with the focus on cancel, the harmless choice; Escape or
 * cancel closes the question and gives the focus back to the first button.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  cancelLabel = 'Cancel',
  question,
  className = 'danger',
  onConfirm,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (wasAsking.current) trigger.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  async function confirm() {
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
      setAsking(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && !pending) {
      event.stopPropagation();
      setAsking(false);
    }
  }

  if (!asking) {
    return (
      <button ref={trigger} type="button" className={className || undefined} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div role="group" aria-label={question ?? label} className="actions" onKeyDown={onKeyDown}>
      {question && <span>{question}</span>}
      <button type="button" className="danger" disabled={pending} onClick={confirm}>
        {confirmLabel}
      </button>
      <button ref={cancel} type="button" disabled={pending} onClick={() => setAsking(false)}>
        {cancelLabel}
      </button>
    </div>
  );
}

export interface ConfirmSectionProps extends Pick<ConfirmButtonProps, 'label' | 'confirmLabel' | 'cancelLabel'> {
  /** The section's heading: "Delete Ada". */
  title: string;
  /** What the action does, and what it cannot undo. */
  children: ReactNode;
  /** A danger zone with a danger button (the default); false for a plain card and button. */
  danger?: boolean;
  /** Carries the action out; when it fails, its message is shown in the section. */
  onConfirm(): Promise<unknown>;
  /** Where to go once it succeeded, e.g. the list that held what was deleted. */
  then?: string;
}

/**
 * A card of its own for one irreversible step of a settings page (delete a child,
 * delete or leave a family): heading, what it does, the server's refusal if any,
 * and a `ConfirmButton`.
 */
export function ConfirmSection({ title, children, danger = true, onConfirm, then, ...button }: ConfirmSectionProps) {
  const headingId = useId();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    try {
      await onConfirm();
      if (then) navigate(then);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className={danger ? 'card danger-zone' : 'card'} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="muted">{children}</p>
      <FormError message={error} />
      <ConfirmButton {...button} className={danger ? 'danger' : ''} onConfirm={run} />
    </section>
  );
}

export type DeleteSectionProps = Omit<ConfirmSectionProps, 'title' | 'label' | 'confirmLabel' | 'cancelLabel' | 'danger'> & {
  /** What is deleted, as the page names it: "Ada". */
  name: string;
  /** What kind of thing it is, for the first button: "child" gives "Delete child". */
  noun: string;
};

/** The danger zone that deletes one thing, in the app's words: "Delete Ada", then "Yes, delete Ada". */
export function DeleteSection({ name, noun, ...section }: DeleteSectionProps) {
  return <ConfirmSection title={`Delete ${name}`} label={`Delete ${noun}`} confirmLabel={`Yes, delete ${name}`} {...section} />;
}
