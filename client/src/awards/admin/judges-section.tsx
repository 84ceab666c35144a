import type { AwardProgramme } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError, type ClientError } from '../../lib/client-error';
import { fetchUsers, patchProgramme, setUserRole } from './admin-api';
import { BusyButton, ErrorNote } from './admin-ui';
import adminStyles from './award-admin.module.css';
import { personLabel } from './people';
import { buttonClass } from '../../ui/button';
import { cx } from '../../ui/class-names';
import controls from '../../ui/controls.module.css';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/**
 * The programme's judges: remove one, add an account with role judge, or first make any account
 * a judge (PATCH /api/users/:id) and then add it.
 */
export function JudgesSection({ programme, onChanged }: { programme: AwardProgramme; onChanged: (next?: AwardProgramme) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [toAdd, setToAdd] = useState('');
  const [toPromote, setToPromote] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setError] = useState<ClientError | null>(null);

  // The judge accounts fill the "add" list; every other account the "make a judge" one.
  const judgeQuery = useQuery({ queryKey: queryKeys.users.list('judge'), queryFn: () => fetchUsers('judge') });
  const usersQuery = useQuery({ queryKey: queryKeys.users.list(), queryFn: () => fetchUsers() });
  const judgeAccounts = judgeQuery.data ?? null;
  const users = usersQuery.data ?? null;
  const loadError = judgeQuery.error ?? usersQuery.error;
  const error = actionError ?? (loadError ? toClientError(loadError) : null);

  /** Runs an action with its button busy; true when it succeeded. */
  const run = async (key: string, action: () => Promise<void>): Promise<boolean> => {
    setBusy(key);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(toClientError(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const setJudges = (judgeIds: string[]) => run(`judges`, async () => onChanged(await patchProgramme(programme.id, { judgeIds })));
  const promote = () =>
    run('promote', async () => {
      await setUserRole(toPromote, { role: 'judge' });
      setToPromote('');
      // A new role changes every account list.
      await queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
    });

  const byId = new Map([...(users ?? []), ...(judgeAccounts ?? [])].map((u) => [u.id, u]));
  const judges = (judgeAccounts ?? []).filter((u) => !programme.judgeIds.includes(u.id));
  const others = (users ?? []).filter((u) => u.role !== 'judge');

  return (
    <section className={adminStyles.section} aria-labelledby="award-judges-heading" data-testid="award-judges">
      <h2 id="award-judges-heading">{t('awardsAdmin.judges.title')}</h2>
      <ErrorNote error={error} testId="judges-error" />
      {programme.judgeIds.length === 0 ? (
        <p className={text.muted}>{t('awardsAdmin.judges.none')}</p>
      ) : (
        <ul className={adminStyles.list}>
          {programme.judgeIds.map((id) => {
            const user = byId.get(id);
            return (
              <li key={id} className={adminStyles.listItem} data-testid={`judge-${id}`}>
                <span>{user ? personLabel(user) : id}</span>
                <span className={layout.spacer} />
                <BusyButton
                  className={buttonClass('ghost')}
                  busy={busy === 'judges'}
                  busyLabel={t('awardsAdmin.saving')}
                  data-testid={`remove-judge-${id}`}
                  onClick={() => void setJudges(programme.judgeIds.filter((j) => j !== id))}
                >
                  {t('awardsAdmin.judges.remove')}
                </BusyButton>
              </li>
            );
          })}
        </ul>
      )}
      <div className={cx(layout.row, adminStyles.inlineForm)}>
        <label className={controls.field}>
          <span>{t('awardsAdmin.judges.add')}</span>
          <select className={controls.select} value={toAdd} data-testid="add-judge-select" onChange={(e) => setToAdd(e.target.value)}>
            <option value="">{judgeAccounts === null ? t('common.loading') : judges.length === 0 ? t('awardsAdmin.judges.noneToAdd') : t('awardsAdmin.choose')}</option>
            {judges.map((u) => (
              <option key={u.id} value={u.id}>
                {personLabel(u)}
              </option>
            ))}
          </select>
        </label>
        <BusyButton
          className={buttonClass('primary')}
          busy={busy === 'judges'}
          busyLabel={t('awardsAdmin.saving')}
          disabled={toAdd === ''}
          data-testid="add-judge"
          onClick={() => void setJudges([...programme.judgeIds, toAdd]).then((ok) => ok && setToAdd(''))}
        >
          {t('awardsAdmin.judges.addButton')}
        </BusyButton>
      </div>
      <div className={cx(layout.row, adminStyles.inlineForm)}>
        <label className={controls.field}>
          <span>{t('awardsAdmin.judges.promote')}</span>
          <select className={controls.select} value={toPromote} data-testid="promote-select" onChange={(e) => setToPromote(e.target.value)}>
            <option value="">{t('awardsAdmin.choose')}</option>
            {others.map((u) => (
              <option key={u.id} value={u.id}>
                {personLabel(u)} · {t(`awardsAdmin.role.${u.role}`)}
              </option>
            ))}
          </select>
        </label>
        <BusyButton busy={busy === 'promote'} busyLabel={t('awardsAdmin.saving')} disabled={toPromote === ''} data-testid="promote-judge" onClick={() => void promote()}>
          {t('awardsAdmin.judges.promoteButton')}
        </BusyButton>
      </div>
      <p className={cx(text.small, text.muted)}>{t('awardsAdmin.judges.promoteNote')}</p>
    </section>
  );
}
