import ArgumentParser

/// `msdb export`: files for other tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the reports for other tools.",
        subcommands: [ExportNotebooksCommand.self])
}
