import type { Redis } from 'ioredis';

type Log = { error: (o: object, msg: string) => void };

/** One entry of a relay's stream: the node that wrote it and its JSON payload. */
const NODE_FIELD = 'n';
const BODY_FIELD = 'b';

/**
 * Carries items between the nodes of a cluster over one Redis stream: `publish` appends this
 * node's items (in order, on the shared connection); a reader on its own connection hands every
 * other node's items to `onRemote`, in the stream's order. After a dropped connection the reader
 * resumes after the last entry it saw, so nothing written meanwhile is skipped (the stream keeps
 * about `maxLen` entries). Items written before the reader first started are not replayed: a
 * starting node reads the state they describe from the database.
 */
export class StreamRelay<T> {
  private readonly reader: Redis;
  private lastId = '$';
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: {
      stream: string;
      node: string;
      maxLen: number;
      onRemote: (item: T, fromNode: string) => void;
      log: Log;
    },
  ) {
    this.reader = redis.duplicate();
  }

  start(): void {
    this.loop ??= this.read();
  }

  publish(item: T): void {
    const { stream, node, maxLen } = this.options;
    this.redis
      .xadd(stream, 'MAXLEN', '~', maxLen, '*', NODE_FIELD, node, BODY_FIELD, JSON.stringify(item))
      .catch((err: unknown) =>
        this.options.log.error({ err, stream }, 'relaying to the cluster failed'),
      );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reader.disconnect();
    await this.loop?.catch(() => undefined);
  }

  private async read(): Promise<void> {
    const { stream, node, onRemote, log } = this.options;
    while (!this.stopped) {
      try {
        const answer = await this.reader.xread(
          'COUNT',
          1000,
          'BLOCK',
          2000,
          'STREAMS',
          stream,
          this.lastId,
        );
        for (const [, entries] of answer ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            const from = fieldOf(fields, NODE_FIELD);
            const body = fieldOf(fields, BODY_FIELD);
            if (from === node || body === undefined) continue;
            try {
              onRemote(JSON.parse(body) as T, from ?? '');
            } catch (err) {
              log.error({ err, stream, id }, 'a relayed item could not be applied');
            }
          }
        }
      } catch (err) {
        if (this.stopped) return;
        log.error({ err, stream }, 'reading the cluster stream failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
