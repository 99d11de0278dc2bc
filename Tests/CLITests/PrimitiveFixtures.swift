import CanonicalJSON
import Foundation
import Imaging
import TestSupport
import Testing

/// The CLI fixtures (`Fixtures/make_fixtures.py`): images copied or derived from the Imaging and
/// Evaluation fixtures, and in `expected.json` the numbers scikit-image, OpenCV, scipy and
/// scikit-learn gave on them.
enum PrimitiveFixtures {
    /// The path of a fixture file.
    static func path(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            "missing fixture \(name)")
        return url.path
    }

    /// `expected.json`.
    static func expected() throws -> JSONValue {
        try JSONParser.parse(
            String(decoding: Data(contentsOf: URL(fileURLWithPath: path("expected.json"))), as: UTF8.self))
    }

    /// A fixture read as a mask (any nonzero sample is foreground).
    static func mask(_ name: String) throws -> Mask {
        try ImageFile.readMask(path: path(name))
    }

    /// Runs `msdb arguments…`, requires success with a quiet stderr, and parses stdout as JSON.
    static func json(
        _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> JSONValue {
        let outcome = try MSDBProcess.run(arguments)
        try #require(outcome.status == 0, "\(arguments): \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.isEmpty, sourceLocation: sourceLocation)
        return try JSONParser.parse(outcome.stdout)
    }

    /// The keys of a JSON object, sorted.
    static func keys(_ value: JSONValue) -> [String] {
        guard case .object(let members) = value else { return [] }
        return members.keys.sorted()
    }

    /// A number from a JSON object, or a recorded issue.
    static func number(
        _ value: JSONValue, _ key: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Double {
        try #require(
            value[key]?.doubleValue, "no number '\(key)' in \(value)", sourceLocation: sourceLocation)
    }
}

/// Files that are not what they claim, written into a scratch directory.
enum BadFiles {
    /// The first half of a fixture's bytes.
    static func truncated(_ fixture: String, to path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: PrimitiveFixtures.path(fixture)))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    }

    /// A fixture with 40 bytes in its middle inverted (checksums and compressed data break).
    static func flipped(_ fixture: String, to path: String) throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: PrimitiveFixtures.path(fixture)))
        for offset in bytes.count / 2..<bytes.count / 2 + 40 { bytes[bytes.startIndex + offset] ^= 0xFF }
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    /// A TIFF signature followed by garbage.
    static func garbageTIFF(to path: String) throws {
        try Data([0x49, 0x49, 0x2A, 0x00] + [UInt8](repeating: 0xEE, count: 64)).write(
            to: URL(fileURLWithPath: path))
    }

    /// A text file.
    static func text(to path: String) throws {
        try Data("id,width,height\n1,96,96\n".utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A valid PNG signature and header claiming `side × side` 8-bit gray pixels, with an empty
    /// data stream: the reader must refuse it from the header alone.
    static func hugePNG(side: UInt32, to path: String) throws {
        func big(_ value: UInt32) -> [UInt8] {
            (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return big(UInt32(data.count)) + body + big(crc32(body))
        }
        let bytes: [UInt8] =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", big(side) + big(side) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]) + chunk("IEND", [])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A little-endian TIFF whose one IFD claims `side × side` 8-bit gray pixels in one strip.
    static func hugeTIFF(side: UInt32, to path: String) throws {
        func little(_ value: UInt32, bytes: Int) -> [UInt8] {
            (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        // (tag, type, value): width, height, bits, compression, photometric, strip offset,
        // samples per pixel, rows per strip, strip byte count.
        let tags: [(UInt32, UInt32, UInt32)] = [
            (256, 4, side), (257, 4, side), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8), (277, 3, 1),
            (278, 4, side), (279, 4, 4),
        ]
        let ifd = tags.flatMap { tag, type, value in
            little(tag, bytes: 2) + little(type, bytes: 2) + little(1, bytes: 4) + little(value, bytes: 4)
        }
        let bytes: [UInt8] =
            [0x49, 0x49, 0x2A, 0x00] + little(12, bytes: 4) + [0, 0, 0, 0]
            + little(UInt32(tags.count), bytes: 2) + ifd + little(0, bytes: 4)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The CRC-32 of PNG chunks (polynomial 0xEDB88320), bit by bit.
    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// Expects the CLI's failure contract: a non-zero exit, nothing on stdout, and exactly one stderr
/// line that starts with `error:` and contains every fragment.
func expectOneErrorLine(
    _ outcome: MSDBProcess.Outcome, mentioning fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(outcome.status != 0, sourceLocation: sourceLocation)
    #expect(outcome.stdout.isEmpty, "stdout: \(outcome.stdout)", sourceLocation: sourceLocation)
    #expect(outcome.stderr.hasPrefix("error: "), "stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
    #expect(
        outcome.stderr.hasSuffix("\n") && outcome.stderr.filter { $0 == "\n" }.count == 1,
        "one line: \(outcome.stderr)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(
            outcome.stderr.contains(fragment), "'\(fragment)' in \(outcome.stderr)",
            sourceLocation: sourceLocation)
    }
}
