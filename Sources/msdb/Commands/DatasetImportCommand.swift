import ArgumentParser
import Datasets
import Foundation
import Jobs
import RandomStreams
import Reproduction
import Runs

/// `msdb dataset import`: stores a folder of real images and masks as a dataset.
struct DatasetImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import a folder of images and masks (PNG or TIFF, 8- or 16-bit; JPEG for voc) as a dataset.",
        discussion: """
            Layouts: 'official' is the paper's code's PATH/{train,val,test}/{images,labels}; 'pairs' is \
            PATH/images with PATH/masks (or PATH/labels), all in one split (--split). Images and masks pair \
            by file stem. Masks are binary (0 and 1, 255 or 65535) unless --multiclass.

            'dsb2018' is the 2018 Data Science Bowl's stage-1 folder (BBBC038): PATH/<id>/images/<id>.png \
            and PATH/<id>/masks/*.png, one binary mask per nucleus, united into one foreground. Images are \
            reduced to gray (alpha dropped; colour to Pillow's luma, (19595 R + 38470 G + 7471 B + 32768) \
            >> 16, which keeps gray stored as RGB exact). Samples are split by id: the ids, sorted, are \
            shuffled from --split-seed and cut by --fractions, so the tiles of one sample share a split. \
            Each image is then cut into --tile×--tile tiles on a grid from its top-left corner; border strips \
            narrower than a tile are dropped and an image smaller than a tile is skipped (both reported).

            'cityscapes' is PATH/leftImg8bit/{train,val}/<city>/<name>_leftImg8bit.png with \
            PATH/gtFine/{train,val}/<city>/<name>_gtFine_labelIds.png. Cityscapes' train becomes msdb's \
            train split and its val msdb's test split; msdb's val stays empty, and the unlabelled test \
            folder is skipped (reported as skipped_splits). Label ids map to the 19 train ids of the \
            official table (road 7 -> 0 ... bicycle 33 -> 18); every other id 0-33 is 255, ignored, and an \
            id above 33 is an error. Images stay RGB. --scale 1/k shrinks both by a whole factor k: each \
            image pixel is the mean of a k x k block rounded half up (Pillow's reduce, OpenCV's \
            INTER_AREA), each label the block's pixel (k x + floor(k/2), k y + floor(k/2)); the output \
            is floor(W/k) x floor(H/k).

            'voc' is PASCAL VOC 2012: PATH/JPEGImages/<id>.jpg, PATH/SegmentationClass/<id>.png (palette \
            indices 0-20 are the classes, 255 the ignored border; 21-254 is an error) and the id lists \
            PATH/ImageSets/Segmentation/{train,val}.txt. train becomes msdb's train split and val its test \
            split (msdb's val stays empty); JPEGs no list names are counted, not imported. Images are RGB \
            (gray JPEGs repeated into three channels). VOC's images differ in size, so each is placed at \
            the top-left of a --pad-to × --pad-to canvas (default 512, which holds every VOC image whole): \
            image 0 and labels 255 (ignored) outside it; a larger image keeps its top-left part and is \
            reported as cropped.

            Every file is hashed, so importing an unchanged folder with the same options again is \
            answered from the database and gives the same dataset id.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder to import.")
    var path: String

    @Option(help: "The folder's layout: \(ImportLayout.allCases.map(\.rawValue).joined(separator: ", ")).")
    var layout: ImportLayout = .official

    @Option(help: "The dataset's name (default: the folder's name).")
    var name: String?

    @Option(help: "The split of a 'pairs' folder: train, val or test.")
    var split: String = Split.test.rawValue

    @Option(help: "dsb2018: the tile side in pixels (default \(Tiling.defaultSize)).")
    var tile: Int?

    @Option(
        name: .customLong("split-seed"), help: "dsb2018: the seed that orders the sample ids (default 0).")
    var splitSeed: Seed?

    @Option(help: "dsb2018: the train,val,test fractions, summing to 1 (default 0.7,0.1,0.2).")
    var fractions: String?

    @Option(help: "cityscapes: shrink images and labels to 1/k of their size (1, 0.5, 0.25, ...; default 1).")
    var scale: Double?

    @Option(
        name: .customLong("pad-to"),
        help:
            "voc: pad (or crop) every image to N×N from its top-left corner, labels 255 outside (default 512)."
    )
    var padTo: Int?

    @Flag(help: "Labels are class ids (0-254, 255 ignored) instead of binary masks.")
    var multiclass = false

    @Flag(help: "Re-import even if the database holds this import.")
    var force = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard Split(rawValue: split) != nil else {
            throw ValidationError("unknown split '\(split)': expected train, val or test")
        }
        if layout != .dsb2018, tile != nil || splitSeed != nil || fractions != nil {
            throw ValidationError("--tile, --split-seed and --fractions apply to the dsb2018 layout only")
        }
        if layout != .voc, padTo != nil {
            throw ValidationError("--pad-to applies to the voc layout only")
        }
        if layout != .cityscapes, scale != nil {
            throw ValidationError("--scale applies to the cityscapes layout only")
        }
        if layout == .dsb2018, multiclass {
            throw ValidationError("dsb2018 masks are binary; --multiclass does not apply")
        }
    }

    func run() throws {
        let split = Split(rawValue: split) ?? .test
        let progress = ProgressLine(label: "import")
        let outcome = try DatasetCommand.reportingErrors {
            let folder = try FolderImport.scan(
                path: path, layout: layout, binary: !multiclass, split: split,
                sampleSplit: try sampleSplit(),
                tiling: try tile.map { size throws(DatasetsError) in
                    try Tiling(size: size)
                },
                downscale: try scale.map { factor throws(DatasetsError) in
                    try Downscale(scale: factor)
                },
                padding: try padTo.map { size throws(DatasetsError) in try Padding(size: size) })
            let datasetName = name ?? URL(fileURLWithPath: folder.root).lastPathComponent
            return try DatasetJob(store: global.openStore()).importFolder(
                folder, name: datasetName, split: split, force: force, progress: progress.update)
        }
        progress.finish()
        try DatasetResultJSON(outcome).print(json: json)
    }

    /// The dsb2018 split from --fractions and --split-seed, or nil (the layout's default).
    private func sampleSplit() throws -> SampleSplit? {
        guard layout == .dsb2018, fractions != nil || splitSeed != nil else { return nil }
        var parts = SampleSplit.defaultFractions
        if let fractions {
            let numbers = fractions.split(separator: ",", omittingEmptySubsequences: false).map {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            guard numbers.count == 3, numbers.allSatisfy({ $0 != nil }) else {
                throw DatasetsError.invalidOption(
                    name: "fractions", reason: "'\(fractions)' is not three comma-separated numbers")
            }
            parts = numbers.compactMap { $0 }
        }
        return try SampleSplit(train: parts[0], val: parts[1], test: parts[2], seed: splitSeed ?? 0)
    }
}
