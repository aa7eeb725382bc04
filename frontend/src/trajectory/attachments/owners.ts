import type { Attachment, OwnerType, RecordKind } from '../../api/trajectoryTypes';
import { formatDate } from '../dates';
import { ILLNESS_LABELS, VISIT_LABELS } from '../labels';
import type { Records } from '../timeline/entries';

/** The owner type of each kind of record that can carry files. */
export const OWNER_OF_KIND: Partial<Record<RecordKind, Exclude<OwnerType, 'child'>>> = {
  visits: 'visit',
  measurements: 'measurement',
  illnesses: 'illness',
};

/** The files of one record, by `owner_type:owner_id`. */
export function filesByOwner(files: Attachment[]): Map<string, Attachment[]> {
  const byOwner = new Map<string, Attachment[]>();
  for (const f of files) {
    const key = `${f.owner_type}:${f.owner_id}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), f]);
  }
  return byOwner;
}

/** Files of the record `id` of `kind`; none for kinds that take no files. */
export function filesOf(byOwner: Map<string, Attachment[]>, kind: RecordKind, id: string): Attachment[] {
  const owner = OWNER_OF_KIND[kind];
  return owner ? (byOwner.get(`${owner}:${id}`) ?? []) : [];
}

/**
 * Which record a file belongs to, in words: "Wellness visit of 15 Jan 2025:
 * One-year check-up", "Measurement of 15 Jan 2025", or "the child" for files
 * kept on the child itself. `null` when the record is not among `records`.
 */
export function ownerText(file: Attachment, records: Partial<Records>): string | null {
  switch (file.owner_type) {
    case 'child':
      return null;
    case 'visit': {
      const v = records.visits?.find((r) => r.id === file.owner_id);
      if (!v) return 'A visit';
      return `${VISIT_LABELS[v.type] ?? v.type} visit of ${formatDate(v.visit_date)}${v.title ? `: ${v.title}` : ''}`;
    }
    case 'measurement': {
      const m = records.measurements?.find((r) => r.id === file.owner_id);
      return m ? `Measurement of ${formatDate(m.measured_on)}` : 'A measurement';
    }
    case 'illness': {
      const i = records.illnesses?.find((r) => r.id === file.owner_id);
      if (!i) return 'An illness';
      return `Illness from ${formatDate(i.start_date)}: ${i.illness_types.map((t) => ILLNESS_LABELS[t] ?? t).join(', ')}`;
    }
  }
}
