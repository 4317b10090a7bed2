export * from './descriptors';
export * from './registry';
