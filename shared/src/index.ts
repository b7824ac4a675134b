export * from './errors';
export * from './domain';
export * from './geo';
export * from './schemas';
export * from './protocol';
export * from './fleet-delta';
export * from './api';
