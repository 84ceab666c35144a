export * from './theatre-schema';
export * from './theatre-layout';
export { THEATRE } from './theatre';
export { AWARD_CEREMONY } from './award-ceremony';
export * from './templates/index';
