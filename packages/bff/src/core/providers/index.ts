export * from './calendar-traits';
export * from './descriptors';
export * from './registry';
