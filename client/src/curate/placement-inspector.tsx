import { LabelPosition, type FloorPlacement, type LayoutProblem, type Placement, type WallPlacement } from '@yunzhan/shared';
import { useI18n } from '../i18n/i18n';
import { Slider } from '../ui/slider';
import styles from './editor-panel.module.css';
import type { LayoutCommand, PlacementPatch } from './layout-commands';
import { buttonClass } from '../ui/button';
import { calloutClass } from '../ui/callout';
import { cx } from '../ui/class-names';
import controlsStyles from '../ui/controls.module.css';
import layoutStyles from '../ui/layout.module.css';
import text from '../ui/text.module.css';

/** Props of PlacementInspector. */
export interface PlacementInspectorProps {
  placement: Placement;
  title: string;
  problems: readonly LayoutProblem[];
  disabled: boolean;
  run: (command: LayoutCommand, mergeKey?: string) => void;
  seal: () => void;
  onRemoved: () => void;
}

const LABEL_KEYS = { right: 'editor.label.right', below: 'editor.label.below', none: 'editor.label.none' } as const;
const round = (x: number) => Math.round(x * 1000) / 1000;

/** A number input that edits one field of the placement; typing coalesces into one undo step. */
function NumberField({ label, testId, value, step, min, onValue }: { label: string; testId: string; value: number; step: number; min?: number; onValue: (v: number) => void }) {
  return (
    <label className={cx(controlsStyles.field, styles.compact)}>
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        value={round(value)}
        step={step}
        min={min}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v) && (min === undefined || v >= min)) onValue(v);
        }}
      />
    </label>
  );
}

/**
 * The selected work's controls: position and size in metres (on the plan, with footprint and
 * plinth, for a work on the floor), scale keeping the aspect, rotation,
 * label position, spotlight, remove and even spacing on its wall; its problems, if any.
 */
export function PlacementInspector({ placement, title, problems, disabled, run, seal, onRemoved }: PlacementInspectorProps) {
  const { t } = useI18n();
  const id = placement.id;
  const update = (patch: PlacementPatch, key?: string) => run({ type: 'update', placementId: id, patch }, key ? `${key}:${id}` : undefined);
  const wall = placement.mount === 'wall' ? placement : null;
  const floor = placement.mount === 'floor' ? placement : null;

  return (
    <section className={styles.panel} aria-labelledby="inspector-heading" data-testid="placement-inspector" data-placement-id={id}>
      <h2 id="inspector-heading">{t('editor.selected')}</h2>
      <p className={styles.title}>{title}</p>
      {problems.map((p, i) => (
        <p key={i} className={cx(calloutClass('error'), text.small)} role="alert" data-testid="placement-problem" data-code={p.code}>
          {t(`error.${p.code}`)} <span className={text.muted}>{p.message}</span>
        </p>
      ))}
      <fieldset className={styles.fields} disabled={disabled} onBlur={seal}>
        {wall && <WallFields wall={wall} update={update} seal={seal} disabled={disabled} />}
        {floor && <FloorFields floor={floor} update={update} />}
        <label className={cx(controlsStyles.field, styles.compact)}>
          <span>{t('editor.label')}</span>
          <select className={controlsStyles.select} data-testid="inspector-label" value={placement.label} onChange={(e) => update({ label: LabelPosition.parse(e.target.value) }, 'label')}>
            {LabelPosition.options.map((o) => (
              <option key={o} value={o}>
                {t(LABEL_KEYS[o])}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.checkbox}>
          <input
            type="checkbox"
            data-testid="inspector-spotlight"
            checked={placement.spotlight.on}
            onChange={(e) => update({ spotlight: { ...placement.spotlight, on: e.target.checked } }, 'spotlight')}
          />
          <span>{t('editor.spotlight')}</span>
        </label>
        <div className={cx(controlsStyles.field, styles.compact)}>
          <span aria-hidden="true">{t('editor.spotlightIntensity')}</span>
          <Slider
            label={t('editor.spotlightIntensity')}
            testId="inspector-spotlight-intensity"
            min={0}
            max={400}
            step={5}
            value={placement.spotlight.intensity}
            // Not a form control: the fieldset's `disabled` does not reach it.
            disabled={disabled || !placement.spotlight.on}
            onValueChange={(intensity) => update({ spotlight: { ...placement.spotlight, intensity } }, 'spot-intensity')}
            onValueCommit={seal}
          />
        </div>
        <div className={layoutStyles.row}>
          {wall && (
            <button type="button" className={buttonClass()} data-testid="inspector-distribute" onClick={() => run({ type: 'distribute', wallId: wall.wallId, side: wall.side })}>
              {t('editor.distribute')}
            </button>
          )}
          <button
            type="button"
            className={buttonClass('ghost')}
            data-testid="inspector-remove"
            onClick={() => {
              run({ type: 'remove', placementId: id });
              onRemoved();
            }}
          >
            {t('editor.remove')}
          </button>
        </div>
      </fieldset>
    </section>
  );
}

/** Position, size, scale and rotation of a hung work. */
function WallFields({ wall, update, seal, disabled }: { wall: WallPlacement; update: (patch: PlacementPatch, key?: string) => void; seal: () => void; disabled: boolean }) {
  const { t } = useI18n();
  // The scale slider works from the size when the gesture started: width × scale, aspect kept.
  const aspect = wall.width / wall.height;
  return (
    <>
      <div className={styles.grid}>
        <NumberField label={t('editor.u')} testId="inspector-u" value={wall.u} step={0.05} onValue={(u) => update({ u }, 'u')} />
        <NumberField label={t('editor.v')} testId="inspector-v" value={wall.v} step={0.05} onValue={(v) => update({ v }, 'v')} />
        <NumberField label={t('editor.width')} testId="inspector-width" value={wall.width} step={0.05} min={0.05} onValue={(width) => update({ width }, 'width')} />
        <NumberField label={t('editor.height')} testId="inspector-height" value={wall.height} step={0.05} min={0.05} onValue={(height) => update({ height }, 'height')} />
        <NumberField label={t('editor.rotation')} testId="inspector-rotation" value={wall.rotationDeg} step={1} onValue={(rotationDeg) => update({ rotationDeg }, 'rotation')} />
      </div>
      <div className={cx(controlsStyles.field, styles.compact)}>
        <span aria-hidden="true">
          {t('editor.scale')} · {round(wall.width)} × {round(wall.height)} m
        </span>
        <Slider
          label={t('editor.scale')}
          testId="inspector-scale"
          min={0.1}
          max={4}
          step={0.05}
          value={round(wall.width)}
          valueText={() => `${round(wall.width)} × ${round(wall.height)} m`}
          disabled={disabled}
          onValueChange={(width) => update({ width, height: width / aspect }, 'scale')}
          onValueCommit={seal}
        />
      </div>
      <button type="button" className={buttonClass()} data-testid="inspector-rotate" onClick={() => update({ rotationDeg: (wall.rotationDeg + 90) % 360 })}>
        {t('editor.rotate90')}
      </button>
    </>
  );
}

/** Plan position, facing, footprint and plinth of a work standing on the floor. */
function FloorFields({ floor, update }: { floor: FloorPlacement; update: (patch: PlacementPatch, key?: string) => void }) {
  const { t } = useI18n();
  const [x, z] = floor.position;
  return (
    <>
      <div className={styles.grid}>
        <NumberField label={t('editor.x')} testId="inspector-x" value={x} step={0.05} onValue={(v) => update({ position: [v, z] }, 'x')} />
        <NumberField label={t('editor.z')} testId="inspector-z" value={z} step={0.05} onValue={(v) => update({ position: [x, v] }, 'z')} />
        <NumberField label={t('editor.yaw')} testId="inspector-yaw" value={floor.yawDeg} step={5} onValue={(yawDeg) => update({ yawDeg }, 'yaw')} />
        <NumberField
          label={t('editor.footprint')}
          testId="inspector-footprint"
          value={floor.footprint}
          step={0.05}
          min={0.1}
          onValue={(footprint) => update({ footprint: Math.min(10, footprint) }, 'footprint')}
        />
      </div>
      <label className={styles.checkbox}>
        <input type="checkbox" data-testid="inspector-plinth" checked={floor.plinth} onChange={(e) => update({ plinth: e.target.checked })} />
        <span>{t('editor.plinth')}</span>
      </label>
    </>
  );
}
