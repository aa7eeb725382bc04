import { Link, Outlet, Route, Routes } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { Loading } from '../../shell/forms';
import { AppLayout, NotFound } from '../../shell/layouts';
import { CampaignListPage } from './CampaignListPage';
import { CampaignPage } from './CampaignPage';
import './influence.css';

/**
 * The public side of Influence, open to strangers on their phones: the list of
 * campaigns and each campaign's page. A signed-in visitor keeps the app's frame.
 */
export function PublicInfluence() {
  return (
    <Routes>
      <Route element={<InfluenceLayout />}>
        <Route index element={<CampaignListPage />} />
        <Route path=":slug" element={<CampaignPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** The app's frame for a signed-in visitor; a light public frame for everyone else. */
export function InfluenceLayout() {
  const { user, loading } = useAuth();
  if (loading) return <Loading label="Loading…" />;
  if (user) return <AppLayout />;
  return (
    <>
      <header className="topbar">
        <div className="nav">
          <Link to="/campaigns" className="brand">
            Changemaker <span aria-hidden="true">·</span> Campaigns
          </Link>
        </div>
      </header>
      <main className="page page-public">
        <Outlet />
      </main>
    </>
  );
}
