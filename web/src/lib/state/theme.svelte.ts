export type ThemeName = 'dark' | 'light';

const STORAGE_KEY = 'dispatch.theme';

/** The colour theme: dark unless the user chose light; remembered in local storage. */
export class Theme {
  name = $state<ThemeName>('dark');
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | null;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
    this.#storage = storage;
    if (storage?.getItem(STORAGE_KEY) === 'light') this.name = 'light';
  }

  toggle(): void {
    this.name = this.name === 'dark' ? 'light' : 'dark';
    this.#storage?.setItem(STORAGE_KEY, this.name);
  }
}
