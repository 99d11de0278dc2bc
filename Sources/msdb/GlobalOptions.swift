import ArgumentParser
import ArtifactStore
import Foundation

/// Options every database command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $MSDB_DB, else ./msdb.sqlite).")
    var db: String?

    /// The path to open: `--db`, else `$MSDB_DB`, else `./msdb.sqlite`.
    var databasePath: String {
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MSDB_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "msdb.sqlite"
    }

    /// Opens the database; it is closed when the command ends (`OpenStores`).
    func openStore() throws -> Store {
        try Self.openStore(path: databasePath)
    }

    /// Opens the database at `path` for this command, warning on stderr when it lives on a
    /// network file system (`NetworkFileSystem`).
    static func openStore(path: String) throws -> Store {
        let store = OpenStores.register(try Store(path: path))
        if let fileSystem = NetworkFileSystem.holding(path: path) {
            CommandOutput.note(NetworkFileSystem.warning(path: path, fileSystem: fileSystem))
        }
        return store
    }

    /// The command `arguments` (the process's, program name first) ask for. `--db PATH` may stand
    /// before the subcommand (see `hoistingDatabaseOption`); a command that opens no database
    /// (`image`, `metrics`, `bench store`, …) ignores it, so `msdb --db X` works before any command.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        let hoisted = hoistingDatabaseOption(arguments)
        do {
            return try MSDB.parseAsRoot(hoisted)
        } catch {
            let stripped = removingDatabaseOption(hoisted)
            guard stripped != hoisted, MSDB.message(for: error).contains("'--db'") else { throw error }
            // The command takes no --db: parse without it, so any other mistake is the one reported.
            return try MSDB.parseAsRoot(stripped)
        }
    }

    /// `arguments` without any `--db PATH` or `--db=PATH`.
    static func removingDatabaseOption(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext {
                skipNext = false
            } else if argument == "--db" {
                skipNext = true
            } else if !argument.hasPrefix("--db=") {
                result.append(argument)
            }
        }
        return result
    }

    /// Lets `--db PATH` stand before the subcommand (`msdb --db x.sqlite runs`), as users of git
    /// and sqlite3 expect, by moving it behind the subcommand path for the parser.
    static func hoistingDatabaseOption(_ arguments: [String]) -> [String] {
        var rest = Array(arguments.dropFirst())
        var moved: [String] = []
        while let first = rest.first, first == "--db" || first.hasPrefix("--db=") {
            rest.removeFirst()
            moved.append(first)
            if first == "--db", let value = rest.first {
                rest.removeFirst()
                moved.append(value)
            }
        }
        guard !moved.isEmpty else { return rest }
        // Insert after the subcommand names (leading words that are not options).
        let commandWords = rest.prefix { !$0.hasPrefix("-") }.count
        let insertAt = min(commandWords, Self.subcommandDepth(of: Array(rest.prefix(commandWords))))
        rest.insert(contentsOf: moved, at: insertAt)
        return rest
    }

    /// How many leading words name subcommands (`bench store` → 2, `runs` → 1).
    private static func subcommandDepth(of words: [String]) -> Int {
        var command: any ParsableCommand.Type = MSDB.self
        var depth = 0
        for word in words {
            guard
                let next = command.configuration.subcommands.first(where: {
                    $0.configuration.commandName == word
                })
            else { break }
            command = next
            depth += 1
        }
        return depth
    }
}
