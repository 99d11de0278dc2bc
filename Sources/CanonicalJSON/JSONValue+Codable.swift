import Foundation

/// Bridges `Codable` types (experiment specs, records) to `JSONValue`, so a spec struct gets its
/// canonical text through the same writer as parsed JSON.
extension JSONValue {
    /// Encodes `value` with Foundation's encoder and reads the result back as a `JSONValue`.
    public init(encoding value: some Encodable) throws(CanonicalJSONError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(value)
        } catch {
            throw .coding(String(describing: error))
        }
        self = try JSONParser.parse(Array(data))
    }

    /// Decodes this value into a `Decodable` type.
    public func decode<T: Decodable>(_ type: T.Type) throws(CanonicalJSONError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(canonicalBytes))
        } catch {
            throw .coding(String(describing: error))
        }
    }
}
