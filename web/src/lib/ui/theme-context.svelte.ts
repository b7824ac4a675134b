import { Theme } from '../state/theme.svelte';

/** The console's one theme, applied to <html data-theme> so CSS variables follow it. */
export const theme = new Theme(typeof localStorage === 'undefined' ? null : localStorage);

$effect.root(() => {
  $effect(() => {
    document.documentElement.dataset.theme = theme.name;
  });
});
