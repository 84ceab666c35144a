import { useEffect, useRef } from 'react';
import type { ChatBadge } from '@yunzhan/shared';
import { BADGE_LABELS } from '../../chat/role-badge';
import type { LiveMessage } from '../../chat/use-chat-channel';
import { useI18n } from '../../i18n/i18n';
import type { Feed } from '../../lib/feed';
import { DEFAULT_LANE_CONFIG, LaneAllocator, laneY, scrollX, type DanmakuMode, type PlacedBullet } from './danmaku-lanes';
import { DENSITY_LIMITS, shouldShow, type DanmakuSettings } from './danmaku-settings';
import styles from './danmaku-overlay.module.css';

// The danmaku layer: a 2D canvas over the picture (the <video> in 2D, the WebGL canvas in 3D).
// Messages come from a Feed and are drawn in a requestAnimationFrame loop that runs only while
// bullets are on screen; React renders this component once, never per bullet or per frame.
// Text is drawn with fillText, so it is never parsed as HTML.

/** What tests read from `window.__yunzhanDanmaku`: bullets drawn so far and the latest text. */
export interface DanmakuProbe {
  shown: number;
  lastText: string | null;
  /** The role badge's label on the latest bullet, if it had one. */
  lastBadge: string | null;
  onScreen: number;
}

/** A staff author's role, drawn as a labelled tag before the text (a word, not only a colour). */
interface BulletBadge {
  role: ChatBadge;
  label: string;
  /** Width of the tag in CSS pixels, padding included. */
  width: number;
}

interface Bullet {
  text: string;
  badge: BulletBadge | null;
  colour: string;
  own: boolean;
  placed: PlacedBullet;
  drawn: boolean;
}

const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
/** Message ids remembered to drop a second copy (the send ack and the batch both carry one). */
const SEEN_LIMIT = 500;
/** Fill and ink of each role's tag, the same roles as the chat list's badges. */
const BADGE_COLOURS: Readonly<Record<ChatBadge, { fill: string; ink: string }>> = {
  admin: { fill: '#b4232a', ink: '#ffffff' },
  host: { fill: '#e6b873', ink: '#1a1408' },
  moderator: { fill: '#7d9be8', ink: '#0b1020' },
  curator: { fill: '#46b06a', ink: '#07140b' },
};
/** Padding inside a role tag and the gap after it, in CSS pixels. */
const BADGE_PAD = 5;
const BADGE_GAP = 6;

function probe(): DanmakuProbe {
  const w = window as unknown as { __yunzhanDanmaku?: DanmakuProbe };
  w.__yunzhanDanmaku ??= { shown: 0, lastText: null, lastBadge: null, onScreen: 0 };
  return w.__yunzhanDanmaku;
}

/** Lane height in CSS pixels for a picture `height` tall (bigger screens, bigger text). */
function laneHeightFor(height: number): number {
  return Math.round(Math.min(40, Math.max(22, height / 14)));
}

/** Bullet comments over the picture. Absolutely positioned over its parent; clicks pass through. */
export function DanmakuOverlay({ feed, settings }: { feed: Feed<LiveMessage>; settings: DanmakuSettings }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const { t } = useI18n();
  const badgeLabel = useRef((role: ChatBadge) => t(BADGE_LABELS[role]));
  badgeLabel.current = (role: ChatBadge) => t(BADGE_LABELS[role]);
  const stateRef = useRef<{ bullets: Bullet[]; lanes: LaneAllocator; seen: Set<string>; frame: number; width: number; height: number } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const parent = canvas?.parentElement;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !parent || !ctx) return;
    const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    const state = {
      bullets: [] as Bullet[],
      lanes: new LaneAllocator({ ...DEFAULT_LANE_CONFIG, width: 0, height: 0, areaFraction: DENSITY_LIMITS[settingsRef.current.density].areaFraction }),
      seen: new Set<string>(),
      frame: 0,
      width: 0,
      height: 0,
    };
    stateRef.current = state;

    const resize = () => {
      const rect = parent.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      state.width = rect.width;
      state.height = rect.height;
      canvas.width = Math.round(rect.width * dpr);
      canvas.height = Math.round(rect.height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      state.lanes.resize({ width: rect.width, height: rect.height, laneHeight: laneHeightFor(rect.height) });
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(parent);

    const draw = (now: number) => {
      state.frame = 0;
      ctx.clearRect(0, 0, state.width, state.height);
      const config = state.lanes.current;
      state.bullets = state.bullets.filter((b) => b.placed.end > now);
      ctx.font = `600 ${Math.round(config.laneHeight * 0.72)}px ${FONT_STACK}`;
      ctx.textBaseline = 'middle';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.75)';
      const p = probe();
      for (const b of state.bullets) {
        const x = b.placed.mode === 'scroll' ? scrollX(b.placed, now, config.width) : (config.width - b.placed.textWidth) / 2;
        const y = laneY(b.placed, config) + config.laneHeight / 2;
        let textX = x;
        if (b.badge) {
          const colours = BADGE_COLOURS[b.badge.role];
          const height = config.laneHeight - 6;
          ctx.fillStyle = colours.fill;
          ctx.beginPath();
          ctx.roundRect(x, y - height / 2, b.badge.width, height, 4);
          ctx.fill();
          ctx.fillStyle = colours.ink;
          ctx.fillText(b.badge.label, x + BADGE_PAD, y);
          textX = x + b.badge.width + BADGE_GAP;
        }
        ctx.strokeText(b.text, textX, y);
        ctx.fillStyle = b.colour;
        ctx.fillText(b.text, textX, y);
        if (b.own) {
          ctx.strokeStyle = 'rgba(255, 255, 255, 0.8)';
          ctx.lineWidth = 1;
          ctx.strokeRect(x - 4, y - config.laneHeight / 2 + 2, b.placed.textWidth + 8, config.laneHeight - 4);
          ctx.strokeStyle = 'rgba(0, 0, 0, 0.75)';
          ctx.lineWidth = 3;
        }
        if (!b.drawn) {
          b.drawn = true;
          p.shown += 1;
          p.lastText = b.text;
          p.lastBadge = b.badge?.label ?? null;
        }
      }
      p.onScreen = state.bullets.length;
      if (state.bullets.length > 0) state.frame = requestAnimationFrame(draw);
    };

    const unsubscribe = feed.subscribe(({ message, own }) => {
      const current = settingsRef.current;
      if (!current.enabled || !message.danmaku || message.status !== 'visible' || state.seen.has(message.id)) return;
      state.seen.add(message.id);
      if (state.seen.size > SEEN_LIMIT) state.seen.delete(state.seen.values().next().value as string);
      if (!shouldShow(message.id, own, state.bullets.length, current.density)) return;
      const config = state.lanes.current;
      ctx.font = `600 ${Math.round(config.laneHeight * 0.72)}px ${FONT_STACK}`;
      const text = message.text.replace(/\s+/g, ' ');
      const mode: DanmakuMode = reducedMotion?.matches && message.danmaku.mode === 'scroll' ? 'top' : message.danmaku.mode;
      const label = message.badge ? badgeLabel.current(message.badge) : null;
      const badge = message.badge && label ? { role: message.badge, label, width: ctx.measureText(label).width + 2 * BADGE_PAD } : null;
      const width = ctx.measureText(text).width + (badge ? badge.width + BADGE_GAP : 0);
      const placed = state.lanes.place(mode, width, performance.now());
      if (!placed) return;
      state.bullets.push({ text, badge, colour: message.danmaku.colour, own, placed, drawn: false });
      if (!state.frame) state.frame = requestAnimationFrame(draw);
    });

    return () => {
      unsubscribe();
      observer.disconnect();
      if (state.frame) cancelAnimationFrame(state.frame);
      stateRef.current = null;
    };
  }, [feed]);

  // Turning danmaku off clears the screen; a density change resizes the lane area.
  useEffect(() => {
    const state = stateRef.current;
    if (!state) return;
    state.lanes.resize({ areaFraction: DENSITY_LIMITS[settings.density].areaFraction });
    if (!settings.enabled) {
      state.bullets = [];
      state.lanes.clear();
      canvasRef.current?.getContext('2d')?.clearRect(0, 0, state.width, state.height);
    }
  }, [settings.enabled, settings.density]);

  return <canvas ref={canvasRef} className={styles.layer} data-testid="danmaku-layer" data-enabled={settings.enabled} aria-hidden="true" />;
}
