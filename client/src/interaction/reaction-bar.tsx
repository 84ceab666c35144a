import { REACTIONS, type Reaction } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import { REACTION_EMOJI } from './reaction-burst';

/** The emoji reaction buttons under the picture; refused sends (rate limit) pass silently. */
export function ReactionBar({ onReact, disabled }: { onReact: (reaction: Reaction) => Promise<void>; disabled: boolean }) {
  const { t } = useI18n();
  return (
    <div className="reaction-bar" role="group" aria-label={t('reaction.title')}>
      {REACTIONS.map((r) => (
        <button
          key={r}
          type="button"
          className="reaction-bar__button"
          data-testid={`reaction-${r}`}
          aria-label={t(`reaction.${r}`)}
          title={t(`reaction.${r}`)}
          disabled={disabled}
          onClick={() => void onReact(r).catch(() => undefined)}
        >
          <span aria-hidden="true">{REACTION_EMOJI[r]}</span>
        </button>
      ))}
    </div>
  );
}
