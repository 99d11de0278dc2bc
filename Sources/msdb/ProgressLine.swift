import Foundation

/// A progress counter on stderr: redrawn in place on a terminal, silent otherwise (so logs and
/// pipes stay clean), and throttled to a few updates a second.
final class ProgressLine: @unchecked Sendable {
    // Mutable state is touched only by `update` and `finish`, which callers serialise.
    private let label: String
    private let enabled = CommandOutput.stderrIsTerminal
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String) {
        self.label = label
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
        lastDraw = Date()
        drawn = true
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total)".utf8))
    }

    /// Redraws the line with free text after the label (throttled unless `force`).
    func show(_ text: String, force: Bool = false) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 || force else { return }
        lastDraw = Date()
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(text)".utf8))
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
