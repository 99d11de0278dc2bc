public import Foundation

/// A SHA-256 digest in lowercase hex: the id of a blob or a run.
///
/// Blob ids hash the kind and the canonical bytes, `sha256(utf8(kind) ‖ 0x00 ‖ bytes)`; the zero
/// byte keeps `("ab", "c…")` and `("a", "bc…")` apart. Run ids hash the canonical spec text.
public struct ContentID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The 64 lowercase hexadecimal characters.
    public let hex: String

    /// Accepts exactly 64 hexadecimal characters (either case); nil otherwise.
    public init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy(Self.isHexDigit) else { return nil }
        self.hex = lowered
    }

    /// The id of a blob of `kind` holding `bytes`.
    public static func blob(kind: ArtifactKind, bytes: some DataProtocol) -> ContentID {
        let hasher = SHA256Hasher()
        hasher.update(Array(kind.name.utf8))
        hasher.update([UInt8(0)])
        hasher.update(bytes)
        return ContentID(digest: hasher.finalize())
    }

    /// The id of a run: the hash of its canonical spec text.
    public static func run(canonicalSpec: String) -> ContentID {
        ContentID(digest: SHA256Hasher.hash(Array(canonicalSpec.utf8)))
    }

    private init(digest: [UInt8]) {
        hex = Self.hexText(of: digest)
    }

    /// The SHA-256 of `bytes` as 64 lowercase hex characters, with no kind prefix: for
    /// fingerprints of files outside the store (an import records each source file's hash).
    public static func sha256Hex(of bytes: some DataProtocol) -> String {
        hexText(of: SHA256Hasher.hash(bytes))
    }

    private static func hexText(of digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    /// The first 12 characters, for tables meant for people.
    public var short: String { String(hex.prefix(12)) }

    public static func < (lhs: ContentID, rhs: ContentID) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ContentID(hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

/// A user-typed id or id prefix, validated and lowercased: 8 to 64 hex characters.
public struct IDPrefix: Sendable, Hashable, CustomStringConvertible {
    public static let minimumLength = 8
    public let text: String

    public init(_ text: String) throws(StoreError) {
        let lowered = text.lowercased()
        guard (Self.minimumLength...64).contains(lowered.utf8.count),
            lowered.utf8.allSatisfy(ContentID.isHexDigit)
        else { throw .malformedID(text) }
        self.text = lowered
    }

    public var description: String { text }
}
