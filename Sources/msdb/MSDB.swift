import ArgumentParser
import ArtifactStore

/// The root command. Subcommands stay thin: validate, call a library type, print.
struct MSDB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msdb",
        abstract: "A reproducibility database and experiment engine for noisy-label segmentation.",
        discussion: """
            Every artifact (noisy labels, checkpoints, curves, KDE maps) is stored once in one SQLite file, \
            keyed by the SHA-256 of its content. The database is --db PATH, else $MSDB_DB, else ./msdb.sqlite.
            """,
        version: MSDBVersion.current,
        subcommands: [
            ReproduceCommand.self, ReportCommand.self, ExportCommand.self, RunCommand.self, AuditCommand.self,
            TrainCommand.self,
            IGTTCommand.self, BaselineCommand.self,
            RunsCommand.self, ShowCommand.self, DiffCommand.self,
            LineageCommand.self,
            SeedsCommand.self, TagCommand.self, CatCommand.self,
            VerifyCommand.self, GCCommand.self, MergeCommand.self, PushCommand.self, PullCommand.self,
            BenchCommand.self,
            ImageCommand.self, MetricsCommand.self, KDECommand.self, DatasetCommand.self,
            LabelCommand.self, NTMCommand.self, ServeCommand.self,
        ]
    )
}
