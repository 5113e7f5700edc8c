/**
 * Model files: a trained model as versioned JSON, written atomically and
 * checked with a schema when read back (a file is a trust boundary).
 *
 * ```json
 * { "format": "rxlogit-model", "version": 1, "weights": [1.2, 0.4], "bias": null,
 *   "seen": 400, "updates": 10, "config": { "mode": "batch", "lr": 0.05 } }
 * ```
 *
 * `bias` is `null` for a model without a bias term; `seen` counts the samples
 * learned from, `updates` the delta-rule steps (the schedule's k); `config`
 * records how the model was trained (free-form JSON).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { createModel } from '../core/index.js';
import type { LogisticModel } from '../core/index.js';
import { atomicWriteFile } from './atomic-write.js';

/** The `format` field of every model file. */
export const MODEL_FILE_FORMAT = 'rxlogit-model';
/** The model-file version this code writes and the newest it reads. */
export const MODEL_FILE_VERSION = 1;

/** A model file's content (version 1). */
export const ModelFile = z.object({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.literal(MODEL_FILE_VERSION),
  weights: z.array(z.number()).min(1),
  bias: z.number().nullable(),
  seen: z.int().min(0),
  updates: z.int().min(0),
  config: z.record(z.string(), z.json()),
});
/** A model file's content (version 1). */
export type ModelFile = z.infer<typeof ModelFile>;
/** How a model was trained, as stored in its file. */
export type ModelConfig = ModelFile['config'];

/** A model read from a file, with the configuration it was trained with. */
export interface LoadedModel {
  readonly model: LogisticModel;
  readonly config: ModelConfig;
}

/** A model file that cannot be read, parsed, trusted or written; the message names the file. */
export class ModelFileError extends Error {
  /** The model file's path. */
  readonly path: string;

  constructor(path: string, message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'ModelFileError';
    this.path = path;
  }
}

/**
 * The file content for a model (a snapshot: later learning does not change it).
 *
 * @param config - how the model was trained (default `{}`)
 * @throws ModelFileError when a weight or the bias is not finite
 * @example
 * ```ts
 * modelToFile(createModel({ inputs: 2, init: [1, 2] })).weights; // [1, 2]
 * ```
 */
export function modelToFile(model: LogisticModel, config: ModelConfig = {}, path = 'model'): ModelFile {
  const weights = Array.from(model.weights);
  weights.forEach((w, i) => {
    if (!Number.isFinite(w)) throw new ModelFileError(path, `cannot save "${path}": weight ${i} is not finite (${w})`);
  });
  if (!Number.isFinite(model.bias)) throw new ModelFileError(path, `cannot save "${path}": the bias is not finite`);
  const bias = model.useBias ? model.bias : null;
  return { format: MODEL_FILE_FORMAT, version: MODEL_FILE_VERSION, weights, bias, seen: model.seen, updates: model.updates, config };
}

/**
 * Parses and validates a model file's text.
 *
 * @param text - the file's content
 * @param path - the file's name, for messages (default `'model'`)
 * @throws ModelFileError for empty, truncated or corrupt JSON, a foreign file
 *   (no `"format": "rxlogit-model"`), a newer version, or an invalid field
 * @example
 * ```ts
 * parseModelFile('{"format":"rxlogit-model","version":1,"weights":[1],"bias":null,"seen":0,"updates":0,"config":{}}').model.weights; // Float64Array [1]
 * ```
 */
export function parseModelFile(text: string, path = 'model'): LoadedModel {
  if (text.trim() === '') throw new ModelFileError(path, `model file "${path}" is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ModelFileError(path, `model file "${path}" is not valid JSON (truncated or corrupt?): ${why}`, { cause: e });
  }
  const head = (typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {}) as Record<string, unknown>;
  if (head['format'] !== MODEL_FILE_FORMAT) {
    const found = Object.hasOwn(head, 'format') ? `its "format" is ${JSON.stringify(head['format'])}` : 'it has no "format" field';
    throw new ModelFileError(path, `"${path}" is not an rxlogit model file (${found}, expected "${MODEL_FILE_FORMAT}")`);
  }
  const version = head['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > MODEL_FILE_VERSION) {
    throw new ModelFileError(
      path,
      `"${path}" was written by a newer rxlogit (model file version ${version}; this one reads version ${MODEL_FILE_VERSION}): upgrade rxlogit`,
    );
  }
  const parsed = ModelFile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new ModelFileError(path, `model file "${path}" is invalid: ${issues.join('; ')}`);
  }
  return { model: modelFromFile(parsed.data), config: parsed.data.config };
}

/**
 * A live model from a validated file's content.
 *
 * @example
 * ```ts
 * modelFromFile({ format: 'rxlogit-model', version: 1, weights: [1, 2], bias: 0.5, seen: 3, updates: 3, config: {} }).useBias; // true
 * ```
 */
export function modelFromFile(file: ModelFile): LogisticModel {
  const model = createModel({ inputs: file.weights.length, bias: file.bias !== null, init: file.weights, initBias: file.bias ?? 0 });
  model.seen = file.seen;
  model.updates = file.updates;
  return model;
}

/**
 * Reads a model file.
 *
 * @throws ModelFileError naming the file and the problem (missing, unreadable, corrupt, foreign, newer, invalid)
 * @example
 * ```ts
 * const { model, config } = await loadModel('model.json');
 * ```
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ModelFileError(path, `cannot read model "${path}": ${fsProblem(e)}`, { cause: e });
  }
  return parseModelFile(text, path);
}

/**
 * Checks that `path` may receive a model: it does not exist, or it is a
 * model file this version can read. Anything else (a data file, a corrupt or
 * newer model) is never overwritten silently.
 *
 * @throws ModelFileError saying why the file is kept
 * @example
 * ```ts
 * await checkModelTarget('model.json'); // before a long training run
 * ```
 */
export async function checkModelTarget(path: string): Promise<void> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new ModelFileError(path, `cannot save the model to "${path}": it is a directory`);
    size = s.size;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return;
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(path, `cannot save the model to "${path}": ${fsProblem(e)}`, { cause: e });
  }
  const keep = (why: string): ModelFileError =>
    new ModelFileError(path, `refusing to overwrite "${path}": ${why}; delete it or save elsewhere`);
  if (size > MAX_MODEL_FILE_BYTES) throw keep('it is too large to be an rxlogit model file');
  try {
    parseModelFile(await readFile(path, 'utf8'), path);
  } catch (e) {
    throw keep(e instanceof Error ? e.message : String(e));
  }
}

/**
 * {@link checkModelTarget}, and also that the folder exists and takes a new
 * file: for a check before a long run (`rxlogit train --save`), not before
 * every write.
 *
 * @throws ModelFileError saying why the model could not be saved there
 * @example
 * ```ts
 * await checkModelDestination('models/m.json'); // the folder "models" does not exist
 * ```
 */
export async function checkModelDestination(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOTDIR') return checkFolderWritable(path);
  }
  await checkModelTarget(path);
  await checkFolderWritable(path); // the atomic write puts a temporary file beside it
}

/**
 * Creates and removes a small file beside `path`, or says why its folder
 * cannot take one (permission bits do not tell for root or a read-only mount).
 */
async function checkFolderWritable(path: string): Promise<void> {
  const folder = dirname(path);
  const probe = join(folder, `.rxlogit-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why =
      code === 'ENOENT' ? `the folder "${folder}" does not exist`
      : code === 'ENOTDIR' ? `"${folder}" is not a folder (its path goes through a file)`
      : code === 'EROFS' ? `the folder "${folder}" is on a read-only file system`
      : `cannot write in the folder "${folder}": ${fsProblem(e)}`;
    throw new ModelFileError(path, `cannot save the model to "${path}": ${why}`, { cause: e });
  }
  await unlink(probe).catch(() => undefined);
}

/** Model files larger than this are taken for something else (1 GiB: 50 M weights). */
const MAX_MODEL_FILE_BYTES = 1 << 30;

/**
 * Saves a model atomically ({@link atomicWriteFile}) after {@link checkModelTarget}.
 *
 * @param config - how the model was trained (default `{}`)
 * @throws ModelFileError when the target must not be overwritten, a weight is not finite, or the write fails
 * @example
 * ```ts
 * await saveModel('model.json', model, { mode: 'sample', lr: 0.05 });
 * ```
 */
export async function saveModel(path: string, model: LogisticModel, config: ModelConfig = {}): Promise<void> {
  const file = modelToFile(model, config, path);
  await checkModelTarget(path);
  try {
    await atomicWriteFile(path, `${JSON.stringify(file, null, 2)}\n`);
  } catch (e) {
    throw new ModelFileError(path, `cannot save the model to "${path}": ${fsProblem(e)}`, { cause: e });
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(top level)' : out;
}

function fsProblem(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return e instanceof Error ? e.message : String(e);
}
