import Foundation

/// Byte counts for people, as the CLI and the web view print blob sizes.
public enum ByteCount {
    /// 1536 → "1.5 KiB"; below 1 KiB, "512 B".
    public static func text(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}
