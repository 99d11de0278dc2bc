import ArgumentParser
import ArtifactStore
import Datasets
import Foundation
import Imaging
import Jobs

/// `msdb dataset export`: writes a stored dataset as files in the official code's layout, so other
/// tools (the authors' iGTT among them) run on exactly the pixels msdb trains on.
struct DatasetExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a dataset as PNG files in the official layout, PATH/{train,val,test}/{images,labels}.",
        discussion: """
            ID is the dataset (manifest) id, the id of the run that made it, or a prefix of 8+ characters. \
            Files are named by their place in the manifest (000.png, 001.png, …), so importing the folder \
            with --layout official gives a dataset with the same samples in the same order. Images keep \
            their channels and bit depth; binary labels are written 0/255 (the official code's \
            convention), class labels as their ids (255 ignored). The folder must not exist yet, or be \
            empty.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The dataset id, its run's id, or a prefix of either.")
    var id: String

    @Argument(help: "The folder to write (created; must be empty if it exists).")
    var path: String

    @Flag(help: "Print what was written as JSON.")
    var json = false

    func run() throws {
        let (resolved, content) = try DatasetCommand.reportingErrors {
            let catalog = DatasetCatalog(store: try global.openStore())
            let (resolved, manifest) = try catalog.resolve(id)
            return (resolved, try catalog.content(of: manifest))
        }
        try prepareFolder()
        var counts: [String: Int] = [:]
        for split in Split.allCases {
            let samples = content[split]
            counts[split.rawValue] = samples.count
            guard !samples.isEmpty else { continue }
            let digits = max(3, String(samples.count - 1).count)
            for sub in ["images", "labels"] {
                try createFolder("\(path)/\(split.rawValue)/\(sub)")
            }
            for (index, sample) in samples.enumerated() {
                let name =
                    String(repeating: "0", count: max(0, digits - String(index).count)) + "\(index).png"
                try write(sample.image, to: "\(path)/\(split.rawValue)/images/\(name)")
                if case .binary = content.task, let mask = sample.mask {
                    try write(Image(mask: mask), to: "\(path)/\(split.rawValue)/labels/\(name)")
                } else {
                    try write(Image(labels: sample.labels), to: "\(path)/\(split.rawValue)/labels/\(name)")
                }
            }
        }
        let report = DatasetExportJSON(id: resolved.hex, path: path, splits: counts)
        if json {
            try CommandOutput.printJSON(report)
        } else {
            print(
                "exported \(report.id.prefix(12)) to \(path): "
                    + Split.allCases.map { "\($0.rawValue) \(counts[$0.rawValue] ?? 0)" }.joined(
                        separator: ", "))
        }
    }

    /// Creates the target folder, refusing one that holds anything: an export never mixes with or
    /// overwrites other files.
    private func prepareFolder() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let entries = (try? manager.contentsOfDirectory(atPath: path)) ?? ["?"]
            guard entries.isEmpty else { throw CLIError("\(path) exists and is not an empty folder") }
        }
        try createFolder(path)
    }

    private func createFolder(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create \(folder): \(error.localizedDescription)")
        }
    }

    private func write(_ image: Image, to file: String) throws {
        do {
            try ImageFile.write(image, path: file)
        } catch {
            throw CLIError("cannot write \(file): \(error)")
        }
    }
}

/// `msdb dataset export --json`: the dataset id, the folder and the sample count per split.
struct DatasetExportJSON: Encodable {
    let id: String
    let path: String
    let splits: [String: Int]
}
