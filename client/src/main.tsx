import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { AppLayout } from './app/app-layout';
import { NotFoundPage, RouteError } from './app/route-error';
import { AuthProvider } from './auth/auth-context';
import { I18nProvider } from './i18n/i18n';
import { LobbyPage } from './lobby/lobby-page';
import './styles.css';

// The lobby is in the entry bundle; every other page is a lazily loaded chunk, so the 3D stack,
// hls.js and mediasoup-client load only on the pages that use them.
const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    // Shown for the moment a lazily loaded page is fetched on first load.
    hydrateFallbackElement: <div className="page" aria-busy="true" />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <LobbyPage /> },
          { path: 'sign-in', lazy: async () => ({ Component: (await import('./sign-in/sign-in-page')).SignInPage }) },
          { path: 'host/:eventId', lazy: async () => ({ Component: (await import('./host/host-page')).HostPage }) },
          { path: 'events/:eventId', lazy: async () => ({ Component: (await import('./theatre/theatre-page')).TheatrePage }) },
          { path: 'admin/jobs', lazy: async () => ({ Component: (await import('./admin/jobs-page')).JobsPage }) },
          { path: 'upload', lazy: async () => ({ Component: (await import('./uploads/upload-page')).UploadPage }) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </I18nProvider>
  </StrictMode>,
);
