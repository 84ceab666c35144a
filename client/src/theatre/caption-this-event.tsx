import { Link } from 'react-router-dom';
import { useCaptionerStatus } from '../host/captioners-api';
import { useI18n } from '../i18n/i18n';
import { buttonClass } from '../ui/button';

/** "Caption this event": a link to the caption page, shown to a signed-in account the server names as one of the event's captioners. */
export function CaptionThisEvent({ eventId, userId }: { eventId: string; userId: string }) {
  const { t } = useI18n();
  const { captioner } = useCaptionerStatus(eventId, userId);
  if (captioner !== true) return null;
  return (
    <Link className={buttonClass()} to={`/caption/${encodeURIComponent(eventId)}`} data-testid="caption-this-event">
      {t('captions.captionThis')}
    </Link>
  );
}
