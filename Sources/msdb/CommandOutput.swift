import ArtifactStore
import Foundation

/// A user-facing failure raised by the CLI itself (not by a library).
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Printing helpers shared by the subcommands.
enum CommandOutput {
    /// Writes `error: message` to stderr and exits with `code`.
    static func fail(_ message: String, code: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(code)
    }

    /// A line on stderr, for progress and notes that must not mix with data on stdout.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Whether stderr is a terminal (progress is drawn in place only there).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Prints a value as pretty JSON with sorted keys on stdout.
    static func printJSON(_ value: some Encodable) throws {
        print(try CommandJSON.text(value))
    }

    /// Bytes for people: 1536 → "1.5 KiB".
    static func bytes(_ count: Int) -> String { ByteCount.text(count) }

    /// Rows as left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        let widths = (0..<width).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
