import ArgumentParser
import ArtifactStore

/// `msdb seeds`: seeds per configuration, duplicates and missing repeats.
struct SeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seeds",
        abstract: "Seeds per configuration (a spec without its seed), duplicated seeds, missing repeats.",
        discussion: """
            Without --repeats, a configuration is expected to have as many done seeds as the best-covered \
            configuration of its kind. Exits 1 if any configuration misses repeats or repeats a seed.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The number of done seeds every configuration should have.")
    var repeats: Int?

    @Flag(help: "Print the audit as JSON.")
    var json = false

    func validate() throws {
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let store = try global.openStore()
        let audit = try store.seedAudit(expectedRepeats: repeats)
        // Runs that another database computed differently (`msdb merge` kept both results).
        let divergent = try store.divergentCopyCounts()
        if json {
            try CommandOutput.printJSON(audit.configurations.map { SeedsJSON($0, divergent: divergent) })
        } else if audit.configurations.isEmpty {
            print("no runs in \(global.databasePath)")
        } else {
            // The DIVERGENT column appears only when some run has a divergent copy.
            let showDivergent = !divergent.isEmpty
            let rows = audit.configurations.map { configuration in
                let divergentSeeds = configuration.divergentSeeds(divergent)
                return [
                    configuration.kind, configuration.seeds.map(String.init).joined(separator: " "),
                    configuration.duplicateSeeds.isEmpty
                        ? ""
                        : "duplicates: "
                            + configuration.duplicateSeeds.map(String.init).joined(separator: " "),
                    configuration.missingRepeats > 0 ? "missing \(configuration.missingRepeats)" : "",
                ]
                    + (showDivergent
                        ? [
                            divergentSeeds.isEmpty
                                ? "" : "seeds " + divergentSeeds.map(String.init).joined(separator: " ")
                        ]
                        : []) + [configuration.key]
            }
            let header =
                ["KIND", "SEEDS", "DUPLICATES", "MISSING"] + (showDivergent ? ["DIVERGENT"] : []) + [
                    "CONFIGURATION"
                ]
            print(CommandOutput.table([header] + rows))
        }
        if audit.configurations.contains(where: { $0.missingRepeats > 0 || !$0.duplicateSeeds.isEmpty }) {
            throw ExitCode.failure
        }
    }
}
