import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ApiClient } from './api/client';
import { AppRoutes } from './App';
import { AuthProvider } from './auth/AuthContext';
import { AccountDisplay, DisplayProvider } from './shell/display';
import './styles.css';

const api = new ApiClient();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <DisplayProvider>
        <AuthProvider api={api}>
          <AccountDisplay />
          <AppRoutes />
        </AuthProvider>
      </DisplayProvider>
    </BrowserRouter>
  </StrictMode>,
);

// Installable app: the service worker keeps the app's own files for offline use.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
