import type { Database } from './client';

/** Learned models kept between runs, one JSON document per name (`model_state`). */
export class ModelStateStore {
  constructor(private readonly db: Pick<Database, 'query'>) {}

  async load(name: string): Promise<unknown> {
    const [row] = await this.db.query<{ data: unknown }>(
      'select data from model_state where name = $1',
      [name],
    );
    return row?.data ?? null;
  }

  async save(name: string, data: unknown): Promise<void> {
    await this.db.query(
      `insert into model_state (name, data, updated_at) values ($1, $2::jsonb, now())
       on conflict (name) do update set data = excluded.data, updated_at = now()`,
      [name, JSON.stringify(data)],
    );
  }
}
