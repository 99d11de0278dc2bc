/// Formats a finite Double the way ECMAScript's `Number.prototype.toString` does, which is the
/// number format RFC 8785 prescribes for canonical JSON.
///
/// The digits come from Swift's `description`, which prints the shortest decimal that reads back
/// as the same Double; only the layout (where the point goes, when to use an exponent) is
/// rearranged here.
enum CanonicalNumber {
    static func format(_ value: Double) -> String {
        precondition(value.isFinite, "canonical JSON has no form for \(value)")
        if value == 0 { return "0" }  // both +0 and -0
        let (digits, pointPosition) = shortestDigits(of: value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + layout(digits: digits, pointPosition: pointPosition)
    }

    /// The shortest round-trip digits of a positive finite value, without leading or trailing
    /// zeros, and `n` such that value = 0.d₁d₂… × 10ⁿ.
    static func shortestDigits(of value: Double) -> (digits: [Character], pointPosition: Int) {
        let text = value.description  // e.g. "0.001", "123.45", "1e-07", "1.5e+300"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let integerPart = mantissa.prefix { $0 != "." }
        let fractionPart = mantissa.drop { $0 != "." }.dropFirst()
        var digits = Array(integerPart) + Array(fractionPart)
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        precondition(!digits.isEmpty, "no significant digits in \(text)")
        return (digits, pointPosition)
    }

    /// ECMA-262 Number::toString steps 6–10 for digits d₁…d_k and point position n.
    static func layout(digits: [Character], pointPosition n: Int) -> String {
        let k = digits.count
        if k <= n && n <= 21 {
            return String(digits) + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(digits[0..<n]) + "." + String(digits[n...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + String(digits)
        }
        let exponent = n - 1
        let exponentText = (exponent < 0 ? "-" : "+") + String(exponent.magnitude)
        if k == 1 { return String(digits[0]) + "e" + exponentText }
        return String(digits[0]) + "." + String(digits[1...]) + "e" + exponentText
    }
}
