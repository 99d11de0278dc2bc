"""Independent Python implementation of msdb's RandomStream derivation (see RandomStream.swift).

Prints the golden values pinned in RandomStreamTests.swift. Run: python3 random_stream_golden.py
"""
import math

M = (1 << 64) - 1


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & M
    return h


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Stream:
    def __init__(self, seed, name):
        key = mix(seed) ^ fnv1a64(name)
        self.s = []
        for _ in range(4):
            key = (key + 0x9E3779B97F4A7C15) & M
            self.s.append(mix(key))

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def next_int(self, bound):
        m = self.next() * bound
        if (m & M) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (m & M) < threshold:
                m = self.next() * bound
        return m >> 64

    def next_float(self):
        return (self.next() >> 40) * 2.0**-24

    def next_normal(self):
        u1 = ((self.next() >> 11) + 1) * 2.0**-53
        u2 = (self.next() >> 11) * 2.0**-53
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.next_int(i + 1)
            items[i], items[j] = items[j], items[i]

    def sample(self, k, n):
        pos = list(range(n))
        out = []
        for i in range(k):
            j = i + self.next_int(n - i)
            pos[i], pos[j] = pos[j], pos[i]
            out.append(pos[i])
        return out


# The xoshiro256** reference implementation's outputs from the state {1, 2, 3, 4}.
check = Stream(0, "")
check.s = [1, 2, 3, 4]
assert [check.next() for _ in range(4)] == [11520, 0, 1509978240, 1215971899390074240]

print("fnv1a64('noise') =", hex(fnv1a64("noise")))
s = Stream(42, "noise")
print("seed 42 'noise' words:", [hex(s.next()) for _ in range(4)])
s = Stream(0, "init")
print("seed 0 'init' words:", [hex(s.next()) for _ in range(2)])
s = Stream(42, "shuffle")
print("seed 42 'shuffle' nextInt(below: 10) x8:", [s.next_int(10) for _ in range(8)])
items = list(range(8))
s.shuffle(items)
print("  then shuffle(0..<8):", items)
print("  then sample(5, from: 100):", s.sample(5, 100))
s = Stream(7, "ems/3")
print("seed 7 'ems/3' nextFloat x3:", [s.next_float() for _ in range(3)])
print("  then nextNormal x3:", [repr(s.next_normal()) for _ in range(3)])
