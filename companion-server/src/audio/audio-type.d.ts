declare module 'audio-type' {
  /** Sniffs an audio container/codec from the first bytes, e.g. 'wav', 'mp3', 'm4a'. */
  export default function audioType(buf: Uint8Array): string | undefined;
}
