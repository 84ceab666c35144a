import { QUALITY_TIERS, type QualityTier } from '../hall/quality';
import { useI18n } from '../i18n/i18n';
import styles from './quality-select.module.css';
import { cx } from '../ui/class-names';
import text from '../ui/text.module.css';

/**
 * The visitor's rendering quality setting: automatic (the device's tier, named) or a fixed
 * tier. Changing it rebuilds the 3D view (antialiasing is fixed when the view is created).
 */
export function QualitySelect({ value, detected, onChange }: { value: QualityTier | null; detected: QualityTier; onChange: (tier: QualityTier | null) => void }) {
  const { t } = useI18n();
  return (
    <label className={cx(styles.select, text.small)}>
      <span>{t('quality.label')}</span>
      <select data-testid="quality-select" value={value ?? 'auto'} onChange={(event) => onChange(event.target.value === 'auto' ? null : (event.target.value as QualityTier))}>
        <option value="auto">{t('quality.auto', { tier: t(`quality.${detected}`) })}</option>
        {QUALITY_TIERS.map((tier) => (
          <option key={tier} value={tier}>
            {t(`quality.${tier}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
