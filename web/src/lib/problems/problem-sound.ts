/** Where the dispatcher's choice to hear new critical problems is kept. */
export const SOUND_KEY = 'dispatch.problem-sound';

/** Whether the sound is on: off unless the dispatcher turned it on. */
export function loadSoundOn(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

export function saveSoundOn(storage: Pick<Storage, 'setItem'> | null, on: boolean): void {
  try {
    storage?.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // A browser that refuses storage still plays the sound for this page.
  }
}

let audio: AudioContext | null = null;

/** A short two-tone beep through WebAudio; silent where the browser has no audio. */
export function beep(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  const ctx = audio;
  const gain = ctx.createGain();
  gain.connect(ctx.destination);
  gain.gain.setValueAtTime(0.0001, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.3);
  for (const [frequency, at] of [
    [880, 0],
    [660, 0.15],
  ] as const) {
    const tone = ctx.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(ctx.currentTime + at);
    tone.stop(ctx.currentTime + at + 0.14);
  }
}
