/**
 * Named and categorical features: the hashing trick, online standardisation
 * and sparse vectors. No RxJS, no I/O.
 *
 * @packageDocumentation
 */
export { FeatureSpace } from './feature-space.js';
export type { Features, FeatureSpaceOptions, HashState, HashStats } from './feature-space.js';
export { murmurhash3, murmurhash3Bytes } from './murmurhash3.js';
export { StandardScaler } from './standard-scaler.js';
export { copySparse, pushEntry, sparseBlock, sparseVector } from './sparse-vector.js';
export type { SparseBlock, SparseVector } from './sparse-vector.js';
