import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import { useDisplaySettings } from './display-settings';
import styles from './display-menu.module.css';

/**
 * The header's display settings: a disclosure (native <details>, so keyboard and screen readers
 * know it) with two switches, large text and high contrast, and below them whatever the header
 * puts there (the language switch on a phone). Escape or a click elsewhere folds it.
 */
export function DisplayMenu({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const [settings, setSettings] = useDisplaySettings();
  const details = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    const fold = (event: Event) => {
      const el = details.current;
      if (!el?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape' || !el.contains(document.activeElement)) return;
        el.open = false;
        el.querySelector('summary')?.focus();
      } else if (!el.contains(event.target as Node)) {
        el.open = false;
      }
    };
    document.addEventListener('keydown', fold);
    document.addEventListener('pointerdown', fold);
    return () => {
      document.removeEventListener('keydown', fold);
      document.removeEventListener('pointerdown', fold);
    };
  }, []);

  return (
    <details className={styles.menu} ref={details} data-testid="display-menu">
      <summary className={cx(buttonClass('ghost'), styles.summary)}>{t('display.menu')}</summary>
      <div className={styles.panel}>
        <label className={styles.option}>
          <input
            type="checkbox"
            role="switch"
            data-testid="display-large-text"
            checked={settings.largeText}
            onChange={(e) => setSettings({ ...settings, largeText: e.target.checked })}
          />
          {t('display.largeText')}
        </label>
        <label className={styles.option}>
          <input
            type="checkbox"
            role="switch"
            data-testid="display-high-contrast"
            checked={settings.highContrast}
            onChange={(e) => setSettings({ ...settings, highContrast: e.target.checked })}
          />
          {t('display.highContrast')}
        </label>
        {children}
      </div>
    </details>
  );
}
