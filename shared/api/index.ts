export * from './schemas.js';
export * from './types.js';
export * from './discussion.js';
export * from './amendments.js';
export * from './record.js';
export * from './responses.js';
