/// A parsed `msdb runs --filter` expression.
///
/// Grammar (keywords case-insensitive):
/// ```
/// expression := disjunction
/// disjunction := conjunction ("or" conjunction)*
/// conjunction := negation ("and" negation)*
/// negation    := "not" negation | primary
/// primary     := "(" expression ")" | field comparison
/// comparison  := ("=" | "!=" | "<" | "<=" | ">" | ">=") value
///              | "in" "[" value ("," value)* "]" | "like" string
/// field       := name ("." name)*          e.g. status, params.model, metrics.dice, params.noise.p
/// value       := number | 'text' | "text"
/// ```
/// Fields: `id`, `kind`, `status`, `seed`, `engine_version`, `created_at`, `tag` (an experiment the
/// run belongs to), `params.NAME`, `metrics.NAME`. Numbers compare as numbers, text as text.
public indirect enum RunFilter: Sendable, Equatable {
    case and(RunFilter, RunFilter)
    case or(RunFilter, RunFilter)
    case not(RunFilter)
    case compare(FilterField, FilterOperator, FilterValue)
    case among(FilterField, [FilterValue])
    case like(FilterField, String)
}

/// A field a filter or sort can name.
public enum FilterField: Sendable, Equatable, CustomStringConvertible {
    /// A column of `runs`.
    case column(String)
    /// A parameter, `params.NAME`.
    case param(String)
    /// A final metric, `metrics.NAME`.
    case metric(String)
    /// The name of an experiment the run belongs to, `tag`.
    case tag

    /// The columns of `runs` that filters may name.
    public static let columns = ["id", "kind", "status", "seed", "engine_version", "created_at"]

    public var description: String {
        switch self {
        case .column(let name): name
        case .param(let name): "params." + name
        case .metric(let name): "metrics." + name
        case .tag: "tag"
        }
    }
}

/// A comparison operator.
public enum FilterOperator: String, Sendable, Equatable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A literal in a filter.
public enum FilterValue: Sendable, Equatable {
    case number(Double)
    case text(String)
}
