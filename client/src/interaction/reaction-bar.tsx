import { REACTIONS, type Reaction } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import { Tooltip } from '../ui/tooltip';
import styles from './reaction-bar.module.css';
import { REACTION_EMOJI } from './reaction-burst';

/** The emoji reaction buttons under the picture; refused sends (rate limit) pass silently. */
export function ReactionBar({ onReact, disabled }: { onReact: (reaction: Reaction) => Promise<void>; disabled: boolean }) {
  const { t } = useI18n();
  return (
    <div className={styles.bar} role="group" aria-label={t('reaction.title')}>
      {REACTIONS.map((r) => (
        // The name shows as a tooltip on hover and keyboard focus (a `title` shows on hover only).
        <Tooltip key={r} content={t(`reaction.${r}`)}>
          <button
            type="button"
            className={styles.button}
            data-testid={`reaction-${r}`}
            aria-label={t(`reaction.${r}`)}
            disabled={disabled}
            onClick={() => void onReact(r).catch(() => undefined)}
          >
            <span aria-hidden="true">{REACTION_EMOJI[r]}</span>
          </button>
        </Tooltip>
      ))}
    </div>
  );
}
