/// Which runs to list and in what order: a parsed filter, a sort key, a limit and an offset (for
/// pages). The query
/// language's text is parsed here, in the query layer; the store takes the parsed values
/// (`Store.runs(_:)`).
public struct RunQuery: Sendable, Equatable {
    public var filter: RunFilter?
    public var sort: RunSort?
    public var limit: Int?
    /// How many runs of the ordered selection to skip before the first one returned.
    public var offset: Int?

    public init(filter: RunFilter? = nil, sort: RunSort? = nil, limit: Int? = nil, offset: Int? = nil) {
        self.filter = filter
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }

    /// Parses a filter expression (see `RunFilter` for the language) and a sort key (a field, or
    /// `-field` for descending). With `names` (`Store.filterNames()`), a parameter or metric that no
    /// run has is an error, not an empty result.
    ///
    /// - Throws: `FilterError` naming the column where the problem starts.
    public init(
        filter: String?, sort: String? = nil, limit: Int? = nil, offset: Int? = nil,
        names: FilterParser.KnownNames? = nil
    ) throws(FilterError) {
        self.init(limit: limit, offset: offset)
        if let filter { self.filter = try FilterParser.parse(filter, known: names) }
        if let sort {
            let descending = sort.hasPrefix("-")
            let field = try FilterParser.parseField(
                descending ? String(sort.dropFirst()) : sort, known: names)
            self.sort = RunSort(field: field, descending: descending)
        }
    }

    /// The runs that finished.
    public static let done = RunQuery(
        filter: .compare(.column("status"), .equal, .text(RunStatus.done.rawValue)))
}

/// A sort key: a field, ascending or descending; runs without the field come last.
public struct RunSort: Sendable, Equatable {
    public var field: FilterField
    public var descending: Bool

    public init(field: FilterField, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}
