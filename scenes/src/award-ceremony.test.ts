import { describe, expect, it } from 'vitest';
import { AWARD_CEREMONY, AWARD_STAGE, THEATRE, TheatreScene, insideRoom, podiumTop, seatLayout } from './index';

describe('award ceremony theatre', () => {
  it('has the award stage template’s palette and proportions', () => {
    const platforms = new Map(AWARD_STAGE.platforms.map((p) => [p.id, p]));
    const stage = platforms.get('stage')!;
    const podium = platforms.get('podium')!;
    const screen = AWARD_STAGE.screens[0]!;
    expect(AWARD_CEREMONY.stage.width).toBe(stage.area.max[0] - stage.area.min[0]);
    expect(AWARD_CEREMONY.stage.curtainColour).toBe(stage.curtainColour);
    expect(AWARD_CEREMONY.stage.podium?.colour).toBe(podium.colour);
    expect(AWARD_CEREMONY.stage.podium?.height).toBe(podium.height);
    expect([AWARD_CEREMONY.screen.width, AWARD_CEREMONY.screen.height]).toEqual([screen.width, screen.height]);
    expect(AWARD_CEREMONY.room.wallColour).toBe(AWARD_STAGE.walls[0]!.colour);
    expect(AWARD_CEREMONY.room.floorColour).toBe(AWARD_STAGE.rooms[0]!.floorColour);
  });

  it('stands the podium in front of the stage, lower than it, inside the room and clear of the seats', () => {
    const { stage, room, seating } = AWARD_CEREMONY;
    const podium = stage.podium!;
    expect(podium).toBeDefined();
    expect(podium.height).toBeLessThan(stage.height);
    expect(podium.width).toBeLessThanOrEqual(stage.width);
    const front = stage.frontZ + podium.depth;
    for (const x of [-podium.width / 2, podium.width / 2])
      for (const z of [stage.frontZ, front]) expect(insideRoom(AWARD_CEREMONY, [x, podium.height, z], 0.5)).toBe(true);
    expect(front).toBeLessThan(room.depth / 2);
    // The first row is at least an aisle's width behind the podium.
    for (const seat of seatLayout(seating)) expect(seat.position[2] - seating.seatSpacing / 2).toBeGreaterThan(front + 1);
  });

  it('shows the podium’s front edge below the screen in the spawn camera’s view', () => {
    const { camera, stage, screen } = AWARD_CEREMONY;
    const elevation = (p: readonly number[]) =>
      Math.atan2(p[1]! - camera.position[1], Math.hypot(p[0]! - camera.position[0], p[2]! - camera.position[2]));
    const forward = elevation(camera.target);
    const halfFov = (camera.fovDeg / 2) * (Math.PI / 180);
    const podiumEdge = [0, stage.podium!.height, stage.frontZ + stage.podium!.depth];
    expect(forward - elevation(podiumEdge)).toBeLessThan(halfFov);
    expect(elevation(podiumEdge)).toBeLessThan(elevation([0, screen.position[1] - screen.height / 2, screen.position[2]]));
  });

  it('gives the podium’s top centre against the stage’s front edge', () => {
    const { stage } = AWARD_CEREMONY;
    expect(podiumTop(stage)).toEqual([0, stage.podium!.height, stage.frontZ + stage.podium!.depth / 2]);
    expect(podiumTop(THEATRE.stage)).toBeNull();
  });

  it('keeps the podium optional, so the standard theatre and stored v1 scenes stay valid', () => {
    expect(THEATRE.stage.podium).toBeUndefined();
    const { podium: _podium, ...stage } = AWARD_CEREMONY.stage;
    expect(TheatreScene.safeParse({ ...AWARD_CEREMONY, stage }).success).toBe(true);
  });

  it('rejects a podium without a positive size', () => {
    const stage = { ...AWARD_CEREMONY.stage, podium: { ...AWARD_CEREMONY.stage.podium!, depth: 0 } };
    const result = TheatreScene.safeParse({ ...AWARD_CEREMONY, stage });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['stage', 'podium', 'depth']);
  });
});
