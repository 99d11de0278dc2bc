import ArgumentParser
import ArtifactStore

/// `msdb tag`: named experiments (groups of runs).
struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Group runs under a name (an experiment), list groups, or remove runs from one.",
        discussion: "Tagged runs can be selected with `msdb runs --filter \"tag = 'NAME'\"`.",
        subcommands: [TagAddCommand.self, TagRemoveCommand.self, TagListCommand.self],
        defaultSubcommand: TagListCommand.self
    )
}

struct TagAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add runs to an experiment.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The experiment's name.")
    var name: String

    @Argument(help: "Run ids or 8+ character prefixes.")
    var runs: [String]

    @Option(help: "A description, kept if the experiment has none yet.")
    var description = ""

    func validate() throws {
        if runs.isEmpty { throw ValidationError("name at least one run") }
    }

    func run() throws {
        let store = try global.openStore()
        let ids = try runs.map { try store.resolveRun(IDPrefix($0)) }
        try store.tag(ids, as: name, description: description)
        print("tagged \(ids.count) run\(ids.count == 1 ? "" : "s") as '\(name)'")
    }
}

struct TagRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove runs from an experiment (the runs stay).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The experiment's name.")
    var name: String

    @Argument(help: "Run ids or 8+ character prefixes.")
    var runs: [String]

    func run() throws {
        let store = try global.openStore()
        try store.untag(try runs.map { try store.resolveRun(IDPrefix($0)) }, from: name)
    }
}

struct TagListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List experiments and their runs.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print a JSON array of {name, description, created_at, runs}.")
    var json = false

    func run() throws {
        let experiments = try global.openStore().experiments()
        if json {
            try CommandOutput.printJSON(experiments.map(ExperimentJSON.init))
        } else if experiments.isEmpty {
            print("no experiments in \(global.databasePath)")
        } else {
            print(
                CommandOutput.table(
                    [["NAME", "RUNS", "DESCRIPTION"]]
                        + experiments.map { [$0.name, String($0.runs.count), $0.description] }))
        }
    }
}

/// An experiment as `msdb tag list --json` prints it.
struct ExperimentJSON: Encodable {
    let name: String
    let description: String
    let createdAt: String
    let runs: [String]

    init(_ experiment: Experiment) {
        name = experiment.name
        description = experiment.description
        createdAt = experiment.createdAt
        runs = experiment.runs.map(\.hex)
    }

    enum CodingKeys: String, CodingKey {
        case name, description, runs
        case createdAt = "created_at"
    }
}
