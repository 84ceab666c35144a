import type { ReactionBurst } from '@yunzhan/shared';
import { useEffect, useRef } from 'react';
import type { Feed } from '../lib/feed';
import { REACTION_EMOJI, burstParts } from './reaction-burst';
import styles from './reaction-layer.module.css';

/** Most floating emoji in the page at once; older ones are removed first. */
const MAX_NODES = 80;
/** Longest a floating emoji may live if its animation never ends (hidden tab), in ms. */
const NODE_TTL_MS = 4_000;

/**
 * Floating emoji for reaction bursts, over its parent. Each burst adds short-lived spans animated
 * by CSS (no React state per emoji or per frame). For tests: `data-bursts` counts the bursts shown,
 * `data-last` is the latest (`heart:3,clap:1`) and `data-seen` every reaction seen so far.
 * With prefers-reduced-motion the CSS fades them in place and one emoji stands for each reaction.
 */
export function ReactionLayer({ bursts }: { bursts: Feed<ReactionBurst> }) {
  const layerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    let shown = 0;
    const seen = new Set<string>();
    return bursts.subscribe((burst) => {
      const parts = burstParts(burst, reducedMotion?.matches ?? false);
      if (parts.length === 0) return;
      shown += 1;
      layer.dataset.bursts = String(shown);
      layer.dataset.last = parts.map((p) => `${p.reaction}:${p.count}`).join(',');
      for (const p of parts) seen.add(p.reaction);
      layer.dataset.seen = [...seen].join(',');
      parts.forEach((part, column) => {
        for (let i = 0; i < part.particles; i++) {
          const node = document.createElement('span');
          node.className = styles.float ?? '';
          node.textContent = REACTION_EMOJI[part.reaction];
          node.dataset.reaction = part.reaction;
          // Spread across the right-hand strip, staggered over the tick the burst covers.
          node.style.setProperty('--x', `${(column * 17 + Math.random() * 60) % 90}%`);
          node.style.setProperty('--delay', `${Math.round(Math.random() * Math.min(burst.tickMs, 600))}ms`);
          node.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 40)}px`);
          const remove = () => node.remove();
          node.addEventListener('animationend', remove, { once: true });
          setTimeout(remove, NODE_TTL_MS);
          layer.appendChild(node);
        }
      });
      while (layer.childElementCount > MAX_NODES) layer.firstElementChild?.remove();
    });
  }, [bursts]);

  return <div ref={layerRef} className={styles.layer} data-testid="reaction-layer" data-bursts="0" aria-hidden="true" />;
}
