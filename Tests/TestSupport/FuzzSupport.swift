public import Foundation
public import RandomStreams

/// The settings and byte mutations shared by the property-based fuzz tests.
///
/// Every fuzz target feeds each generated or mutated input to a reader and requires that the reader
/// either returns a value or throws its module's error: a crash, a trap, an unbounded allocation or
/// a hang is the failure being looked for. All randomness comes from `RandomStream`, so a failing
/// iteration is reproduced by its seed and index, which the tests put in their failure messages.
public enum Fuzz {
    /// Inputs per fuzz target: `MSDB_FUZZ_ITERATIONS` from the environment, else 2,000, which keeps
    /// the normal suite fast. Set it (for example to 100000) for a long run.
    public static var iterations: Int {
        guard let text = ProcessInfo.processInfo.environment["MSDB_FUZZ_ITERATIONS"],
            let count = Int(text), count > 0
        else { return 2_000 }
        return count
    }

    /// The seed of every fuzz stream: `MSDB_FUZZ_SEED`, else 7 (fixed, so the suite is repeatable).
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["MSDB_FUZZ_SEED"].flatMap { UInt64($0) } ?? 7
    }

    /// The stream `name` of the fuzz seed.
    public static func stream(_ name: String) -> RandomStream {
        RandomStream(seed: seed, stream: "fuzz/" + name)
    }

    /// The peak resident set size of this process so far, in bytes (`getrusage`, Linux reports KiB).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// The files of a corpus directory, sorted by name (hidden files skipped).
    public static func corpusFiles(in directory: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// Random byte-level mutations of a seed input, in the manner of libFuzzer's mutators.
public struct ByteMutator {
    /// Values that often sit on boundaries of length and dimension fields.
    public static let interestingWords: [UInt32] = [
        0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 100_000, 0x7FFF_FFFF, 0x8000_0000,
        0xFFFF_FFFE, 0xFFFF_FFFF,
    ]

    /// Seed inputs that `splice` may take a piece of.
    public let seeds: [[UInt8]]

    public init(seeds: [[UInt8]]) {
        precondition(!seeds.isEmpty, "a mutator needs at least one seed input")
        self.seeds = seeds
    }

    /// One to four random mutations of a random seed.
    public func mutant(using random: inout RandomStream) -> [UInt8] {
        var bytes = seeds[random.nextInt(below: seeds.count)]
        for _ in 0...random.nextInt(below: 4) {
            mutate(&bytes, using: &random)
        }
        return bytes
    }

    /// Applies one random mutation in place.
    public func mutate(_ bytes: inout [UInt8], using random: inout RandomStream) {
        let position = bytes.isEmpty ? 0 : random.nextInt(below: bytes.count)
        switch random.nextInt(below: 8) {
        case 0 where !bytes.isEmpty:
            bytes[position] ^= UInt8(1) << UInt8(random.nextInt(below: 8))
        case 1 where !bytes.isEmpty:
            bytes[position] = UInt8(truncatingIfNeeded: random.next())
        case 2:
            let count = 1 + random.nextInt(below: 16)
            bytes.insert(
                contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
        case 3 where !bytes.isEmpty:
            let count = min(bytes.count - position, 1 + random.nextInt(below: 16))
            bytes.removeSubrange(position..<(position + count))
        case 4:
            bytes = Array(bytes.prefix(random.nextInt(below: bytes.count + 1)))
        case 5:
            let other = seeds[random.nextInt(below: seeds.count)]
            let cut = random.nextInt(below: other.count + 1)
            bytes = Array(bytes.prefix(position)) + other[cut...]
        case 6 where bytes.count >= 4:
            let word = Self.interestingWords[random.nextInt(below: Self.interestingWords.count)]
            let at = random.nextInt(below: bytes.count - 3)
            let bigEndian = random.nextInt(below: 2) == 0
            for index in 0..<4 {
                let shift = bigEndian ? 8 * (3 - index) : 8 * index
                bytes[at + index] = UInt8(truncatingIfNeeded: word >> UInt32(shift))
            }
        default:
            if !bytes.isEmpty {
                let count = min(bytes.count - position, 1 + random.nextInt(below: 8))
                bytes.insert(contentsOf: bytes[position..<(position + count)], at: position)
            }
        }
    }
}
