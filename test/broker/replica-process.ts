import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../demos/prediction-replica.ts', import.meta.url));

/** One model version as a replica process reported it (`--json-log`). */
export interface ServedVersion {
  readonly revision: number;
  readonly modelVersion: number;
  readonly written: number;
  readonly received: number;
}

/** A `demos/prediction-replica.ts` child process. */
export interface ReplicaProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every version it started serving, in order. */
  readonly versions: ServedVersion[];
  stop(): Promise<number | null>;
}

/** Starts the demo replica with `--json-log --port 0` and resolves once it listens. */
export async function startReplicaProcess(natsUrl: string, model: string): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO, '--from', natsUrl, '--model', model, '--port', '0', '--json-log'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const versions: ServedVersion[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; url?: string } & ServedVersion;
      if (event.event === 'listening') resolve(event.url!);
      if (event.event === 'version') versions.push({ revision: event.revision, modelVersion: event.modelVersion, written: event.written, received: event.received });
    });
    void exited.then((code) => reject(new Error(`the replica exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    versions,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
