export * from './meetings';
export * from './problems';
export * from './routes';
export * from './schemas';
export * from './variables';
