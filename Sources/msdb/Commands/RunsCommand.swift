import ArgumentParser
import ArtifactStore
import Foundation

/// `msdb runs`: lists the runs in the database.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in the database, oldest first."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print a JSON array of run objects.")
    var json = false

    func run() throws {
        let runs = try global.openStore().runs()
        if json {
            try CommandOutput.printJSON(runs.map(RunJSON.init))
            return
        }
        guard !runs.isEmpty else {
            print("no runs in \(global.databasePath)")
            return
        }
        let header = ["ID", "KIND", "STATUS", "SEED", "CREATED", "METRICS"]
        let rows = runs.map { run in
            [
                run.id.short, run.kind, run.status.rawValue, run.seed.map(String.init) ?? "-", run.createdAt,
                run.metrics.keys.sorted().map {
                    "\($0)=\(run.metrics[$0].map { String(format: "%.4f", $0) } ?? "")"
                }
                .joined(separator: " "),
            ]
        }
        print(CommandOutput.table([header] + rows))
    }
}

/// A run as `msdb runs --json` prints it; the keys are part of the CLI contract (DESIGN.md).
struct RunJSON: Encodable {
    let id: String
    let kind: String
    let status: String
    let seed: Int64?
    let params: [String: ParamValue]
    let metrics: [String: Double]
    let inputs: [String: String]
    let outputs: [String: String]
    let createdAt: String
    let engineVersion: String

    init(_ run: RunRecord) {
        id = run.id.hex
        kind = run.kind
        status = run.status.rawValue
        seed = run.seed
        params = run.params
        metrics = run.metrics
        inputs = run.inputs.mapValues(\.hex)
        outputs = run.outputs.mapValues(\.hex)
        createdAt = run.createdAt
        engineVersion = run.engineVersion
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, status, seed, params, metrics, inputs, outputs
        case createdAt = "created_at"
        case engineVersion = "engine_version"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(seed, forKey: .seed)  // null when the run has no seed
        try container.encode(params, forKey: .params)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(engineVersion, forKey: .engineVersion)
    }
}
