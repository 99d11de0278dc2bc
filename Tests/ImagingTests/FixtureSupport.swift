import Foundation
import Imaging
import Testing

/// Access to the committed fixtures (made by `Fixtures/make_fixtures.py`).
enum Fixtures {
    /// The path of a fixture file.
    static func path(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            "missing fixture \(name)")
        return url.path
    }

    /// `expected.json`, the numbers scikit-image, OpenCV and scipy gave.
    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try path("expected.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A fixture mask stored as 0/255 PNG, as a 0/1 mask.
    static func mask(_ name: String) throws -> Mask {
        try Mask(binarizing: ImageFile.read(path: path(name)))
    }
}

/// A fresh directory for the files one test writes, removed when the suite instance that holds
/// it goes away (Swift Testing makes one suite instance per test).
final class ScratchDirectory {
    let path: String

    init() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "msdb-imaging-\(UUID().uuidString)")
        // A failure here surfaces as a write error in the test that uses the directory.
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The checksum `make_fixtures.py` records: the sample sum and the sum weighted by
/// `index % 251 + 1` over the row-major, channel-interleaved samples.
func checksum(_ samples: [UInt16]) -> (sum: Int, weighted: Int) {
    var sum = 0
    var weighted = 0
    for (index, value) in samples.enumerated() {
        sum += Int(value)
        weighted += Int(value) * (index % 251 + 1)
    }
    return (sum, weighted)
}

/// The positions where two masks differ (first few), for readable failures.
func differences(_ a: Mask, _ b: Mask) -> [String] {
    guard a.width == b.width, a.height == b.height else {
        return ["size \(a.width)x\(a.height) vs \(b.width)x\(b.height)"]
    }
    var out: [String] = []
    for index in 0..<a.pixels.count where a.pixels[index] != b.pixels[index] {
        out.append("(x \(index % a.width), y \(index / a.width)): \(a.pixels[index]) vs \(b.pixels[index])")
    }
    return out
}

/// Big-endian bytes of a 32-bit value (PNG integers).
func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
}

func little16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

func little32(_ value: UInt32) -> [UInt8] { bigEndian(value).reversed() }

/// CRC-32 (ISO 3309, as PNG chunks use), bit by bit.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}
