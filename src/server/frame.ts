/**
 * The frame type lives apart from the client channel so that modules which only
 * pass frames along (the learner feed, and through it the broker's publisher)
 * do not pull `ws` into the public declarations.
 *
 * @module
 */
/** A frame serialised once and sent as is to every client that gets it. */
export type Frame = Buffer;
