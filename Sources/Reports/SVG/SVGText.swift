/// Escaping and number text for hand-written XML (SVG and HTML share it).
public enum SVGText {
    /// `text` safe inside an element or a double-quoted attribute.
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                // XML 1.0 forbids most control characters even as references; drop them.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A coordinate or length with at most two decimals.
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "svg coordinate must be finite, got \(value)")
        return ReportNumber.compact(value, maxDecimals: 2)
    }
}
