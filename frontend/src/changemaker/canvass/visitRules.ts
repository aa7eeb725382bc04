/**
 * The rules of a visit as the contract sets them, in one place for the sheet
 * and its tests: which outcome takes which extra fields, the plain words for
 * outcomes, support levels and sign sizes, and the `VisitInput` a filled sheet
 * becomes (nothing sent that its outcome does not allow).
 */
import type { Household, Outcome, SignSize, VisitInput } from './types';

/** The outcomes in the order the sheet offers them, with the words a canvasser reads. */
export const OUTCOMES: readonly { value: Outcome; label: string }[] = [
  { value: 'not_home', label: 'Not home' },
  { value: 'refused', label: 'Refused' },
  { value: 'moved', label: 'Moved' },
  { value: 'already_voted', label: 'Already voted' },
  { value: 'spoke_with', label: 'Spoke with' },
  { value: 'left_literature', label: 'Left literature' },
  { value: 'come_back_later', label: 'Come back later' },
];

const OUTCOME_LABELS = Object.fromEntries(OUTCOMES.map((o) => [o.value, o.label])) as Record<Outcome, string>;

/** "Spoke with" for `spoke_with`. */
export function outcomeLabel(outcome: Outcome): string {
  return OUTCOME_LABELS[outcome] ?? outcome;
}

/** Support levels as the map counts them: 1 strong support … 4 opposed. */
export const SUPPORT_LEVELS: readonly { value: number; label: string }[] = [
  { value: 1, label: 'Strong support' },
  { value: 2, label: 'Leaning support' },
  { value: 3, label: 'Undecided' },
  { value: 4, label: 'Opposed' },
];

/** "2 · Leaning support". */
export function supportLabel(level: number): string {
  const found = SUPPORT_LEVELS.find((l) => l.value === level);
  return found ? `${level} · ${found.label}` : String(level);
}

export const SIGN_SIZES: readonly { value: SignSize; label: string }[] = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' },
];

/** The longest note the server keeps. */
export const NOTES_MAX = 1000;

/** What the sheet holds while it is filled in. */
export interface VisitForm {
  outcome: Outcome | null;
  supportLevel: number | null;
  signRequested: boolean;
  signSize: SignSize | null;
  notes: string;
  wholeBuilding: boolean;
}

export const EMPTY_FORM: VisitForm = {
  outcome: null,
  supportLevel: null,
  signRequested: false,
  signSize: null,
  notes: '',
  wholeBuilding: false,
};

/** The households of the walk at the same street address as `household` (itself included). */
export function sameBuilding(household: Household, households: readonly Household[]): Household[] {
  const key = addressKey(household.address);
  return households.filter((h) => addressKey(h.address) === key);
}

function addressKey(address: string): string {
  return address.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Whether the sheet offers "Not home — whole building": the address has several units in the walk. */
export function offersWholeBuilding(household: Household, households: readonly Household[]): boolean {
  return sameBuilding(household, households).length > 1;
}

/** The problems of a filled sheet, by the API's field name; empty when it may be saved. */
export function visitProblems(form: VisitForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!form.outcome) problems.outcome = 'Choose what happened at the door';
  if (form.notes.length > NOTES_MAX) problems.notes = `At most ${NOTES_MAX} characters`;
  return problems;
}

/**
 * The visit a filled sheet records: support and sign only with "Spoke with",
 * the size only with a sign, "whole building" only with "Not home".
 * Call only when `visitProblems(form)` is empty.
 */
export function visitInput(
  form: VisitForm,
  at: { id: string; sessionId: string; locationId: string; visitedAt: string },
): VisitInput {
  const outcome = form.outcome ?? 'not_home';
  const visit: VisitInput = {
    id: at.id,
    session_id: at.sessionId,
    location_id: at.locationId,
    outcome,
    visited_at: at.visitedAt,
  };
  if (outcome === 'spoke_with') {
    if (form.supportLevel !== null) visit.support_level = form.supportLevel;
    if (form.signRequested) {
      visit.sign_requested = true;
      if (form.signSize) visit.sign_size = form.signSize;
    }
  }
  if (outcome === 'not_home' && form.wholeBuilding) visit.whole_building = true;
  const notes = form.notes.trim();
  if (notes) visit.notes = notes;
  return visit;
}
