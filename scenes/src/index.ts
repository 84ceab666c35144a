export * from './theatre-schema';
export * from './theatre-layout';
export { THEATRE } from './theatre';
export * from './templates/index';
