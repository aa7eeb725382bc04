import { Suspense, lazy } from 'react';
import { Link, NavLink, Route, Routes, useLocation, useParams } from 'react-router-dom';
import type { Child } from '../api/trajectoryTypes';
import { NotFound } from '../shell/layouts';
import { Loading, Notice } from '../shell/forms';
import { useLoad } from '../shell/useLoad';
import { usePageTitle } from '../shell/usePageTitle';
import { AttachmentsPanel } from './attachments/AttachmentsPanel';
import { ChildAvatar } from './ChildAvatar';
import { ChildDetails } from './ChildDetails';
import { ageText, formatDate } from './dates';
import { IllnessHeatmapPanel } from './heatmap/IllnessHeatmapPanel';
import { useTrajectory } from './hooks';
import { canWrite } from './labels';
import { LoadError } from './LoadError';
import { RecordFormPage } from './records/RecordFormPage';
import { Timeline } from './timeline/Timeline';

// The chart library is large; load it only when the Growth tab opens.
const GrowthPanel = lazy(() => import('./growth/GrowthPanel').then((m) => ({ default: m.GrowthPanel })));

const TABS = [
  { to: '', label: 'Timeline', end: true },
  { to: 'growth', label: 'Growth' },
  { to: 'illnesses', label: 'Illnesses' },
  { to: 'files', label: 'Files' },
  { to: 'details', label: 'Details' },
] as const;

/** One child: a header, and tabs for the timeline, growth, illnesses, files and details. */
export function ChildPage() {
  const { childId = '' } = useParams();
  const api = useTrajectory();
  const load = useLoad(() => api.child(childId), [api, childId]);
  // A message from the page that sent us here (a child just added); gone on the next move.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  usePageTitle(load.data?.name ?? 'Child');

  if (load.loading && !load.data) return <Loading label="Loading…" />;
  if (load.error || !load.data) return <LoadError title="Child" message={load.error} retry={load.reload} />;

  const child = load.data;
  return (
    <>
      <p className="crumbs">
        <Link to={`/trajectory/families/${child.family_id}`}>Back to the family</Link>
      </p>
      {notice && <Notice>{notice}</Notice>}
      <ChildHeader child={child} />
      <nav aria-label="Child sections" className="tabs">
        {TABS.map((tab) => (
          <NavLink key={tab.label} to={`/trajectory/children/${child.id}${tab.to ? `/${tab.to}` : ''}`} end={'end' in tab}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Timeline child={child} />} />
        <Route
          path="growth"
          element={
            <Suspense fallback={<Loading label="Loading the chart…" />}>
              <GrowthPanel child={child} />
            </Suspense>
          }
        />
        <Route path="illnesses" element={<IllnessHeatmapPanel child={child} />} />
        <Route path="files" element={<AttachmentsPanel child={child} />} />
        <Route
          path="details"
          element={<ChildDetails child={child} onChanged={load.setData} onReload={load.reload} />}
        />
        <Route path="new/:kind" element={<RecordFormPage child={child} />} />
        <Route path=":kind/:recordId/edit" element={<RecordFormPage child={child} />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}

function ChildHeader({ child }: { child: Child }) {
  return (
    <div className="child-header">
      <ChildAvatar child={child} size="large" />
      <div>
        <h1>{child.name}</h1>
        <p className="muted">
          {ageText(child.date_of_birth)} · born {formatDate(child.date_of_birth)}
          {!canWrite(child.role) && <span className="badge">Read-only</span>}
        </p>
      </div>
    </div>
  );
}
