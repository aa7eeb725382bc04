import { Suspense, lazy } from 'react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { AdminPage } from './admin/AdminPage';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage';
import { LoginPage } from './auth/LoginPage';
import { ProfilePage } from './auth/ProfilePage';
import { RegisterPage } from './auth/RegisterPage';
import { ResetPasswordPage } from './auth/ResetPasswordPage';
import { SsoDonePage } from './auth/SsoDonePage';
import { SsoLinkPage } from './auth/SsoLinkPage';
import { VerifyEmailPage } from './auth/VerifyEmailPage';
import { ChangemakerHome } from './changemaker/ChangemakerHome';
import { PublicInfluence } from './changemaker/influence/PublicInfluence';
import { VerifyResponsePage } from './changemaker/influence/VerifyResponsePage';
import { PagesArea, PublicLandingPage, TemplatesArea } from './changemaker/pages/routes';
import { PublicShifts } from './changemaker/shifts/PublicShifts';
import { LandingPage } from './landing/LandingPage';
import { Loading } from './shell/forms';
import { GuestOnly, RequireAuth, RequireRole } from './shell/guards';
import { AppLayout, EitherLayout, NotFound, PublicLayout } from './shell/layouts';
import { InvitePage } from './trajectory/InvitePage';
import { OfflinePage } from './trajectory/OfflinePage';
import { TrajectoryHome } from './trajectory/TrajectoryHome';

/** The canvass walk kept on the phone, for an app opened offline at its address. */
const CanvassOffline = lazy(() =>
  import('./changemaker/canvass/CanvassScreen').then((m) => ({ default: m.CanvassOffline })),
);

/** The video library (with its analytics charts) and the public gallery load on demand. */
const MediaArea = lazy(() => import('./changemaker/media/routes').then((m) => ({ default: m.MediaArea })));
const PublicGallery = lazy(() => import('./changemaker/media/routes').then((m) => ({ default: m.PublicGallery })));

/** What opens without a network (so without a session): the kept canvass walk at its address, else the kept family. */
function Offline() {
  const { pathname } = useLocation();
  if (!pathname.startsWith('/changemaker/canvass')) return <OfflinePage />;
  return (
    <Suspense fallback={<Loading label="Opening your walk…" />}>
      <CanvassOffline />
    </Suspense>
  );
}

/** Every route of the app; the router itself is supplied by the caller (browser or test). */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<LandingPage />} />
      <Route path="/p/:slug" element={<PublicLandingPage />} />
      <Route element={<PublicLayout />}>
        <Route path="/login" element={<GuestOnly><LoginPage /></GuestOnly>} />
        <Route path="/register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
      </Route>
      <Route element={<EitherLayout />}>
        <Route path="/invite" element={<InvitePage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/sso/done" element={<SsoDonePage />} />
        <Route path="/sso/link" element={<SsoLinkPage />} />
        <Route path="/responses/verify" element={<VerifyResponsePage />} />
      </Route>
      <Route path="/campaigns/*" element={<PublicInfluence />} />
      <Route path="/shifts/*" element={<PublicShifts />} />
      <Route
        path="/gallery/*"
        element={
          <Suspense fallback={<Loading label="Loading the gallery…" />}>
            <PublicGallery />
          </Suspense>
        }
      />
      <Route element={<RequireAuth offline={<Offline />}><AppLayout /></RequireAuth>}>
        <Route path="/trajectory/*" element={<TrajectoryHome />} />
        <Route path="/changemaker/*" element={<ChangemakerHome />} />
        <Route path="/changemaker/pages/*" element={<PagesArea />} />
        <Route path="/changemaker/templates/*" element={<TemplatesArea />} />
        <Route
          path="/changemaker/media/*"
          element={
            <Suspense fallback={<Loading label="Loading the video library…" />}>
              <MediaArea />
            </Suspense>
          }
        />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/admin" element={<RequireRole role="SUPER_ADMIN"><AdminPage /></RequireRole>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
