/// The kind of an artifact: part of its id, so the same bytes stored as a `label` and as an
/// `image` are two artifacts. Names are `[a-z][a-z0-9_-]*`, at most 32 characters.
public struct ArtifactKind: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) throws(StoreError) {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            bytes.count <= 32,
            bytes.allSatisfy(Self.isAllowed)
        else { throw .malformedKind(name) }
        self.name = name
    }

    private init(known name: String) { self.name = name }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(name)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    // The kinds msdb writes (the Architecture article lists them); their byte encodings are documented in schema/README.md.
    public static let dataset = ArtifactKind(known: "dataset")
    public static let image = ArtifactKind(known: "image")
    public static let label = ArtifactKind(known: "label")
    public static let checkpoint = ArtifactKind(known: "checkpoint")
    public static let curve = ArtifactKind(known: "curve")
    public static let kde = ArtifactKind(known: "kde")
    public static let prediction = ArtifactKind(known: "prediction")
    public static let table = ArtifactKind(known: "table")
    public static let figure = ArtifactKind(known: "figure")
}
