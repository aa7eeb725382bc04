import type { Child } from '../../api/trajectoryTypes';
import { SelectField } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { formatDate } from '../dates';
import { useTrajectory } from '../hooks';
import { VISIT_LABELS } from '../labels';

/** Links a record to one of the child's visits (optional). */
export function VisitSelect({ child, value, onChange, error }: { child: Child; value: string; onChange(id: string): void; error?: string }) {
  const api = useTrajectory();
  const visits = useLoad(() => api.records(child.id, 'visits'), [api, child.id]);
  const options = [
    { value: '', label: visits.loading ? 'Loading visits…' : 'None' },
    ...(visits.data?.data ?? []).map((v) => ({
      value: v.id,
      label: `${formatDate(v.visit_date)} · ${VISIT_LABELS[v.type] ?? v.type}${v.title ? ` · ${v.title}` : ''}`,
    })),
  ];
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: 'The linked visit' });
  return <SelectField label="Visit" name="visit_id" options={options} value={value} onChange={(e) => onChange(e.target.value)} error={error} />;
}
