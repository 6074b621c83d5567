"""Deterministic parity input shared with the TypeScript parity test (veracall-parity-v1).
For b in 0..batch-1, n in 0..W-1 (float64 math, cast to float32):
  s starts at 12345 + b; per sample s = (1103515245*s + 12345) mod 2^31; u = s/2^31*2 - 1
  x[b][n] = 0.5*sin(2*pi*(150+100*b)*n/16000) * (0.5 + 0.5*sin(2*pi*3*n/16000)) + 0.05*u"""
import numpy as np

SPEC = "veracall-parity-v1"


def parity_input(window, batch=3):
    x = np.zeros((batch, window), np.float64)
    n = np.arange(window, dtype=np.float64)
    for b in range(batch):
        s, u = 12345 + b, np.zeros(window)
        for i in range(window):
            s = (1103515245 * s + 12345) % 2**31
            u[i] = s / 2**31 * 2 - 1
        tone = 0.5 * np.sin(2 * np.pi * (150 + 100 * b) * n / 16000)
        x[b] = tone * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * n / 16000)) + 0.05 * u
    return x.astype(np.float32)


if __name__ == "__main__":
    x = parity_input(32000)
    print(x.shape, x[:, :4], x.std(axis=1))
