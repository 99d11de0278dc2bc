import ArgumentParser
import Datasets
import Imaging
import Jobs
import Reproduction
import Runs

/// `msdb dataset`: synthesise, import, list and describe datasets.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Synthesise, import, list and describe datasets.",
        discussion: """
            A dataset is a cached run of kind 'dataset' whose outputs are every image, every label and a \
            canonical-JSON manifest (the 'dataset' artifact). The same generator, sizes and seed, or the same \
            files, give the same ids and are answered from the database.
            """,
        subcommands: [
            DatasetSynthCommand.self, DatasetImportCommand.self, DatasetListCommand.self,
            DatasetStatsCommand.self, DatasetExportCommand.self,
        ]
    )

    /// Runs `body`, turning the library errors of the dataset layers into one-line CLI errors.
    static func reportingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatasetsError {
            throw CLIError(error.description)
        } catch let error as RunError {
            throw CLIError(error.description)
        } catch let error as ImagingError {
            throw CLIError(error.description)
        }
    }
}
