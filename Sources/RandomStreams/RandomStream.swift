/// A deterministic pseudo-random generator for one named sub-stream of a run's seed.
///
/// All randomness in msdb flows from a run's 64-bit seed through named streams (`"noise"`, `"init"`,
/// `"shuffle"`, `"ems"`, …). Each stream is an independent generator, so adding a draw to one stream
/// never shifts another. Streams nest with `substream(_:)` (`"ems"` → `"ems/17"`).
///
/// ## Derivation (part of reproducibility: never change it without bumping the engine version)
///
/// 1. `h = FNV-1a-64(UTF-8 bytes of the stream name)`: offset basis `0xcbf29ce484222325`, for each byte
///    `h = (h XOR byte) · 0x100000001b3` (mod 2⁶⁴).
/// 2. `key = mix(seed) XOR h`, where `mix` is the SplitMix64 finaliser:
///    `z = (z XOR (z >> 30)) · 0xbf58476d1ce4e5b9; z = (z XOR (z >> 27)) · 0x94d049bb133111eb;
///    z XOR (z >> 31)`.
/// 3. The four xoshiro256** state words are the first four outputs of SplitMix64 started at `key`
///    (each output: `key += 0x9e3779b97f4a7c15`, then `mix(key)`), in order s0, s1, s2, s3.
/// 4. Outputs are xoshiro256** (Blackman and Vigna 2018): `rotl(s1 · 5, 7) · 9`, then the standard
///    state update.
///
/// The derived draws (`nextFloat`, `nextInt(below:)`, `nextNormal`, `shuffle`, `sample`) are
/// implemented here rather than taken from the standard library, whose algorithms for
/// `Int.random(in:using:)` and `shuffle(using:)` are not specified and could change.
public struct RandomStream: RandomNumberGenerator, Sendable, Equatable {
    /// The run seed this stream was derived from.
    public let seed: UInt64
    /// The stream's name, e.g. `"noise"` or `"ems/17"`.
    public let name: String

    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// The stream `name` of the run seed `seed`, positioned at its first draw.
    public init(seed: UInt64, stream name: String) {
        self.seed = seed
        self.name = name
        var state = RandomStream.mix(seed) ^ RandomStream.fnv1a64(name)
        func splitMix() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            return RandomStream.mix(state)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The stream `"<name>/<child>"` of the same seed, positioned at its first draw; independent of
    /// how far this stream has advanced.
    public func substream(_ child: String) -> RandomStream {
        RandomStream(seed: seed, stream: name + "/" + child)
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    // MARK: Stable hashing

    /// FNV-1a, 64-bit, over the UTF-8 bytes of `text`.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The SplitMix64 output finaliser (a bijection on 64-bit words).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
