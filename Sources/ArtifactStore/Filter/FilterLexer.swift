/// A token of the filter language with the 1-based column where it starts.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case number(Double)
        case text(String)
        case symbol(String)

        var quoted: String {
            switch self {
            case .word(let word): "'\(word)'"
            case .number(let number): "number \(number)"
            case .text(let text): "text '\(text)'"
            case .symbol(let symbol): "'\(symbol)'"
            }
        }
    }

    let kind: Kind
    let column: Int
}

/// Splits filter text into tokens. Text literals take single or double quotes; a quote inside is
/// written twice (`'it''s'`), as in SQL.
enum FilterLexer {
    static func tokens(of text: String) throws(FilterError) -> [FilterToken] {
        let characters = Array(text)
        var tokens: [FilterToken] = []
        var position = 0
        while position < characters.count {
            let character = characters[position]
            let column = position + 1
            if character.isWhitespace {
                position += 1
            } else if character.isLetter || character == "_" {
                var end = position
                while end < characters.count
                    && (characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                        || characters[end] == "-")
                {
                    end += 1
                }
                tokens.append(FilterToken(kind: .word(String(characters[position..<end])), column: column))
                position = end
            } else if character.isNumber
                || (character == "-" && position + 1 < characters.count && characters[position + 1].isNumber)
            {
                var end = position + 1
                while end < characters.count
                    && (characters[end].isNumber || characters[end] == "." || characters[end] == "e"
                        || characters[end] == "E"
                        || ((characters[end] == "-" || characters[end] == "+")
                            && (characters[end - 1] == "e" || characters[end - 1] == "E")))
                {
                    end += 1
                }
                let literal = String(characters[position..<end])
                guard let number = Double(literal), number.isFinite else {
                    throw FilterError("'\(literal)' is not a number", column: column)
                }
                tokens.append(FilterToken(kind: .number(number), column: column))
                position = end
            } else if character == "'" || character == "\"" {
                var value = ""
                var end = position + 1
                var closed = false
                while end < characters.count {
                    if characters[end] == character {
                        if end + 1 < characters.count && characters[end + 1] == character {
                            value.append(character)
                            end += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    value.append(characters[end])
                    end += 1
                }
                guard closed else {
                    throw FilterError("unterminated text starting with \(character)", column: column)
                }
                tokens.append(FilterToken(kind: .text(value), column: column))
                position = end + 1
            } else if let symbol = ["<=", ">=", "!="].first(where: { matches($0, characters, at: position) })
            {
                tokens.append(FilterToken(kind: .symbol(symbol), column: column))
                position += 2
            } else if "=<>()[],.".contains(character) {
                tokens.append(FilterToken(kind: .symbol(String(character)), column: column))
                position += 1
            } else {
                throw FilterError("unexpected character '\(character)'", column: column)
            }
        }
        return tokens
    }

    private static func matches(_ symbol: String, _ characters: [Character], at position: Int) -> Bool {
        let wanted = Array(symbol)
        guard position + wanted.count <= characters.count else { return false }
        return Array(characters[position..<position + wanted.count]) == wanted
    }
}
