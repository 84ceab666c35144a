// First: the shared control styles come before every component's own (see ui/control-styles).
import './ui/control-styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider, createBrowserRouter } from 'react-router-dom';
import { AppLayout } from './app/app-layout';
import { NotFoundPage, RouteError } from './app/route-error';
import { AuthProvider } from './auth/auth-context';
import { DataProvider } from './data/data-provider';
import { I18nProvider, initialLocale } from './i18n/i18n';
import { preloadShellWords } from './i18n/loaders';
import { LobbyPage } from './lobby/lobby-page';
import './styles.css';
import layout from './ui/layout.module.css';

// The lobby is in the entry bundle; every other page is a lazily loaded chunk, so the 3D stack,
// hls.js and mediasoup-client load only on the pages that use them.
const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    // Shown for the moment a lazily loaded page is fetched on first load.
    hydrateFallbackElement: <div className={layout.page} aria-busy="true" />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <LobbyPage /> },
          { path: 'sign-in', lazy: async () => ({ Component: (await import('./sign-in/sign-in-page')).SignInPage }) },
          { path: 'account', lazy: async () => ({ Component: (await import('./account/account-page')).AccountPage }) },
          { path: 'host/:eventId', lazy: async () => ({ Component: (await import('./host/host-page')).HostPage }) },
          { path: 'caption/:eventId', lazy: async () => ({ Component: (await import('./host/caption-page')).CaptionPage }) },
          { path: 'events/:eventId', lazy: async () => ({ Component: (await import('./theatre/theatre-page')).TheatrePage }) },
          { path: 'admin/jobs', lazy: async () => ({ Component: (await import('./admin/jobs-page')).JobsPage }) },
          { path: 'admin/reviews', lazy: async () => ({ Component: (await import('./admin/reviews-page')).ReviewsPage }) },
          // The curator's exhibitions and the editor of one (the 3D view loads lazily inside it).
          { path: 'curate', lazy: async () => ({ Component: (await import('./curate/curate-list-page')).CurateListPage }) },
          { path: 'curate/:exhibitionId', lazy: async () => ({ Component: (await import('./curate/editor-page')).EditorPage }) },
          {
            path: 'exhibitions/:exhibitionId',
            lazy: async () => ({ Component: (await import('./exhibition/exhibition-page')).ExhibitionPage }),
          },
          // Award programmes: the public list and page (nominees, voting, results), and the
          // organiser's and judges' pages.
          { path: 'awards', lazy: async () => ({ Component: (await import('./awards/awards-list-page')).AwardsListPage }) },
          { path: 'awards/new', lazy: async () => ({ Component: (await import('./awards/admin/award-new-page')).AwardNewPage }) },
          { path: 'awards/:awardId', lazy: async () => ({ Component: (await import('./awards/award-page')).AwardPage }) },
          { path: 'awards/:awardId/judge', lazy: async () => ({ Component: (await import('./awards/admin/judge-page')).JudgePage }) },
          {
            path: 'awards/:awardId/admin',
            lazy: async () => ({ Component: (await import('./awards/admin/award-admin-page')).AwardAdminPage }),
          },
          { path: 'upload', lazy: async () => ({ Component: (await import('./uploads/upload-page')).UploadPage }) },
          // The works catalogue: library, add, detail drawer and edit are one page reading the URL.
          ...['works', 'works/new', 'works/:workId', 'works/:workId/edit'].map((path) => ({
            path,
            lazy: async () => ({ Component: (await import('./works/works-page')).WorksPage }),
          })),
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

// English words are not in the entry bundle (zh-CN is the default): a stored English choice
// fetches them first, so the first render already speaks it. Rendered even if that fetch fails:
// the page then asks for the words again as it renders.
void preloadShellWords(initialLocale())
  .catch(() => undefined)
  .then(() =>
    createRoot(container).render(
      <StrictMode>
        <DataProvider>
          <I18nProvider>
            <AuthProvider>
              <RouterProvider router={router} />
            </AuthProvider>
          </I18nProvider>
        </DataProvider>
      </StrictMode>,
    ),
  );
