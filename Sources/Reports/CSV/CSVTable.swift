import Foundation

/// An RFC 4180 CSV document: a header row and data rows, rendered with `\n` line ends.
///
/// A field is quoted only when it must be: when it contains a comma, a double quote, a carriage
/// return or a line feed (quotes inside are doubled). Every line, the last included, ends in `\n`.
public struct CSVTable: Sendable, Equatable {
    /// The column names, in order.
    public let header: [String]
    /// The data rows; each has exactly `header.count` fields.
    public let rows: [[String]]

    /// A table from raw fields; throws `rowWidth` when a row does not match the header.
    public init(header: [String], rows: [[String]]) throws {
        for (index, row) in rows.enumerated() where row.count != header.count {
            throw ReportsError.rowWidth(row: index + 1, expected: header.count, got: row.count)
        }
        self.header = header
        self.rows = rows
    }

    /// A table of typed report rows, in the order given.
    public init<Record: CSVRecord>(records: [Record]) {
        header = Record.csvHeader
        rows = records.map { record in
            let fields = record.csvFields
            precondition(
                fields.count == Record.csvHeader.count,
                "\(Record.self) gives \(fields.count) fields for \(Record.csvHeader.count) columns")
            return fields
        }
    }

    /// The CSV text.
    public var text: String {
        var output = ""
        for line in [header] + rows {
            output += line.map(Self.escape).joined(separator: ",")
            output += "\n"
        }
        return output
    }

    /// One field as RFC 4180 wants it: bare unless it holds `,` `"` CR or LF.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.contains {
            $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
        }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A report row with a fixed column set: the header is part of the type, so a CSV file's columns
/// cannot drift from the documented list (the TablesAndFigures article).
public protocol CSVRecord: Sendable {
    /// The column names, exactly as the TablesAndFigures article lists them.
    static var csvHeader: [String] { get }
    /// This row's fields, formatted, in header order.
    var csvFields: [String] { get }
}
