import ArgumentParser
import Datasets
import Foundation
import Jobs
import Reproduction
import Runs

/// `msdb dataset import`: stores a folder of real images and masks as a dataset.
struct DatasetImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a folder of images and masks (PNG or TIFF, 8- or 16-bit) as a dataset.",
        discussion: """
            Layouts: 'official' is the paper's code's PATH/{train,val,test}/{images,labels}; 'pairs' is \
            PATH/images with PATH/masks (or PATH/labels), all in one split (--split). Images and masks pair \
            by file stem. Masks are binary (0 and 1, 255 or 65535) unless --multiclass. Every file is \
            hashed, so importing an unchanged folder again is answered from the database.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder to import.")
    var path: String

    @Option(help: "pairs or official.")
    var layout: String = ImportLayout.official.rawValue

    @Option(help: "The dataset's name (default: the folder's name).")
    var name: String?

    @Option(help: "The split of a 'pairs' folder: train, val or test.")
    var split: String = Split.test.rawValue

    @Flag(help: "Labels are class ids (0-254, 255 ignored) instead of binary masks.")
    var multiclass = false

    @Flag(help: "Re-import even if the database holds this import.")
    var force = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard ImportLayout(rawValue: layout) != nil else {
            throw ValidationError("unknown layout '\(layout)': expected pairs or official")
        }
        guard Split(rawValue: split) != nil else {
            throw ValidationError("unknown split '\(split)': expected train, val or test")
        }
    }

    func run() throws {
        let layout = ImportLayout(rawValue: layout) ?? .official
        let split = Split(rawValue: split) ?? .test
        let progress = ProgressLine(label: "import")
        let outcome = try DatasetCommand.reportingErrors {
            let folder = try FolderImport.scan(path: path, layout: layout, binary: !multiclass, split: split)
            let datasetName = name ?? URL(fileURLWithPath: folder.root).lastPathComponent
            return try DatasetJob(store: global.openStore()).importFolder(
                folder, name: datasetName, split: split, force: force, progress: progress.update)
        }
        progress.finish()
        try DatasetResultJSON(outcome).print(json: json)
    }
}
