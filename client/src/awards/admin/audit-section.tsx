import type { AuditEntry } from '@yunzhan/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../data/query-keys';
import { useI18n } from '../../i18n/i18n';
import { toClientError } from '../../lib/client-error';
import { fetchAudit } from './admin-api';
import { BusyButton, ErrorNote } from './admin-ui';
import { auditCursor, auditDetailText, mergeAudit, readAuditPages } from './audit-log';
import adminStyles from './award-admin.module.css';
import styles from './audit-section.module.css';
import { personName, type PeopleDirectory } from './people';
import { cx } from '../../ui/class-names';
import layout from '../../ui/layout.module.css';
import text from '../../ui/text.module.css';

/** The lines held (oldest first, as the server pages them) and whether more are waiting. */
interface AuditLog {
  lines: AuditEntry[];
  more: boolean;
}

/**
 * The audit log, newest line at the top. The server pages it oldest first by `after`; the section
 * reads page after page, then after each change (the console invalidates the programme's queries)
 * and on "Load newer" only the lines after the newest it holds in the cache. "By" names the account from `people` (its id until they are loaded, or if unknown).
 */
export function AuditSection({ awardId, people }: { awardId: string; people: PeopleDirectory | null }) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const key = queryKeys.awards.audit(awardId);
  const query = useQuery({
    queryKey: key,
    queryFn: async () => {
      const held = queryClient.getQueryData<AuditLog>(key)?.lines ?? [];
      const read = await readAuditPages((after, limit) => fetchAudit(awardId, after, limit), auditCursor(held));
      return { lines: mergeAudit(held, read.lines), more: read.more };
    },
  });
  const lines = query.data?.lines ?? null;
  const more = query.data?.more ?? false;
  const busy = query.isFetching;
  const error = query.error ? toClientError(query.error) : null;
  const readNewer = query.refetch;

  return (
    <section className={adminStyles.section} aria-labelledby="award-audit-heading" data-testid="award-audit">
      <div className={layout.row}>
        <h2 id="award-audit-heading">{t('awardsAdmin.audit.title')}</h2>
        <span className={layout.spacer} />
        <BusyButton busy={busy} busyLabel={t('common.loading')} data-testid="audit-refresh" onClick={() => void readNewer()}>
          {more ? t('awardsAdmin.audit.more') : t('awardsAdmin.audit.refresh')}
        </BusyButton>
      </div>
      <ErrorNote error={error} testId="audit-error" />
      {lines === null ? (
        <p className={text.muted} aria-busy="true">
          {t('common.loading')}
        </p>
      ) : lines.length === 0 ? (
        <p className={text.muted}>{t('awardsAdmin.audit.empty')}</p>
      ) : (
        <table className={adminStyles.table} data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('awardsAdmin.audit.at')}</th>
              <th scope="col">{t('awardsAdmin.audit.action')}</th>
              <th scope="col">{t('awardsAdmin.audit.actor')}</th>
              <th scope="col">{t('awardsAdmin.audit.subject')}</th>
              <th scope="col">{t('awardsAdmin.audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id} data-testid="audit-line" data-action={line.action} data-id={line.id}>
                <td className={text.small}>{formatDateTime(line.at)}</td>
                <td>{t(`awardsAdmin.audit.action.${line.action}`)}</td>
                <td className={text.small} data-testid="audit-actor" data-actor-id={line.actorId}>
                  {personName(people, line.actorId)}
                </td>
                <td className={text.small}>{[line.categoryId, line.entryId].filter(Boolean).join(' / ')}</td>
                <td className={cx(text.small, styles.detail)}>{auditDetailText(line.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
