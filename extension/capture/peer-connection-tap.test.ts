import { describe, expect, it, vi } from 'vitest';
import { tapPeerConnections } from './peer-connection-tap';
import { watchLocalCapture } from './local-tracks';

/** A stand-in for the browser's native RTCPeerConnection (happy-dom has none). */
function fakeWindow() {
  class RTCPeerConnection extends EventTarget {
    static generateCertificate() {
      return Promise.resolve('cert');
    }
    createOffer() {
      return Promise.resolve({ type: 'offer' });
    }
  }
  const track = (kind: string) => ({ kind, readyState: 'live' }) as unknown as MediaStreamTrack;
  const fire = (pc: EventTarget, t: MediaStreamTrack) => {
    const e = new Event('track') as Event & { track: MediaStreamTrack; receiver: null };
    Object.assign(e, { track: t, receiver: null });
    pc.dispatchEvent(e);
  };
  const mic = track('audio');
  const mediaDevices = Object.create({ getUserMedia: async () => ({ getTracks: () => [mic] }) });
  const win = { RTCPeerConnection, webkitRTCPeerConnection: RTCPeerConnection, navigator: { mediaDevices } } as unknown as typeof globalThis;
  return { win, Native: RTCPeerConnection, track, fire, mic };
}

describe('RTCPeerConnection tap', () => {
  it('is invisible: name, toString, prototype, statics, instanceof, constructor', () => {
    const { win, Native } = fakeWindow();
    const nativeSource = Function.prototype.toString.call(Native);
    tapPeerConnections(win, () => {});
    const Wrapped = win.RTCPeerConnection;
    expect(Wrapped).not.toBe(Native);
    expect(Wrapped.name).toBe('RTCPeerConnection');
    expect(Wrapped.length).toBe(Native.length);
    expect(Function.prototype.toString.call(Wrapped)).toBe(nativeSource);
    expect(String(Wrapped)).toBe(nativeSource);
    expect(Wrapped.prototype).toBe(Native.prototype);
    expect(typeof Wrapped.generateCertificate).toBe('function');
    const pc = new Wrapped();
    expect(pc).toBeInstanceOf(Wrapped);
    expect(pc).toBeInstanceOf(Native);
    expect(pc.constructor).toBe(Wrapped);
    expect(Object.getPrototypeOf(pc)).toBe(Wrapped.prototype);
    expect((win as unknown as { webkitRTCPeerConnection: unknown }).webkitRTCPeerConnection).toBe(Wrapped);
    // Page subclasses still work and still get tapped.
    class Sub extends Wrapped {}
    const s = new Sub();
    expect(s).toBeInstanceOf(Sub);
    expect(s).toBeInstanceOf(Wrapped);
  });

  it('reports remote audio tracks only, once each', () => {
    const { win, track, fire } = fakeWindow();
    const seen = vi.fn();
    tapPeerConnections(win, seen);
    const pc = new win.RTCPeerConnection();
    const a = track('audio');
    fire(pc, a);
    fire(pc, a);
    fire(pc, track('video'));
    expect(seen).toHaveBeenCalledTimes(1);
    expect(seen.mock.calls[0]![0].track).toBe(a);
  });

  it("never reports the page's own microphone track", async () => {
    const { win, fire, mic } = fakeWindow();
    const seen = vi.fn();
    watchLocalCapture(win);
    tapPeerConnections(win, seen);
    await win.navigator.mediaDevices.getUserMedia({ audio: true });
    fire(new win.RTCPeerConnection(), mic);
    expect(seen).not.toHaveBeenCalled();
  });
});
