import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../shell/layouts';
import { ChildPage } from './ChildPage';
import { FamiliesPage } from './FamiliesPage';
import { FamilyPage } from './FamilyPage';
import { NewChildPage } from './NewChildPage';
import { FamilySettingsPage } from './settings/FamilySettingsPage';

/** The Trajectory area: families, their children and every child's records, below /trajectory. */
export function TrajectoryHome() {
  return (
    <Routes>
      <Route index element={<FamiliesPage />} />
      <Route path="families/:familyId" element={<FamilyPage />} />
      <Route path="families/:familyId/settings" element={<FamilySettingsPage />} />
      <Route path="families/:familyId/children/new" element={<NewChildPage />} />
      <Route path="children/:childId/*" element={<ChildPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
