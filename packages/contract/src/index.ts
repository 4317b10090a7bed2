export * from './core';
export * from './meetings';
export * from './routes';
export * from './schemas';
export * from './variables';
