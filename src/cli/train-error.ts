/** A training failure caused by the input or the options (not a bug): the CLI prints it and exits 1. */
export class TrainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainError';
  }
}
