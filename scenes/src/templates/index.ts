export * from './registry';
export { WHITE_CUBE } from './white-cube';
export { CLASSICAL_GALLERY } from './classical-gallery';
export { THREE_ROOM_SUITE } from './three-room-suite';
export { THEATRE_SCENE } from './theatre';
export { AWARD_STAGE } from './award-stage';
export { generateHallScene, generateHallLayout, hallCapacity, MAX_GENERATED_WORKS } from './generated-hall';
