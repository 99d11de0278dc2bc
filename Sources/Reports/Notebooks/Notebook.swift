internal import CanonicalJSON

/// An nbformat 4.5 notebook: markdown and code cells with stable ids, a python3 kernelspec, and no
/// outputs. Serialised as canonical JSON (sorted keys, no whitespace), so it is byte-stable.
struct Notebook {
    enum CellKind: String {
        case markdown, code
    }

    struct Cell {
        var kind: CellKind
        /// Matches nbformat's `^[a-zA-Z0-9-_]+$`, 1...64 characters.
        var id: String
        var source: String
    }

    var cells: [Cell]

    var json: String {
        let cellValues = cells.map { cell -> JSONValue in
            precondition(
                !cell.id.isEmpty && cell.id.count <= 64
                    && cell.id.allSatisfy {
                        $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
                    },
                "notebook cell id \(cell.id) is not valid for nbformat 4.5")
            var members: [String: JSONValue] = [
                "cell_type": .string(cell.kind.rawValue),
                "id": .string(cell.id),
                "metadata": .object([:]),
                "source": .array(Self.sourceLines(cell.source).map(JSONValue.string)),
            ]
            if cell.kind == .code {
                members["execution_count"] = .null
                members["outputs"] = .array([])
            }
            return .object(members)
        }
        let document: JSONValue = .object([
            "cells": .array(cellValues),
            "metadata": .object([
                "kernelspec": .object([
                    "display_name": .string("Python 3"), "language": .string("python"),
                    "name": .string("python3"),
                ]),
                "language_info": .object(["name": .string("python")]),
            ]),
            "nbformat": .integer(4),
            "nbformat_minor": .integer(5),
        ])
        return document.canonicalText + "\n"
    }

    /// nbformat stores source as lines that keep their `\n`, the last one without.
    static func sourceLines(_ source: String) -> [String] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.enumerated().map { index, line in index == lines.count - 1 ? line : line + "\n" }
    }
}
