import Foundation

/// Timestamps as stored: UTC ISO 8601 with milliseconds (`2026-11-22T02:30:00.123Z`), which sort
/// as text in time order.
enum Timestamp {
    static func now() -> String { format(Date()) }

    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = time_t(milliseconds / 1000)
        var parts = tm()
        var secondsCopy = seconds
        gmtime_r(&secondsCopy, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
            Int(milliseconds % 1000))
    }
}
