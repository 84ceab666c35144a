// @vitest-environment jsdom
import { listTemplates } from '@yunzhan/scenes';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderForm, wireError, words } from '../forms/form-test-kit';
import { NewExhibitionForm } from './new-exhibition-form';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The exhibition the server answers with, built from what was sent. */
function created(body: { id: string; title: { 'zh-CN': string; en: string }; templateId: string }) {
  const at = '2026-01-01T00:00:00.000Z';
  return { id: body.id, title: body.title, summary: body.title, ownerId: 'u1', status: 'draft', draft: { templateId: body.templateId }, revision: 0, published: null, review: null, createdAt: at, updatedAt: at, publishedAt: null };
}

describe('NewExhibitionForm', () => {
  it('creates the exhibition with the parsed values: id lower-cased, titles trimmed, the picked template', async () => {
    const sent = fakeApi((r) => (r.method === 'POST' && r.path === '/api/exhibitions' ? { status: 201, body: created(r.body as never) } : undefined));
    const onCreated = vi.fn();
    const { user } = renderForm(<NewExhibitionForm onCreated={onCreated} />);
    await user.type(screen.getByTestId('new-exhibition-id'), 'Spring-Hall');
    await user.type(screen.getByTestId('new-exhibition-title-zh'), ' 春之厅 ');
    await user.type(screen.getByTestId('new-exhibition-title-en'), 'Spring hall');
    const template = listTemplates()[1]!;
    await user.click(screen.getAllByTestId('template-card').find((c) => c.dataset.templateId === template.id)!.querySelector('input')!);
    await user.click(screen.getByTestId('new-exhibition-create'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(sent).toEqual([{ method: 'POST', path: '/api/exhibitions', body: { id: 'spring-hall', title: { 'zh-CN': '春之厅', en: 'Spring hall' }, templateId: template.id } }]);
    expect(onCreated.mock.calls[0]![0].id).toBe('spring-hall');
  });

  it('marks an id of the wrong shape and a missing title, focusing the first, and sends nothing', async () => {
    const sent = fakeApi(() => undefined);
    const { user } = renderForm(<NewExhibitionForm onCreated={() => undefined} />);
    await user.type(screen.getByTestId('new-exhibition-id'), 'x');
    await user.click(screen.getByTestId('new-exhibition-create'));
    const id = screen.getByTestId('new-exhibition-id');
    await waitFor(() => expect(id.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('new-exhibition-id-error').textContent).toBe(words('form.error.exhibitionId'));
    expect(screen.getByTestId('new-exhibition-title-zh-error').textContent).toBe(words('form.error.required'));
    expect(screen.getByTestId('new-exhibition-title-zh').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(id);
    expect(sent).toEqual([]);
  });

  it('puts the server refusal of the template on the template picker, and a conflict above the form', async () => {
    let answer = wireError(400, 'VALIDATION_FAILED', 'Invalid templateId: no hall template "gone"', { issues: [{ path: 'templateId', message: 'no hall template "gone"' }] });
    fakeApi(() => answer);
    const { user } = renderForm(<NewExhibitionForm onCreated={() => undefined} />);
    await user.type(screen.getByTestId('new-exhibition-id'), 'spring-hall');
    await user.type(screen.getByTestId('new-exhibition-title-zh'), '春之厅');
    await user.click(screen.getByTestId('new-exhibition-create'));
    const picker = await screen.findByRole('group', { name: words('curate.new.template') });
    await waitFor(() => expect(picker.getAttribute('aria-describedby')).toBe('new-exhibition-template-error'));
    expect(document.getElementById('new-exhibition-template-error')?.textContent).toBe(words('form.error.server'));
    expect(document.body.textContent).not.toContain('no hall template');

    answer = wireError(409, 'CONFLICT', 'exists');
    await user.click(screen.getByTestId('new-exhibition-create'));
    const alert = await screen.findByTestId('new-exhibition-error');
    expect(alert.dataset.code).toBe('CONFLICT');
    expect(alert.textContent).toBe(words('error.CONFLICT'));
  });
});
