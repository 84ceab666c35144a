import { TheatreScene } from './theatre-schema';

/**
 * The theatre of an award ceremony, in the award stage's proportions and palette
 * (templates/award-stage.ts): a 30 × 24 m hall, 12 m high, with a 20 m wide stage and dark red
 * curtains, a gold winners' podium in front of it, a 12.8 m screen over the stage, ten raked rows
 * of twenty-four seats, warm key spots on the stage and the podium and dimmed house lights. The
 * award stage's side seat blocks become the wide rows here, as v1 has one block. The camera starts
 * in the back rows, low enough that the podium shows under the screen, and orbits within limits
 * that keep it over the seats.
 */
export const AWARD_CEREMONY: TheatreScene = TheatreScene.parse({
  formatVersion: 1,
  id: 'award-ceremony',
  name: 'Award ceremony',
  room: {
    width: 30,
    depth: 24,
    height: 12,
    wallColour: '#1e1f2b',
    floorColour: '#2a1e2a',
    ceilingColour: '#0b0b12',
  },
  stage: {
    width: 20,
    height: 1.2,
    frontZ: -6,
    colour: '#1c1c28',
    curtainColour: '#5b1020',
    podium: { width: 4, depth: 1.5, height: 0.6, colour: '#b08d3c' },
  },
  screen: {
    position: [0, 7, -11.7],
    width: 12.8,
    height: 7.2,
    frameColour: '#0a0a0d',
  },
  seating: {
    rows: 10,
    seatsPerRow: 24,
    seatSpacing: 0.6,
    rowSpacing: 1,
    risePerRow: 0.15,
    firstRowZ: -1,
    aisleWidth: 1.2,
    seatColour: '#6d1a2a',
    stepColour: '#241f2a',
  },
  lights: [
    { type: 'hemisphere', intensity: 0.6, colour: '#8890b0', groundColour: '#1a1820' },
    { type: 'ambient', intensity: 0.2, colour: '#ffffff' },
    // Key light on the stage, and a narrow one on the podium.
    {
      type: 'spot',
      position: [0, 11, -2],
      target: [0, 1.2, -9],
      intensity: 900,
      colour: '#fff1d6',
      angleDeg: 30,
      penumbra: 0.5,
      distance: 0,
    },
    {
      type: 'spot',
      position: [0, 11, 0],
      target: [0, 0.6, -5.25],
      intensity: 500,
      colour: '#ffe6b0',
      angleDeg: 12,
      penumbra: 0.4,
      distance: 0,
    },
    // The screen's cool spill, and dimmed house lights over the seats.
    { type: 'point', position: [0, 6, -10], intensity: 30, colour: '#b8c4ff', distance: 14 },
    { type: 'point', position: [-6, 10, 4], intensity: 60, colour: '#ffd6a0', distance: 0 },
    { type: 'point', position: [6, 10, 4], intensity: 60, colour: '#ffd6a0', distance: 0 },
  ],
  camera: {
    position: [0, 3.2, 6.5],
    // Below the screen's centre, so the stage and the podium show in the lower half of the view.
    target: [0, 4.2, -11.7],
    fovDeg: 55,
    minDistance: 16.5,
    maxDistance: 20,
    maxAzimuthDeg: 14,
    minPolarDeg: 91.5,
    maxPolarDeg: 95,
  },
});
