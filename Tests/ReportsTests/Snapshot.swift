import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Snapshot files under `Tests/ReportsTests/Snapshots`, compared byte for byte.
///
/// They are re-recorded only on purpose: run the tests with `MSDB_RECORD_SNAPSHOTS=1` and review the
/// diff. Otherwise a missing or different snapshot fails the test.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["MSDB_RECORD_SNAPSHOTS"] == "1" }

    /// Checks `bytes` against the snapshot `name` (a path inside the snapshot directory).
    static func check(_ bytes: [UInt8], named name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            return
        }
        guard let stored = FileManager.default.contents(atPath: url.path) else {
            Issue.record(
                "snapshot \(name) is missing; record it with MSDB_RECORD_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
            return
        }
        if [UInt8](stored) != bytes {
            Issue.record(
                Comment(
                    rawValue: "output differs from snapshot \(name) (\(stored.count) stored bytes, "
                        + "\(bytes.count) new); if intended, re-record with MSDB_RECORD_SNAPSHOTS=1"),
                sourceLocation: sourceLocation)
        }
    }

    /// Checks text (UTF-8) against the snapshot `name`.
    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        try check(Array(text.utf8), named: name, sourceLocation: sourceLocation)
    }
}

/// Parses XML with Foundation's parser and keeps what the tests look at.
final class XMLProbe: NSObject, XMLParserDelegate {
    private(set) var elements: [String] = []
    private(set) var attributes: [[String: String]] = []
    private(set) var text = ""

    /// Parses `document`; returns the parser error, or nil for well-formed XML.
    func parse(_ document: String) -> (any Error)? {
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        return parser.parse() ? nil : (parser.parserError ?? CocoaError(.coderReadCorrupt))
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(elementName)
        attributes.append(attributeDict)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    /// The `id` attributes of elements named `name`.
    func ids(of name: String) -> [String] {
        zip(elements, attributes).filter { $0.0 == name }.compactMap { $0.1["id"] }
    }
}
