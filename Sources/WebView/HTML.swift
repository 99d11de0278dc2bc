internal import Reports

/// A fragment of HTML whose text parts are escaped by construction.
///
/// Interpolating a `String` (or anything else that is not `HTML`) into an `HTML` literal escapes
/// it; interpolating `HTML` keeps it as markup. Every value read from the database reaches a page
/// through this type, so a parameter such as `<script>alert(1)</script>` arrives as inert text.
/// Only `HTML(trusted:)` passes markup through, for the SVG that msdb's own renderers produce.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var markup: String

    /// Markup made by msdb's own renderers (its SVG figures escape every text they draw).
    public init(trusted markup: String) {
        self.markup = markup
    }

    public init(stringLiteral literal: String) {
        markup = literal
    }

    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    public var description: String { markup }

    /// Joins fragments with an optional separator.
    public static func join(_ parts: some Sequence<HTML>, separator: HTML = "") -> HTML {
        HTML(trusted: parts.map(\.markup).joined(separator: separator.markup))
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.markup + rhs.markup) }

    public static func += (lhs: inout HTML, rhs: HTML) { lhs.markup += rhs.markup }

    /// `text` with `& < > " '` replaced by entities (and XML's forbidden control characters
    /// dropped): safe in element content and in quoted attribute values. The SVG figures escape
    /// with the same function.
    public static func escape(_ text: String) -> String { SVGText.escape(text) }

    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { markup += literal }

        public mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }

        public mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            markup += HTML.escape(value.description)
        }
    }
}
