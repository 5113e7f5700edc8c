/**
 * The data layer: seeded generators (the tutorial's data set, bit for bit
 * NumPy's) and streaming readers of JSON Lines and CSV sample files.
 *
 * @example
 * ```ts
 * import { openSampleFile, readSamples } from 'rxlogit/data';
 *
 * const { readable } = await openSampleFile('train.jsonl');
 * for await (const { sample } of readSamples(readable, { format: 'jsonl' })) console.log(sample.x, sample.t);
 * ```
 *
 * @packageDocumentation
 */
export { NumpyRandomState } from './numpy-random.js';
export { TUTORIAL_MEANS, TUTORIAL_PER_CLASS, TUTORIAL_SEED, tutorialDataset } from './tutorial-dataset.js';
export type { TutorialDataset, TutorialDatasetOptions } from './tutorial-dataset.js';
export { gaussianClasses, gaussianClassStream } from './gaussian-classes.js';
export type { GaussianClassStream } from './gaussian-classes.js';
export type { GaussianClassesOptions } from './gaussian-classes-options.js';
export { parseJsonlSample } from './jsonl-sample-parser.js';
export { parseCsvSample } from './csv-sample-parser.js';
export { readSampleChunks, readSamples } from './sample-lines.js';
export type { LineSample, ReadSamplesOptions, SampleChunk } from './sample-lines.js';
export { openSampleFile, readSampleFile, SampleSourceError } from './sample-file.js';
export type { OpenSampleFileOptions, SampleSource } from './sample-file.js';
export { formatFromPath } from './sample-format.js';
export type { SampleFormat } from './sample-format.js';
export { isSampleParseError, SampleLineError } from './sample-validation.js';
export type { SampleParseError, SampleParseResult } from './sample-validation.js';
