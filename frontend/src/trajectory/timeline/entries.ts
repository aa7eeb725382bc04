import type { Illness, Measurement, MedicalEvent, RecordKind, Visit } from '../../api/trajectoryTypes';

export type Entry =
  | { kind: 'visits'; date: string; record: Visit }
  | { kind: 'measurements'; date: string; record: Measurement }
  | { kind: 'medical-events'; date: string; record: MedicalEvent }
  | { kind: 'illnesses'; date: string; record: Illness };

export interface Records {
  visits: Visit[];
  measurements: Measurement[];
  'medical-events': MedicalEvent[];
  illnesses: Illness[];
}

/** Every record of a child in one list, newest first (ties: latest created first). */
export function mergeEntries(records: Records): Entry[] {
  const entries: Entry[] = [
    ...records.visits.map((record) => ({ kind: 'visits' as const, date: record.visit_date, record })),
    ...records.measurements.map((record) => ({ kind: 'measurements' as const, date: record.measured_on, record })),
    ...records['medical-events'].map((record) => ({ kind: 'medical-events' as const, date: record.date, record })),
    ...records.illnesses.map((record) => ({ kind: 'illnesses' as const, date: record.start_date, record })),
  ];
  return entries.sort((a, b) =>
    a.date === b.date ? b.record.created_at.localeCompare(a.record.created_at) : b.date.localeCompare(a.date),
  );
}

export const KIND_ORDER: RecordKind[] = ['visits', 'measurements', 'illnesses', 'medical-events'];

export const KIND_LABELS: Record<RecordKind, string> = {
  visits: 'Visits',
  measurements: 'Measurements',
  illnesses: 'Illnesses',
  'medical-events': 'Medical events',
};
