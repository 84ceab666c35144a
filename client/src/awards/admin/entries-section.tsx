import { phaseIndex, type AwardProgramme, type Work } from '@yunzhan/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { fetchWorks } from '../../works/works-api';
import { localizedText } from '../../works/work-library';
import { addEntry, withdrawEntry } from './admin-api';
import { BusyButton, ErrorNote } from './admin-ui';
import adminStyles from './award-admin.module.css';
import { buttonClass } from '../../ui/button';
import { cx } from '../../ui/class-names';
import controls from '../../ui/controls.module.css';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

type Category = AwardProgramme['categories'][number];

/** The entries of each category: nominate a catalogue work, withdraw an entry. */
export function EntriesSection({ programme, onChanged }: { programme: AwardProgramme; onChanged: (next?: AwardProgramme) => void }) {
  const { t } = useI18n();
  const worksQuery = useQuery({ queryKey: queryKeys.works.list(), queryFn: () => fetchWorks() });
  const works = worksQuery.data ?? null;
  const error = worksQuery.error && !works ? toClientError(worksQuery.error) : null;
  // Admins add entries before judging and withdraw them before the ceremony (the server's rule).
  const canAdd = phaseIndex(programme.phase) <= phaseIndex('entries');
  const canWithdraw = phaseIndex(programme.phase) < phaseIndex('ceremony');

  return (
    <section className={adminStyles.section} aria-labelledby="award-entries-heading" data-testid="award-entries">
      <h2 id="award-entries-heading">{t('awardsAdmin.entries.title')}</h2>
      <ErrorNote error={error} testId="works-error" />
      {programme.categories.map((category) => (
        <CategoryEntries key={category.id} programmeId={programme.id} category={category} works={works} canAdd={canAdd} canWithdraw={canWithdraw} onChanged={() => onChanged()} />
      ))}
    </section>
  );
}

function CategoryEntries({ programmeId, category, works, canAdd, canWithdraw, onChanged }: {
  programmeId: string;
  category: Category;
  works: Work[] | null;
  canAdd: boolean;
  canWithdraw: boolean;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const [workId, setWorkId] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const entered = new Set(category.entries.map((e) => e.work.id));
  const eligible = (works ?? []).filter((w) => category.eligibility.kinds.includes(w.kind) && !entered.has(w.id));

  /** Runs an action with its button busy; true when it succeeded. */
  const run = async (key: string, action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(key);
    setError(null);
    try {
      await action();
      onChanged();
      return true;
    } catch (e) {
      setError(toClientError(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className={adminStyles.category} data-testid={`entries-${category.id}`}>
      <h3>
        {localizedText(category.title, locale)} <span className={cx(text.muted, text.small)}>{t('awardsAdmin.entries.count', { count: category.entries.length })}</span>
      </h3>
      <ErrorNote error={error} testId={`entries-error-${category.id}`} />
      {category.entries.length === 0 ? (
        <p className={text.muted}>{t('awardsAdmin.entries.none')}</p>
      ) : (
        <ul className={adminStyles.list}>
          {category.entries.map((entry) => (
            <li key={entry.id} className={adminStyles.listItem} data-testid={`entry-${entry.id}`}>
              {entry.work.imageUrl && <img className={adminStyles.thumb} src={entry.work.imageUrl} alt="" loading="lazy" />}
              <span>
                {localizedText(entry.work.title, locale)} <span className={cx(text.muted, text.small)}>{entry.work.creator ?? ''} · {entry.work.catalogueNumber}</span>
              </span>
              <span className={layout.spacer} />
              {canWithdraw && (
                <BusyButton className={buttonClass('ghost')} busy={busy === entry.id} busyLabel={t('awardsAdmin.working')} data-testid={`withdraw-${entry.id}`} onClick={() => void run(entry.id, () => withdrawEntry(programmeId, entry.id))}>
                  {t('awardsAdmin.entries.withdraw')}
                </BusyButton>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <div className={cx(layout.row, adminStyles.inlineForm)}>
          <label className={controls.field}>
            <span>{t('awardsAdmin.entries.nominate')}</span>
            <select className={controls.select} value={workId} data-testid={`nominate-select-${category.id}`} onChange={(e) => setWorkId(e.target.value)}>
              <option value="">{works === null ? t('common.loading') : eligible.length === 0 ? t('awardsAdmin.entries.noWorks') : t('awardsAdmin.choose')}</option>
              {eligible.map((w) => (
                <option key={w.id} value={w.id} disabled={w.status !== 'ready'}>
                  {localizedText(w.metadata.title, locale)} · {w.metadata.creator} · {w.catalogueNumber}
                  {w.status !== 'ready' ? ` (${t('awardsAdmin.entries.notReady')})` : ''}
                </option>
              ))}
            </select>
          </label>
          <BusyButton
            className={buttonClass('primary')}
            busy={busy === 'add'}
            busyLabel={t('awardsAdmin.saving')}
            disabled={workId === ''}
            data-testid={`nominate-${category.id}`}
            onClick={() => void run('add', () => addEntry(programmeId, { categoryId: category.id, workId })).then((ok) => ok && setWorkId(''))}
          >
            {t('awardsAdmin.entries.nominateButton')}
          </BusyButton>
        </div>
      )}
    </div>
  );
}
