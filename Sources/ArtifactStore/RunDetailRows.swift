import GRDB

// The rows of a run's detail tables as GRDB records (internal: GRDB stays out of the module's
// interface). The one place that says how a stored parameter, metric or lineage row becomes part
// of a `RunRecord`, for one run's lookups and for the whole-table scans alike.

/// A row of `run_params`: text or number, never both (the schema checks it).
struct ParamRow: FetchableRecord, Decodable {
    var runID: String
    var name: String
    var text: String?
    var number: Double?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case name
        case text = "value_text"
        case number = "value_num"
    }

    var value: ParamValue { number.map(ParamValue.number) ?? .text(text ?? "") }
}

/// A row of `run_metrics`.
struct MetricRow: FetchableRecord, Decodable {
    var runID: String
    var name: String
    var value: Double

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case name, value
    }
}

/// A row of `lineage`: an input or output artifact of a run, by role.
struct LineageRow: FetchableRecord, Decodable {
    var runID: String
    var direction: String
    var role: String
    var artifactID: String

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case direction, role
        case artifactID = "artifact_id"
    }
}

extension RunRecord {
    mutating func add(_ row: ParamRow) {
        params[row.name] = row.value
    }

    mutating func add(_ row: MetricRow) {
        metrics[row.name] = row.value
    }

    /// Adds a lineage row; one whose artifact id is malformed is skipped (`verify` reports it).
    mutating func add(_ row: LineageRow) {
        guard let artifact = ContentID(hex: row.artifactID) else { return }
        if row.direction == "input" {
            inputs[row.role] = artifact
        } else {
            outputs[row.role] = artifact
        }
    }
}
