import { TheatreScene } from './theatre-schema';

/**
 * The live theatre: a 24 × 32 m hall with a raised stage, a 16:9 screen of 11.2 m, ten raked
 * rows of sixteen seats split by a central aisle, house lights, warm wall sconces and a stage spot.
 * The camera starts in the middle rows and orbits gently around a point on the screen, within limits
 * that keep it over the seats.
 */
export const THEATRE: TheatreScene = TheatreScene.parse({
  formatVersion: 1,
  id: 'theatre',
  name: 'Theatre',
  room: {
    width: 24,
    depth: 32,
    height: 10,
    wallColour: '#2a2d3d',
    floorColour: '#24202a',
    ceilingColour: '#0e0f15',
  },
  stage: {
    width: 16,
    height: 1,
    frontZ: -10,
    colour: '#3a2f2a',
    curtainColour: '#6b1622',
  },
  screen: {
    position: [0, 4.6, -15.5],
    width: 11.2,
    height: 6.3,
    frameColour: '#0a0a0d',
  },
  seating: {
    rows: 10,
    seatsPerRow: 16,
    seatSpacing: 0.6,
    rowSpacing: 1.1,
    risePerRow: 0.25,
    firstRowZ: -5,
    aisleWidth: 1.2,
    seatColour: '#7a1f2b',
    stepColour: '#2b2730',
  },
  lights: [
    { type: 'hemisphere', intensity: 0.9, colour: '#9aa3c7', groundColour: '#2a2024' },
    {
      type: 'spot',
      position: [0, 9.5, -3],
      target: [0, 1, -12],
      intensity: 600,
      colour: '#fff1d6',
      angleDeg: 32,
      penumbra: 0.6,
      distance: 0,
    },
    // The screen's cool spill on the stage and front rows.
    { type: 'point', position: [0, 4.6, -13.5], intensity: 25, colour: '#b8c4ff', distance: 14 },
    // Dimmed house lights over the audience.
    { type: 'point', position: [0, 8.6, -3], intensity: 45, colour: '#ffd6a0', distance: 0 },
    { type: 'point', position: [0, 8.6, 5], intensity: 45, colour: '#ffd6a0', distance: 0 },
    // Wall sconces.
    { type: 'point', position: [-11.2, 3.2, -4], intensity: 40, colour: '#ffb36b', distance: 16 },
    { type: 'point', position: [11.2, 3.2, -4], intensity: 40, colour: '#ffb36b', distance: 16 },
    { type: 'point', position: [-11.2, 3.2, 6], intensity: 40, colour: '#ffb36b', distance: 16 },
    { type: 'point', position: [11.2, 3.2, 6], intensity: 40, colour: '#ffb36b', distance: 16 },
  ],
  camera: {
    position: [0, 3.2, 0.6],
    // A little below the screen's centre, so the rows in front show at the bottom of the view.
    target: [0, 3.6, -15.5],
    fovDeg: 55,
    minDistance: 14,
    maxDistance: 17.5,
    maxAzimuthDeg: 14,
    minPolarDeg: 89.5,
    maxPolarDeg: 93,
  },
});
