/**
 * Replaces a native function with a Proxy that calls `hook`: the page still sees the same
 * name, length, prototype, static properties and `[native code]` toString, and `instanceof`
 * keeps working, because a Proxy forwards everything it does not trap.
 */
/** Our proxies → the natives they stand for, so Function.prototype.toString shows the native's source. */
const originals = new WeakMap<object, object>();
let toStringPatched = false;

function patchToString(): void {
  if (toStringPatched) return;
  toStringPatched = true;
  const native = Function.prototype.toString;
  const proxy = new Proxy(native, {
    apply(target, self, args) {
      return Reflect.apply(target, originals.get(self as object) ?? self, args);
    },
  });
  originals.set(proxy, native);
  Object.defineProperty(Function.prototype, 'toString', { ...Object.getOwnPropertyDescriptor(Function.prototype, 'toString'), value: proxy });
}

function remember<T extends object>(proxy: T, native: T): T {
  patchToString();
  originals.set(proxy, native);
  return proxy;
}

export function cloakConstructor<T extends abstract new (...a: never[]) => object>(Native: T, after: (instance: InstanceType<T>) => void): T {
  const proxy = new Proxy(Native, {
    construct(target, args, newTarget) {
      const obj = Reflect.construct(target, args, newTarget) as InstanceType<T>;
      try {
        after(obj);
      } catch {
        // Never break the page's call because of us.
      }
      return obj;
    },
  });
  // `pc.constructor === RTCPeerConnection` must stay true for the page.
  Object.defineProperty(Native.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
  return remember(proxy, Native);
}

export function cloakMethod<F extends (...a: never[]) => unknown>(native: F, around: (self: unknown, args: Parameters<F>, call: () => ReturnType<F>) => ReturnType<F>): F {
  const proxy = new Proxy(native, {
    apply(target, self, args) {
      return around(self, args as Parameters<F>, () => Reflect.apply(target, self, args) as ReturnType<F>);
    },
  });
  return remember(proxy, native);
}

/** Redefines a global or prototype property keeping its original attributes. */
export function replaceProperty(obj: object, key: string, value: unknown): void {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  if (!d) return;
  Object.defineProperty(obj, key, { ...d, value });
}
