import ArgumentParser

/// `msdb reproduce`: the main job. The engine and report layers it drives are not built yet, so
/// it says so plainly instead of writing anything.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Rebuild the paper's tables and figures (needs the experiment engine; not built yet)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "smoke, quick or full.")
    var profile = "quick"

    func validate() throws {
        guard ["smoke", "quick", "full"].contains(profile) else {
            throw ValidationError("unknown profile '\(profile)': expected smoke, quick or full")
        }
    }

    func run() throws {
        _ = try global.openStore()
        throw CLIError(
            "reproduce needs the experiment engine and the report generator, which this build of msdb "
                + "does not have yet; the database at \(global.databasePath) is ready for them")
    }
}
