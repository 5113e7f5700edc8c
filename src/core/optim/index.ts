/**
 * Sparse logistic models and their optimizers: the delta rule with lazy L2,
 * AdaGrad and FTRL-Proximal. No RxJS, no I/O.
 *
 * @packageDocumentation
 */
export { AdaGradOptimizer } from './adagrad.js';
export { createOptimizer } from './create-optimizer.js';
export { FtrlProximalOptimizer } from './ftrl-proximal.js';
export { learnSparse, learnSparseBlock } from './learn-sparse.js';
export type { Optimizer, OptimizerConfig, OptimizerOptions, OptimizerState } from './optimizer.js';
export { SgdOptimizer } from './sgd.js';
export { createSparseModel, foldScale, sparseLogit, sparseLogitRange, sparseWeight } from './sparse-model.js';
export type { SparseModel } from './sparse-model.js';
