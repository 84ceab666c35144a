import type { Asset, Work } from '@yunzhan/shared';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { errorMessage } from '../lib/error-messages';
import { Drawer } from '../ui/drawer';
import { MetadataChangeNote } from './metadata-change-note';
import { KIND_KEYS, LICENCE_KEYS, STATUS_KEYS } from './work-labels';
import { isSameOriginPath, localizedText, workProgress } from './work-library';
import statusStyles from '../uploads/upload-status.module.css';
import numberStyles from './catalogue-number.module.css';
import styles from './work-drawer.module.css';
import { WorkPreview } from './work-preview';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { badgeClass } from '../ui/badge';
import { cx } from '../ui/class-names';
import controlsStyles from '../ui/controls.module.css';
import layout from '../ui/layout.module.css';

/** Props of the detail drawer. */
interface WorkDrawerProps {
  work: Work;
  asset: Asset | undefined;
  onClose: () => void;
}

/** One metadata row; nothing when the value is blank. */
function Row({ label, value, lang }: { label: string; value: string; lang?: string }) {
  if (!value) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd lang={lang}>{value}</dd>
    </>
  );
}

/**
 * A work in detail, in a modal side drawer (ui/drawer: focus moves in and is kept there, Escape
 * or a click outside closes, focus returns to the link that opened it): preview, catalogue
 * number, metadata in the current language, rights, audio guide, and a link to edit.
 */
export function WorkDrawer({ work, asset, onClose }: WorkDrawerProps) {
  const { t, locale } = useI18n();
  const m = work.metadata;
  const title = localizedText(m.title, locale);
  const progress = workProgress(work, asset);
  const failure = progress.error ? errorMessage(progress.error.code, progress.error.details) : null;
  const size = m.dimensions
    ? m.dimensions.depthCm !== undefined
      ? t('works.dimensionsDepth', { width: m.dimensions.widthCm, height: m.dimensions.heightCm, depth: m.dimensions.depthCm })
      : t('works.dimensions', { width: m.dimensions.widthCm, height: m.dimensions.heightCm })
    : '';

  return (
    <Drawer
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={title}
      closeLabel={t('works.detail.close')}
      closeText={t('works.detail.close')}
      closeTestId="work-drawer-close"
      panelProps={{ 'data-testid': 'work-drawer', 'data-work-id': work.id }}
    >
      <div className={styles.content}>
        <p className={layout.row}>
          <span className={numberStyles.number} data-testid="work-catalogue-number">
            {work.catalogueNumber}
          </span>
          <span className={badgeClass()}>{t(KIND_KEYS[work.kind])}</span>
          <span className={cx(badgeClass(), statusStyles[progress.status])} data-testid="work-drawer-status" data-status={progress.status}>
            {t(STATUS_KEYS[progress.status])}
          </span>
        </p>
        {failure && progress.error && (
          <p className={calloutClass('error')} data-testid="work-drawer-error" data-code={progress.error.code}>
            {t(failure.key, failure.params)}
          </p>
        )}
        <MetadataChangeNote work={work} variant="callout" />
        <WorkPreview work={work} asset={asset} />
        {isSameOriginPath(work.audioGuide) && (
          <div className={controlsStyles.field}>
            <span>{t('works.detail.audioGuide')}</span>
            <audio src={work.audioGuide} controls preload="none" data-testid="work-audio-guide-player" aria-label={t('works.detail.audioGuide')} />
          </div>
        )}
        <dl className={styles.meta} data-testid="work-metadata">
          <Row label={t('works.catalogueNumber')} value={work.catalogueNumber} />
          <Row label={t('works.field.creator')} value={m.creator} />
          <Row label={t('works.field.date')} value={m.date} />
          <Row label={t('works.field.medium')} value={localizedText(m.medium, locale)} />
          <Row label={t('works.field.dimensions')} value={size} />
          <Row label={t('works.field.description')} value={localizedText(m.description, locale)} />
          <Row label={t('works.field.label')} value={localizedText(m.label, locale)} />
          <Row label={t('works.field.holder')} value={m.rights.holder} />
          <Row label={t('works.field.licence')} value={t(LICENCE_KEYS[m.rights.licence])} />
          <Row label={t('works.field.credit')} value={m.rights.credit} />
        </dl>
        <div className={layout.row}>
          <Link className={buttonClass('primary')} to={`/works/${encodeURIComponent(work.id)}/edit`} data-testid="work-edit">
            {t('works.detail.edit')}
          </Link>
        </div>
      </div>
    </Drawer>
  );
}
