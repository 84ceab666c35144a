// @vitest-environment jsdom
import '../ui/test-setup';
import { Work } from '@yunzhan/shared';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Link, MemoryRouter, Route, Routes, useNavigate } from 'react-router-dom';
import { I18nProvider } from '../i18n/i18n';
import { WorkDrawer } from './work-drawer';

afterEach(cleanup);

const WORK = Work.parse({
  id: 'wk_morning1',
  catalogueNumber: 'YZ-2026-000001',
  kind: 'image',
  metadata: { title: { 'zh-CN': '晨光', en: 'Morning light' }, creator: '李华', date: '2026', rights: { holder: '李华', licence: 'cc0', credit: '' } },
  status: 'ready',
  assetId: 'as_1',
  audioGuideAssetId: null,
  media: { images: [], hls: null, model: null, audio: null, width: null, height: null },
  audioGuide: null,
  ownerId: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** The works page's shape: a link to the work, and the drawer on its route (closing navigates back). */
function WorksRoutes() {
  const navigate = useNavigate();
  return (
    <>
      <Link to={`/works/${WORK.id}`}>晨光</Link>
      <Routes>
        <Route path="/works" element={null} />
        <Route path="/works/:workId" element={<WorkDrawer work={WORK} asset={undefined} onClose={() => navigate('/works')} />} />
      </Routes>
    </>
  );
}

function Harness() {
  return (
    <I18nProvider>
      <MemoryRouter initialEntries={['/works']}>
        <WorksRoutes />
      </MemoryRouter>
    </I18nProvider>
  );
}

describe('WorkDrawer', () => {
  it('opens from the work link as a modal dialog named by the title, with its metadata', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('link', { name: '晨光' }));
    const drawer = screen.getByRole('dialog', { name: '晨光' });
    expect(drawer.getAttribute('data-work-id')).toBe(WORK.id);
    expect(drawer.contains(document.activeElement)).toBe(true);
    expect(screen.getByTestId('work-catalogue-number').textContent).toBe('YZ-2026-000001');
  });

  it('closes on Escape (navigating back) and returns focus to the link that opened it', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const link = screen.getByRole('link', { name: '晨光' });
    link.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('dialog', { name: '晨光' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(link);
  });

  it('closes from its close button, which says so in words', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const link = screen.getByRole('link', { name: '晨光' });
    await user.click(link);
    await user.click(screen.getByRole('button', { name: '关闭' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(link);
  });
});
