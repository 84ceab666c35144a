import { TheatreScene } from './theatre-schema';

/**
 * The live theatre: a 24 × 32 m hall with a raised stage, a 16:9 screen of 11.2 m, ten raked
 * rows of sixteen seats split by a central aisle, warm wall lights and stage spots. The camera
 * starts in the middle rows and orbits gently around the screen's centre within the seats.
 */
export const THEATRE: TheatreScene = TheatreScene.parse({
  formatVersion: 1,
  id: 'theatre',
  name: 'Theatre',
  room: {
    width: 24,
    depth: 32,
    height: 10,
    wallColour: '#1d1f2b',
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
    { type: 'hemisphere', intensity: 0.35, colour: '#8a93b8', groundColour: '#1a1418' },
    {
      type: 'spot',
      position: [0, 9.5, -3],
      target: [0, 1, -12],
      intensity: 220,
      colour: '#fff1d6',
      angleDeg: 32,
      penumbra: 0.6,
      distance: 0,
    },
    { type: 'point', position: [-11.2, 3.2, -4], intensity: 12, colour: '#ffb36b', distance: 14 },
    { type: 'point', position: [11.2, 3.2, -4], intensity: 12, colour: '#ffb36b', distance: 14 },
    { type: 'point', position: [-11.2, 3.2, 6], intensity: 12, colour: '#ffb36b', distance: 14 },
    { type: 'point', position: [11.2, 3.2, 6], intensity: 12, colour: '#ffb36b', distance: 14 },
  ],
  camera: {
    position: [0, 3.1, 0.6],
    target: [0, 4.6, -15.5],
    fovDeg: 50,
    minDistance: 14,
    maxDistance: 17.5,
    maxAzimuthDeg: 14,
    minPolarDeg: 94,
    maxPolarDeg: 96.5,
  },
});
