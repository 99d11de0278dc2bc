/// A filter or sort key that cannot be used, with the 1-based column where the problem starts.
public struct FilterError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public let column: Int

    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "invalid filter at column \(column): \(message)" }
}
