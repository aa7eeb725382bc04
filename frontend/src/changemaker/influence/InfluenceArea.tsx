import type { ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { NotFound } from '../../shell/layouts';
import { CampaignAdminPage } from './admin/CampaignAdminPage';
import { CampaignsAdminPage } from './admin/CampaignsAdminPage';
import { EmailQueuePage } from './admin/EmailQueuePage';
import { ModerationPage } from './admin/ModerationPage';
import { MyCampaignsPage } from './admin/MyCampaignsPage';
import { NewCampaignPage } from './admin/NewCampaignPage';
import { RepresentativesPage } from './admin/RepresentativesPage';
import { administersInfluence, maySubmitCampaigns } from './hooks';
import { influenceLinks } from './InfluenceLinks';
import './influence.css';

/**
 * Influence for signed-in users under /changemaker/influence: the admins' screens
 * (campaigns, representatives, the email queue, moderation) for SUPER_ADMIN and
 * INFLUENCE_ADMIN, and proposing campaigns for everyone but TEMP accounts.
 */
export function InfluenceArea() {
  const role = useAuth().user?.role;
  const admin = administersInfluence(role);
  const member = maySubmitCampaigns(role);
  const adminOnly = (page: ReactNode) => (admin ? page : <NotAllowed />);
  return (
    <>
      <InfluenceNav />
      <Routes>
        <Route index element={admin ? <CampaignsAdminPage /> : <Navigate to="mine" replace />} />
        <Route path="campaigns/new" element={adminOnly(<NewCampaignPage />)} />
        <Route path="campaigns/:id" element={<CampaignAdminPage />} />
        <Route path="submit" element={member ? <NewCampaignPage submission /> : <NotAllowed />} />
        <Route path="mine" element={<MyCampaignsPage />} />
        <Route path="representatives" element={adminOnly(<RepresentativesPage />)} />
        <Route path="emails" element={adminOnly(<EmailQueuePage />)} />
        <Route path="responses" element={adminOnly(<ModerationPage />)} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}

function InfluenceNav() {
  const role = useAuth().user?.role;
  return (
    <nav aria-label="Influence" className="tabs">
      {influenceLinks(role)
        .filter((l) => l.to !== '/campaigns')
        .map((l) => (
          <NavLink key={l.to} to={l.to} end>
            {l.label}
          </NavLink>
        ))}
    </nav>
  );
}

function NotAllowed() {
  return (
    <section>
      <h1>Not allowed</h1>
      <p>Your account does not have access to this page.</p>
    </section>
  );
}
