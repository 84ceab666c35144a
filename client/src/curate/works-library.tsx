import type { Scene, WallSide, Work } from '@yunzhan/shared';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { WorkKindIcon } from '../works/work-card';
import { localizedText, thumbnailOf } from '../works/work-library';
import { hangableFaces } from './drop-placement';
import panelStyles from './editor-panel.module.css';
import { WORK_DRAG_TYPE } from './work-drag';
import styles from './works-library.module.css';
import { badgeClass } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { cx } from '../ui/class-names';
import controls from '../ui/controls.module.css';
import layoutStyles from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Props of WorksLibrary. */
export interface WorksLibraryProps {
  scene: Scene;
  /** The curator's ready works. */
  works: readonly Work[];
  /** Ids of works already in the layout (a work is placed once). */
  placedWorkIds: ReadonlySet<string>;
  disabled: boolean;
  /** Places a work on a wall face without pointing (the accessible path). */
  onPlace: (workId: string, wallId: string, side: WallSide) => void;
  /** Stands a work on the floor near the room's centre (the default for 3D models). */
  onPlaceFloor: (workId: string) => void;
}

/**
 * The curator's works to hang: thumbnails that drag onto the 3D view, and the same without a
 * pointer: select a work, pick a wall face, press Place; or press Place on floor (the only
 * choice for 3D models, which stand on plinths).
 */
export function WorksLibrary({ scene, works, placedWorkIds, disabled, onPlace, onPlaceFloor }: WorksLibraryProps) {
  const { t, locale } = useI18n();
  const faces = useMemo(() => hangableFaces(scene), [scene]);
  const [selected, setSelected] = useState<string | null>(null);
  const [face, setFace] = useState(() => (faces[0] ? `${faces[0].wallId}:${faces[0].side}` : ''));
  const selectedWork = selected && !placedWorkIds.has(selected) ? selected : null;
  // 3D models stand on the floor: hanging one on a wall is not offered.
  const selectedIsModel = works.find((w) => w.id === selectedWork)?.kind === 'model';

  const place = () => {
    const [wallId, side] = face.split(':') as [string, WallSide];
    if (selectedWork && wallId) onPlace(selectedWork, wallId, side);
  };

  return (
    <section className={panelStyles.panel} aria-labelledby="library-heading" data-testid="works-library">
      <h2 id="library-heading">{t('editor.library')}</h2>
      {works.length === 0 ? (
        <p className={cx(text.small, text.muted)} data-testid="library-empty">
          {t('editor.libraryEmpty')}
        </p>
      ) : (
        <>
          <p className={cx(text.small, text.muted)}>{t('editor.libraryHint')}</p>
          <ul className={styles.grid}>
            {works.map((work) => {
              const placed = placedWorkIds.has(work.id);
              const thumbnail = thumbnailOf(work);
              const title = localizedText(work.metadata.title, locale);
              return (
                <li key={work.id}>
                  <button
                    type="button"
                    className={styles.work}
                    data-testid="library-work"
                    data-work-id={work.id}
                    data-placed={placed}
                    aria-pressed={selectedWork === work.id}
                    disabled={disabled || placed}
                    draggable={!disabled && !placed}
                    onClick={() => setSelected(work.id)}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(WORK_DRAG_TYPE, work.id);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                  >
                    <span className={styles.thumb}>{thumbnail ? <img src={thumbnail} alt="" draggable={false} /> : <WorkKindIcon kind={work.kind} />}</span>
                    <span className={styles.title}>{title}</span>
                    {placed && <span className={badgeClass()}>{t('editor.placed')}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
          <div className={layoutStyles.row}>
            <label className={controls.field}>
              <span>{t('editor.wall')}</span>
              <select className={controls.select} data-testid="place-wall" value={face} onChange={(e) => setFace(e.target.value)} disabled={disabled}>
                {faces.map((f) => (
                  <option key={`${f.wallId}:${f.side}`} value={`${f.wallId}:${f.side}`}>
                    {t('editor.wallFace', { wall: f.wallId, side: t(f.side === 'front' ? 'editor.side.front' : 'editor.side.back') })}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className={buttonClass(!selectedIsModel && 'primary')}
              data-testid="place-work"
              disabled={disabled || !selectedWork || !face || selectedIsModel}
              onClick={place}
            >
              {t('editor.place')}
            </button>
          </div>
          {selectedIsModel && (
            <p className={cx(text.small, text.muted)} data-testid="place-floor-hint">
              {t('editor.modelOnFloor')}
            </p>
          )}
          <button
            type="button"
            className={buttonClass(selectedIsModel && 'primary')}
            data-testid="place-floor"
            disabled={disabled || !selectedWork}
            onClick={() => selectedWork && onPlaceFloor(selectedWork)}
          >
            {t('editor.placeFloor')}
          </button>
        </>
      )}
    </section>
  );
}
