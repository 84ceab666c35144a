import type { ThreeEvent } from '@react-three/fiber';
import type { Work } from '@yunzhan/shared';
import { useEffect, useMemo } from 'react';
import { MeshBasicMaterial, PlaneGeometry } from 'three';
import { localized } from '../hall/localized';
import { isSameOriginPath, renditionAtLeast } from '../hall/work-images';
import { useI18n } from '../i18n/i18n';
import { useDisposable } from '../theatre/three/use-disposable';
import { CLOSE_PX, PANEL_PX, canvasTexture, drawCloseButton, drawPanel, type PanelContent } from './panel-texture';

/** Width of the panel in the world, metres (its height follows the canvas's aspect). */
const PANEL_WIDTH = 1;
/** Side of the close button, metres. */
const CLOSE_SIZE = 0.12;

/** Where the panel floats: a world position and the yaw that turns its face to the visitor. */
export interface PanelPose {
  position: [number, number, number];
  yaw: number;
}

/** Rounds centimetres for display (no trailing .0). */
const cm = (value: number) => String(Math.round(value * 10) / 10);

/**
 * A work's panel inside the headset, where HTML overlays cannot be seen: picture, title, creator
 * and date, medium, size and description on one canvas-drawn plane facing the visitor, and a
 * close button in its corner. Clicking the panel itself does nothing (it does not teleport).
 */
export function XRWorkPanel({ work, pose, onClose }: { work: Work; pose: PanelPose; onClose: () => void }) {
  const { t, locale } = useI18n();
  const meta = work.metadata;
  const blind = work.blind === true;
  const content = useMemo<PanelContent>(() => {
    // A blind award entry being judged comes without its creator.
    const creator = blind ? t('awards.creatorHidden') : meta.creator;
    const dims = meta.dimensions;
    const size = dims
      ? dims.depthCm
        ? t('work.dimensionsDepth', { width: cm(dims.widthCm), height: cm(dims.heightCm), depth: cm(dims.depthCm) })
        : t('work.dimensions', { width: cm(dims.widthCm), height: cm(dims.heightCm) })
      : '';
    return {
      title: localized(meta.title, locale),
      byline: meta.date ? t('xr.panelCreator', { creator, date: meta.date }) : creator,
      facts: [localized(meta.medium, locale), size, t('work.catalogue', { number: work.catalogueNumber })],
      description: localized(meta.description, locale),
    };
  }, [meta, blind, work.catalogueNumber, locale, t]);

  const canvas = useMemo(() => document.createElement('canvas'), []);
  const texture = useDisposable(() => canvasTexture(canvas), [canvas]);
  const rendition = renditionAtLeast(work.media.images, 512);
  const src = rendition && isSameOriginPath(rendition.url) ? rendition.url : null;

  // Text at once, the picture when it has loaded (same-origin renditions only, as the hall).
  useEffect(() => {
    drawPanel(canvas, content, null);
    texture.needsUpdate = true;
    if (!src) return;
    let alive = true;
    const image = new Image();
    image.decoding = 'async';
    image.onload = () => {
      if (!alive) return;
      drawPanel(canvas, content, image);
      texture.needsUpdate = true;
    };
    image.src = src;
    return () => {
      alive = false;
      image.onload = null;
    };
  }, [canvas, content, src, texture]);

  const closeCanvas = useMemo(() => document.createElement('canvas'), []);
  const closeLabel = t('xr.panelClose');
  const closeTexture = useDisposable(() => {
    drawCloseButton(closeCanvas, closeLabel);
    return canvasTexture(closeCanvas);
  }, [closeCanvas, closeLabel]);

  const height = (PANEL_WIDTH * PANEL_PX[1]) / PANEL_PX[0];
  const plane = useDisposable(() => new PlaneGeometry(PANEL_WIDTH, height), [height]);
  const button = useDisposable(() => new PlaneGeometry(CLOSE_SIZE, (CLOSE_SIZE * CLOSE_PX) / CLOSE_PX), []);
  const faceMaterial = useDisposable(() => new MeshBasicMaterial({ map: texture, toneMapped: false, transparent: true }), [texture]);
  const closeMaterial = useDisposable(() => new MeshBasicMaterial({ map: closeTexture, toneMapped: false, transparent: true }), [closeTexture]);

  // XR pointer events have no screen-space drag distance: a click is a click.
  const swallow = (event: ThreeEvent<MouseEvent>) => event.stopPropagation();
  const close = (event: ThreeEvent<MouseEvent>) => {
    event.stopPropagation();
    onClose();
  };

  return (
    <group name="xr-work-panel" position={pose.position} rotation={[0, pose.yaw, 0]}>
      <mesh name="xr-work-panel-face" geometry={plane} material={faceMaterial} onClick={swallow} renderOrder={2} />
      <mesh
        name="xr-work-panel-close"
        geometry={button}
        material={closeMaterial}
        position={[PANEL_WIDTH / 2 - CLOSE_SIZE / 2 - 0.02, height / 2 - CLOSE_SIZE / 2 - 0.02, 0.005]}
        onClick={close}
        renderOrder={3}
      />
    </group>
  );
}
