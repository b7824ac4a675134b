import type { Database } from './client';

/** A stored model and when it was saved (epoch ms). */
export interface StoredModel {
  data: unknown;
  savedAt: number;
}

/** Learned models kept between runs, one JSON document per name (`model_state`). */
export class ModelStateStore {
  constructor(private readonly db: Pick<Database, 'query'>) {}

  async load(name: string): Promise<StoredModel | null> {
    const [row] = await this.db.query<{ data: unknown; saved_at: number }>(
      `select data, (extract(epoch from updated_at) * 1000)::float8 as saved_at
       from model_state where name = $1`,
      [name],
    );
    return row ? { data: row.data, savedAt: row.saved_at } : null;
  }

  async save(name: string, data: unknown): Promise<void> {
    await this.db.query(
      `insert into model_state (name, data, updated_at) values ($1, $2::jsonb, now())
       on conflict (name) do update set data = excluded.data, updated_at = now()`,
      [name, JSON.stringify(data)],
    );
  }
}
