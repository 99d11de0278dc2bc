public import CanonicalJSON

/// Encodes a `JSONValue` as the JSON it is (not as a string holding JSON).
public struct JSONText: Encodable, Sendable {
    public let value: JSONValue

    public init(_ value: JSONValue) {
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .integer(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .number(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(JSONText(element)) }
        case .object(let members):
            var container = encoder.container(keyedBy: DynamicKey.self)
            for (key, member) in members { try container.encode(JSONText(member), forKey: DynamicKey(key)) }
        }
    }

    public struct DynamicKey: CodingKey {
        public let stringValue: String
        public var intValue: Int? { nil }

        public init(_ key: String) { stringValue = key }
        public init?(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }
}
