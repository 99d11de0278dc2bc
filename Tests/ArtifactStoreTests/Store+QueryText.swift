import ArtifactStore

extension Store {
    /// The runs the query language's `filter` and `sort` select, parsed as the CLI parses them
    /// (against the names this database has).
    func runs(filter: String?, sort: String? = nil, limit: Int? = nil) throws -> [RunRecord] {
        try runs(RunQuery(filter: filter, sort: sort, limit: limit, names: filterNames()))
    }
}
