import { cloakMethod, replaceProperty } from './cloak';

/**
 * Remembers every track the page captured itself (getUserMedia, getDisplayMedia): the
 * user's own microphone is never analysed, even if the page routes it into Web Audio.
 */
const local = new WeakSet<MediaStreamTrack>();

export function isLocalTrack(t: MediaStreamTrack): boolean {
  return local.has(t);
}

export function watchLocalCapture(win: typeof globalThis): void {
  const md = win.navigator?.mediaDevices;
  if (!md) return;
  const proto = Object.getPrototypeOf(md) as MediaDevices;
  for (const key of ['getUserMedia', 'getDisplayMedia'] as const) {
    const native = proto[key] as unknown as ((c?: MediaStreamConstraints) => Promise<MediaStream>) | undefined;
    if (typeof native !== 'function') continue;
    replaceProperty(
      proto,
      key,
      cloakMethod(native, (_self, _args, call) =>
        call().then((stream) => {
          for (const t of stream.getTracks()) local.add(t);
          return stream;
        }),
      ),
    );
  }
}
